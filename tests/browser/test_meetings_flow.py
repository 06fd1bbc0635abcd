"""A new user on a phone (360 px): from the start page to the seed's RUS meeting (in the
demo, dated two weeks ahead), reading it, the RUS network's look back, and registering
for the seed's meeting itself."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from reglab.meetings.models import Registration

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo-losenord-for-webblasartest"
NARROW = {"width": 360, "height": 740}


def no_horizontal_scroll(page):
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= NARROW["width"], widths


def test_find_the_seed_meeting_and_register_on_a_phone(page, live_server, settings, tmp_path):
    settings.DEMO_MODE = True
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
    page.set_viewport_size(NARROW)

    page.goto(live_server.url + reverse("core:home"))
    page.get_by_role("link", name="Reglabs år: kommande möten").click()
    expect(page).to_have_url(live_server.url + "/moten/")
    expect(page.locator("h1")).to_have_text("Reglabs år")
    no_horizontal_scroll(page)

    # The seed's meeting is among the upcoming ones: its programme, speakers and organisations.
    page.get_by_role("link", name="RUS-nätverkets träff: Strategierna som styrinstrument").click()
    expect(page.locator("h1")).to_contain_text("Strategierna som styrinstrument")
    meeting_url = page.url
    programme = page.locator("ol.programme")
    for text in (
        "Göran Hallin",
        "Kontigo",
        "Anna Nyström",
        "Region Blekinge",
        "Johanna Sundelöf",
        "Regionförbundet Sörmland",
        "Josefine Majewski",
        "Tillväxtverket",
        "Lunch",
        "Kaffe",
        "Avslut",
    ):
        expect(programme).to_contain_text(text)
    no_horizontal_scroll(page)
    page.screenshot(path=tmp_path / "seed-meeting.png", full_page=True)

    # The RUS network and its look back: the three 2017 meetings, newest first.
    page.get_by_role("navigation", name="Du är här").get_by_role(
        "link", name="RUS-nätverket"
    ).click()
    lookback = page.locator("section.lookback")
    expect(lookback.locator("h3")).to_have_count(3)
    expect(lookback.locator("h3").first).to_contain_text("Oktober 2017")
    expect(lookback).to_contain_text("Agenda 2030 – vad är på gång?")
    expect(page.locator(".meeting-card").first).to_contain_text("Strategierna som styrinstrument")
    no_horizontal_scroll(page)
    page.screenshot(path=tmp_path / "network.png", full_page=True)

    # Back to the seed's meeting: sign in from there and register for it.
    page.locator(".meeting-card a").first.click()
    expect(page).to_have_url(meeting_url)
    page.locator("#anmalan").get_by_role("link", name="Logga in för att anmäla dig").click()
    page.locator("#id_login").fill("region-gotland@reglab.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"form[action^='{reverse('account_login')}'] button[type=submit]").click()
    expect(page).to_have_url(meeting_url)
    page.get_by_label("Specialkost").fill("Vegetarisk")
    page.locator("#anmalan").get_by_role("button", name="Anmäl mig").click()
    expect(page.locator(".messages")).to_contain_text("Du är anmäld. Välkommen!")
    expect(page.locator("#anmalan")).to_contain_text("Du är anmäld.")
    no_horizontal_scroll(page)
    page.screenshot(path=tmp_path / "registered.png", full_page=True)

    registration = Registration.objects.get(
        email="region-gotland@reglab.example",
        meeting__title="RUS-nätverkets träff: Strategierna som styrinstrument",
    )
    assert (registration.status, registration.dietary_needs) == ("registered", "Vegetarisk")
