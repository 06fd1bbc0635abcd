"""Accessibility in Chromium (issue 17 part 4, issue 16): axe-core on every page type.

axe-core (tests/browser/vendor/, vendored from its npm package) runs on every page type of
the demo data (tests/browser/xss_pages.py lists them), signed out and as each demo role
(a member's and a partner's representative, the office, a person who represents no
organisation yet), in Swedish and in English, on the presenter screen and on forms sent
back empty so that they show their errors: 0 serious or critical violations. And one
main journey by keyboard only: sign in, open a provrum, write a comment.

One browser context per role and language; axe is evaluated in the page (the CSP stays on).
"""

import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from playwright.sync_api import expect

from reglab.provrum.models import Comment
from tests.browser.xss_pages import office_pages, participant_pages, public_pages
from tests.browser.xss_world import DEMO_PASSWORD
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.provrum.conftest import cast, make_provrum  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
SERIOUS = ("serious", "critical")
RUN_AXE = """async (impacts) => {
  // label-content-name-mismatch is experimental in axe, so off unless asked for (WCAG 2.5.3).
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    rules: {"label-content-name-mismatch": {enabled: true}},
  });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""
NEWCOMER = "ny-person@example.se"
# Forms sent back empty, per role: each then shows its errors.
EMPTY_FORMS = {
    "anonymous": ["account_login", "account_request_login_code"],
    "region-skane": ["provrum:create"],
    "kansli": ["meetings:create", "surveys:create"],
}


def roles() -> dict[str, list[str]]:
    """Each role's page types: the pages of the XSS corpus, one per route and state."""
    return {
        "anonymous": [*public_pages(), "/api/v1/docs"],
        "region-skane": participant_pages("region-skane"),
        "nordregio": participant_pages("nordregio"),
        # The presenter screen's results are a fragment it fetches, not a page.
        "kansli": [
            path for path in office_pages() if "/skarm/" not in path or "/resultat/" not in path
        ],
        # Confirming that it is you before an account change (our frame of allauth's page).
        NEWCOMER: [
            reverse("core:home"),
            reverse("accounts:profile"),
            reverse("account_reauthenticate"),
        ],
    }


def one_per_route(paths: list[str]) -> list[str]:
    """The first address of each URL pattern: one of each page type."""
    seen, chosen = set(), []
    for path in paths:
        route = resolve(urlsplit(path).path).route
        if route not in seen:
            seen.add(route)
            chosen.append(path)
    return chosen


def test_no_serious_violations_on_any_page_type(browser, live_server, settings):
    """Swedish: every page of each role (a provrum in each state); English: one per type."""
    settings.DEMO_MODE = True
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
    UserFactory(email=NEWCOMER, name="Ny Person")
    violations, checked = [], 0
    for language in ("sv", "en"):
        for role, pages in roles().items():
            pages = pages if language == "sv" else one_per_route(pages)
            context = browser.new_context(locale="sv-SE")
            # Given once, axe is then on every page the context opens (before the page's
            # own scripts; the page's CSP does not apply to it).
            context.add_init_script(AXE)
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            try:
                page = context.new_page()
                page.set_default_timeout(15_000)
                if role != "anonymous":
                    sign_in(page, live_server, role)
                for path in pages:
                    violations += check(page, live_server.url + path, language)
                    checked += 1
                for name in EMPTY_FORMS.get(role, []):
                    url = live_server.url + reverse(name)
                    violations += check_empty_form(page, url, language)
                    checked += 1
            finally:
                context.close()
    print(f"\naxe-core: {checked} pages, {len(violations)} serious or critical violations")
    assert violations == [], "\n".join(map(str, violations))


def sign_in(page, live_server, who: str) -> None:
    email = who if "@" in who else f"{who}@reglab.example"
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD if who == NEWCOMER else DEMO_PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def check(page, url: str, language: str) -> list:
    answer = page.goto(url, wait_until="load")
    if answer is None or answer.status != 200:
        return [(url, answer and answer.status)]
    return audit(page, url, language)


def audit(page, url: str, language: str) -> list:
    lang = page.locator("html").get_attribute("lang")
    # The newsletter draft is written in Swedish whatever the office's language.
    expected = "sv" if reverse("results:newsletter_preview") in url else language
    found = [(url, "lang", lang)] if lang != expected else []
    return found + [(url, violation) for violation in page.evaluate(RUN_AXE, list(SERIOUS))]


def check_empty_form(page, url: str, language: str) -> list:
    """The page's main form sent empty (the browser's own checks off): its errors shown."""
    page.goto(url, wait_until="load")
    form = page.locator("main form[method=post]").last
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    if page.locator("[data-error-summary], [role=alert], .errorlist, .field-error").count() == 0:
        return [(url, "the empty form showed no error")]
    return audit(page, url + " (errors)", language)


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focus is on ``selector``; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def test_sign_in_open_a_provrum_and_comment_by_keyboard_only(page, live_server, make_provrum):  # noqa: F811
    provrum = make_provrum("interest")
    page.goto(live_server.url + reverse("core:home"))

    tab_to(page, f"a[href^='{reverse('account_login')}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(reverse("account_login"))))
    tab_to(page, "#id_login")
    page.keyboard.type("gavleborg@example.se")
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("core:home"))

    tab_to(page, f".main-nav a[href='{reverse('provrum:board')}']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("provrum:board"))
    tab_to(page, f"main a[href='{provrum.get_absolute_url()}']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + provrum.get_absolute_url())

    tab_to(page, "#id_comment_body")
    page.keyboard.type("Vi vill gärna dela hur vi gjorde i Gävleborg.")
    tab_to(page, ".comment-form button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator("#discussion")).to_contain_text("hur vi gjorde i Gävleborg.")
    assert Comment.objects.filter(provrum=provrum, body__contains="Gävleborg").count() == 1
