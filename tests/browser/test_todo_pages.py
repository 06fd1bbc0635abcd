"""The start page "Att göra" and the office inbox in Chromium, wide and at 360 px."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_pages import DEMO_PASSWORD, demo, url  # noqa: F401

pytestmark = pytest.mark.browser

WIDTHS = [(1280, 800), (360, 740)]


def sign_in(page, live_server, email):
    page.goto(url(live_server, "account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "core:home"))


def shoot(page, tmp_path, name):
    """Screenshot at each width (kept in TODO_SCREENSHOTS when set) and check for overflow."""
    folder = Path(os.environ.get("TODO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth})"
        )
        assert widths["scroll"] <= width, (name, widths)


@pytest.mark.parametrize(
    "email", ["region-skane@reglab.example", "nordregio@reglab.example"], ids=["member", "partner"]
)
def test_start_page_of_a_representative(page, live_server, demo, tmp_path, email):  # noqa: F811
    sign_in(page, live_server, email)
    expect(page.locator("h1")).to_contain_text("Hej")
    expect(page.locator("#todo-title")).to_be_visible()
    # A confirmed representative is not asked to represent an organisation.
    expect(page.locator("[data-kind=affiliation]")).to_have_count(0)
    shoot(page, tmp_path, f"start-{email.split('@')[0]}")


def test_office_start_page_and_inbox(page, live_server, demo, tmp_path):  # noqa: F811
    sign_in(page, live_server, "kansli@reglab.example")
    shoot(page, tmp_path, "start-office")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator(".main-nav a", has_text="Kansliet").click()
    expect(page).to_have_url(url(live_server, "todo:inbox"))
    expect(page.locator("h1")).to_have_text("Kansliets inkorg")
    expect(page.locator(".inbox-section")).to_have_count(7)
    shoot(page, tmp_path, "inbox")
