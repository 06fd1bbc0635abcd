"""Issue 15's "Done when" in a real Chromium: the office sends a survey to the regions, two
regions answer (one on a 360 px phone, from its start page; one on a laptop), the results page
shows the counts and the map, and the meeting's big screen shows them.

The test server is WSGI (no WebSockets): the big screen fetches every few seconds instead.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import ItemKind, ProgrammeItem
from reglab.surveys.maps import NO_ANSWER, SEQUENCE
from reglab.surveys.models import Survey
from tests.browser.test_live_dialog import watch_errors
from tests.browser.test_pages import demo, url  # noqa: F401
from tests.browser.test_todo_pages import sign_in
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.browser

TITLE = "RUS-läget inför vårens träff"
STAGES = "Analys\nFramtagande\nRemiss\nBeslutad\nGenomförande\nUppföljning"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


def test_a_survey_from_sending_to_the_big_screen(browser, live_server, demo):  # noqa: F811
    meeting = make_meeting(None, days=0, title="RUS-nätverkets träff")
    item = ProgrammeItem.objects.create(
        meeting=meeting, start_time=dt.time(10, 15), title="Läget i regionerna", kind=ItemKind.THEME
    )
    errors = []
    # Closed before the live server goes: the big screen keeps fetching while open.
    contexts = [
        browser.new_context(locale="sv-SE", viewport=size) for size in (LAPTOP, PHONE, LAPTOP)
    ]
    try:
        _send_answer_and_show(contexts, live_server, meeting, item, errors)
    finally:
        for context in contexts:
            context.close()
    assert errors == []


def _send_answer_and_show(contexts, live_server, meeting, item, errors):
    today = timezone.localdate()
    office, phone, laptop = (context.new_page() for context in contexts)
    for page in (office, phone, laptop):
        watch_errors(page, errors)
    sign_in(office, live_server, "kansli@reglab.example")
    office.goto(url(live_server, "surveys:create"))
    office.locator("#id_title").fill(TITLE)
    office.locator("#id_opens_on").fill(today.isoformat())
    office.locator("#id_closes_on").fill((today + dt.timedelta(days=14)).isoformat())
    office.locator("#id_audience").select_option("regions")
    office.locator("#id_q-0-kind").select_option("stage")
    office.locator("#id_q-0-text").fill("Var i RUS-processen befinner ni er?")
    office.locator("#id_q-0-options").fill(STAGES)
    office.get_by_role("button", name="Spara och skicka").click()
    expect(office.locator("h1")).to_have_text(TITLE)
    survey = Survey.objects.get(title=TITLE)

    # A region on a phone, from "Att göra" on its start page; another on a laptop.
    sign_in(phone, live_server, "region-skane@reglab.example")
    phone.locator("[data-kind=survey]", has_text=TITLE).get_by_role("link").click()
    answer(phone, "Analys")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    sign_in(laptop, live_server, "region-stockholm@reglab.example")
    laptop.goto(url(live_server, "surveys:answer", pk=survey.pk, organisation="region-stockholm"))
    answer(laptop, "Beslutad")

    office.goto(url(live_server, "surveys:results", pk=survey.pk))
    expect(office.locator("main")).to_contain_text("2 av 21 organisationer har skickat in")
    the_map_shows_the_two_answers(office)

    # The host attaches the results to the programme item and shows them on the big screen.
    office.goto(url(live_server, "live:host", pk=meeting.pk))
    office.locator("#attach-survey").select_option(str(survey.pk))
    office.locator("#attach-item").select_option(str(item.pk))
    office.get_by_role("button", name="Bifoga resultaten").click()
    office.get_by_role("button", name="Visa på storbildsskärmen").click()
    expect(office.locator("#surveys")).to_contain_text("på storbildsskärmen")
    token = room_get_or_create(meeting=meeting).presenter_token
    laptop.goto(live_server.url + reverse("live:screen", kwargs={"token": token}))
    expect(laptop.locator(".screen-question")).to_have_text(TITLE)
    expect(laptop.locator(".screen-results")).to_contain_text("2 av 21 organisationer")
    expect(laptop.locator(".bar-row").first).to_contain_text("Analys")
    the_map_shows_the_two_answers(laptop)
    if os.environ.get("SURVEY_SCREENSHOTS"):
        laptop.screenshot(path=Path(os.environ["SURVEY_SCREENSHOTS"]) / "screen.png")
    # The meeting's look back shows them too.
    phone.goto(live_server.url + meeting.get_absolute_url())
    expect(phone.locator("#enkater")).to_contain_text(TITLE)
    if os.environ.get("SURVEY_SCREENSHOTS"):
        phone.screenshot(
            path=Path(os.environ["SURVEY_SCREENSHOTS"]) / "look-back.png", full_page=True
        )


def answer(page, stage):
    page.get_by_label(stage).check()
    page.get_by_role("button", name="Spara och skicka in").click()
    expect(page.get_by_role("status").first).to_contain_text("Svaret är inskickat")


def the_map_shows_the_two_answers(page):
    counties = page.locator("svg.sweden-map path")
    expect(counties).to_have_count(21)
    expect(page.locator("path[data-code='12']")).to_have_attribute("fill", SEQUENCE[0])
    expect(page.locator("path[data-code='01']")).to_have_attribute("fill", SEQUENCE[3])
    expect(page.locator("path[data-code='03']")).to_have_attribute("fill", NO_ANSWER)
