"""
The platform in a real browser (Chromium): language, keyboard access, the demo
directory, signing in and the narrow-screen layout.

Assertions rest on lang attributes, URLs, counts and organisation names rather
than on UI wording, which is still being translated.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo-losenord-for-webblasartest"
NARROW = {"width": 360, "height": 740}


@pytest.fixture
def demo(settings, live_server):
    """The demo data: Reglab's 44 organisations and one representative each."""
    settings.DEMO_MODE = True
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())


def url(live_server, name, **kwargs):
    return live_server.url + reverse(name, kwargs=kwargs or None)


def result_count(page):
    text = page.locator(".result-count").inner_text()
    return int(re.search(r"\d+", text).group())


def test_start_page_is_swedish_and_skip_link_comes_first(page, live_server, tmp_path):
    page.goto(url(live_server, "core:home"))

    assert page.locator("html").get_attribute("lang") == "sv"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert focused["href"] == "#main"
    assert focused["text"]
    # The link shows when focused, and following it moves focus into the main content.
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.screenshot(path=tmp_path / "start.png", full_page=True)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def organisation_names(page):
    return page.locator("#results tbody th[scope=row] a").all_inner_texts()


def test_directory_lists_the_demo_organisations(page, live_server, demo, tmp_path):
    page.goto(url(live_server, "organisations:list"))

    assert result_count(page) == 44
    # 25 to a page, 19 on the second.
    first_page = organisation_names(page)
    assert len(first_page) == 25
    page.screenshot(path=tmp_path / "directory.png", full_page=True)
    page.goto(url(live_server, "organisations:list") + "?sida=2")
    second_page = organisation_names(page)
    assert len(second_page) == 19
    names = {name.strip() for name in first_page + second_page}
    assert len(names) == 44
    assert {"Region Skåne", "Nordregio"} <= names

    page.goto(url(live_server, "organisations:list") + "?membership=member")
    assert result_count(page) == 24
    page.goto(url(live_server, "organisations:list") + "?membership=partner")
    assert result_count(page) == 20


def test_directory_filter_updates_in_place(page, live_server, demo, tmp_path):
    page.goto(url(live_server, "organisations:list"))
    assert result_count(page) == 44

    # Choosing a membership fetches the results with htmx and updates the address.
    page.locator("#id_membership").select_option("member")
    expect(page.locator(".result-count")).to_contain_text("24")
    expect(page).to_have_url(re.compile(r"membership=member"))
    assert page.locator("html").get_attribute("lang") == "sv"
    page.screenshot(path=tmp_path / "directory-members.png", full_page=True)


def test_demo_representative_signs_in_and_sees_their_profile(page, live_server, demo, tmp_path):
    page.goto(url(live_server, "account_login"))
    assert page.locator("html").get_attribute("lang") == "sv"

    page.locator("#id_login").fill("region-skane@reglab.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()

    expect(page).to_have_url(url(live_server, "core:home"))
    # The header now links to the person's profile.
    page.locator(f".account-nav a[href='{reverse('accounts:profile')}']").click()
    expect(page).to_have_url(url(live_server, "accounts:profile"))
    expect(page.locator("main")).to_contain_text("Region Skåne")
    page.screenshot(path=tmp_path / "profile.png", full_page=True)


def test_wrong_password_keeps_the_person_on_the_form(page, live_server, demo):
    page.goto(url(live_server, "account_login"))
    page.locator("#id_login").fill("region-skane@reglab.example")
    page.locator("#id_password").fill("inte-ratt-losenord")
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()

    expect(page).to_have_url(url(live_server, "account_login"))
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator(f".account-nav a[href='{reverse('accounts:profile')}']")).to_have_count(0)


@pytest.mark.parametrize(
    "name",
    ["core:home", "organisations:list", "account_login", "account_request_login_code"],
)
def test_no_horizontal_scroll_on_a_narrow_screen(page, live_server, demo, tmp_path, name):
    page.set_viewport_size(NARROW)
    page.goto(url(live_server, name))

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    page.screenshot(path=tmp_path / f"narrow-{name.replace(':', '-')}.png", full_page=True)
    assert widths["scroll"] <= NARROW["width"], widths
