"""Every main page at 360 px, signed out and as each demo role: no sideways scrolling.

The addresses come from the demo data (one provrum in each state, its plan, work,
report and dissemination pages, the published result, meetings, networks, surveys
and the office's pages). Each role has one browser context; a page that sends the
visitor elsewhere (to sign in, or a refusal) is checked where it lands, once.
With NARROW_SCREENSHOTS set, a screenshot of every page goes there, for people to look
at; otherwise only a page that does not fit gets one, in the test's tmp dir.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from reglab.meetings.models import Meeting, Network
from reglab.provrum.models import FinalReport, Provrum, State
from reglab.surveys.models import Survey
from tests.browser.test_pages import DEMO_PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
ROLES = {
    "signed-out": None,
    "office": "kansli@reglab.example",
    # The leader of the running demo provrum: it writes the final report.
    "member": "region-gotland@reglab.example",
    "partner": "nordregio@reglab.example",
}

# The elements that stick out of the viewport, each named by a short selector path.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => {
    let part = el.tagName.toLowerCase();
    if (el.id) return part + "#" + el.id;
    const classes = [...el.classList].slice(0, 2);
    return part + (classes.length ? "." + classes.join(".") : "");
  };
  const path = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4;
         node = node.parentElement) {
      parts.unshift(name(node));
      if (node.id) break;
    }
    return parts.join(" > ");
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      // Report the outermost offender only.
      if (!found.some((outer) => outer.el.contains(el))) {
        const span = Math.round(box.left) + "–" + Math.round(box.right) + " px";
        found.push({el, text: path(el) + " (" + span + ")"});
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, offenders: found.map((f) => f.text)};
}"""


# Pages without an object in their address.
PLAIN = [
    "core:home",
    "organisations:list",
    "provrum:board",
    "provrum:create",
    "provrum:queue",
    "provrum:format_rules",
    "provrum:calendar",
    "results:index",
    "results:newsletter",
    "meetings:list",
    "meetings:networks",
    "live:join",
    "surveys:list",
    "todo:inbox",
    "accounts:affiliation_queue",
    "evaluation:dashboard",
    "notifications:list",
    "notifications:settings",
    "accounts:profile",
    "privacy:my_data",
    "apitokens:list",
    "account_login",
    "account_signup",
]
# A provrum's own pages, each for the state in which it is in use.
PROVRUM_PAGES = [
    ("discussion", State.INTEREST),
    ("history", State.RUNNING),
    ("plan", State.GO_AHEAD),
    ("plan", State.RUNNING),
    ("plan_versions", State.GO_AHEAD),
    ("running", State.RUNNING),
    ("report", State.RUNNING),
    ("report", State.REPORTED),
    ("dissemination", State.REPORTED),
    ("dissemination", State.CLOSED),
    ("survey", State.CLOSED),
]


def demo_paths():
    """The main page types, as addresses in the demo data."""
    board = {provrum.state: provrum.pk for provrum in Provrum.objects.order_by("pk")}
    report = FinalReport.objects.filter(status="approved").first()
    meeting = Meeting.objects.order_by("pk").first().pk
    survey = Survey.objects.order_by("pk").first().pk
    with_objects = [
        ("organisations:detail", {"slug": "region-gotland"}),
        *(("provrum:detail", {"pk": pk}) for pk in board.values()),
        *((f"provrum:{name}", {"pk": board[state]}) for name, state in PROVRUM_PAGES),
        ("results:detail", {"pk": report.provrum_id}),
        ("meetings:detail", {"pk": meeting}),
        ("meetings:host", {"pk": meeting}),
        ("meetings:network", {"slug": Network.objects.order_by("pk").first().slug}),
        ("surveys:detail", {"pk": survey}),
        ("surveys:results", {"pk": survey}),
    ]
    paths = [reverse(name) for name in PLAIN]
    paths += [reverse(name, kwargs=kwargs) for name, kwargs in with_objects]
    return list(dict.fromkeys(paths))


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def test_every_main_page_fits_a_phone(browser, live_server, settings, tmp_path):
    settings.DEMO_MODE = True
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
    paths = demo_paths()
    every_page = bool(os.environ.get("NARROW_SCREENSHOTS"))
    folder = Path(os.environ.get("NARROW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    failures, seen = [], 0
    for role, email in ROLES.items():
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(10_000)
        if email:
            sign_in(page, live_server, email)
        landed = set()
        for path in paths:
            page.goto(live_server.url + path)
            where = page.url.removeprefix(live_server.url).split("?")[0]
            if where in landed:
                continue
            landed.add(where)
            seen += 1
            found = page.evaluate(OVERFLOW)
            too_wide = found["scroll"] > WIDTH or found["offenders"]
            if every_page or too_wide:
                shot = folder / f"{role}{where.replace('/', '_')[:80]}.png"
                page.screenshot(path=shot, full_page=True, timeout=30_000)
            if too_wide:
                failures.append(
                    f"{role} {where}: scrollWidth {found['scroll']}, {found['offenders']}, "
                    f"screenshot {shot}"
                )
        context.close()
    assert seen > 3 * 30, seen
    assert not failures, "\n".join(failures)


def test_the_compact_header_opens_with_its_menu_button(page, browser, live_server, tmp_path):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(live_server.url + reverse("core:home"))
    button = page.locator(".menu-toggle")
    link = page.locator(".main-nav a", has_text="Organisationer")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()

    # By keyboard: the button opens the menu, Escape closes it and gives focus back.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()
    page.screenshot(path=tmp_path / "menu-open.png")
    page.keyboard.press("Tab")
    expect(page.locator(".main-nav a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(link).to_be_hidden()

    # Wide, the links show and the button does not.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(button).to_be_hidden()
    expect(link).to_be_visible()

    # Without JavaScript every link is there on the phone, and no button that cannot work.
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="sv-SE", java_script_enabled=False
    )
    still = context.new_page()
    still.goto(live_server.url + reverse("core:home"))
    expect(still.locator(".menu-toggle")).to_be_hidden()
    expect(still.locator(".main-nav a", has_text="Organisationer")).to_be_visible()
    assert still.evaluate("document.documentElement.scrollWidth") <= WIDTH
    context.close()
