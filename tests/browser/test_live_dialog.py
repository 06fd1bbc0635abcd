"""The live dialog in a real Chromium: a phone (360 px) joins with the code and votes, and the
presenter's screen in another browser context shows it; the phone moves on by itself when the
host opens the next question.

The test server is WSGI (no WebSockets), so this drives the pages' fallback, fetching every few
seconds; the sockets are tested with channels' WebsocketCommunicator (tests/live/test_sockets.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create
from tests.live.conftest import host, make_question, meeting, open_question  # noqa: F401
from tests.meetings.conftest import coordinator, network  # noqa: F401

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}


def watch_errors(page, errors):
    """Console errors, except the failed WebSocket handshake this WSGI server answers with."""

    def console(message):
        if message.type == "error" and "WebSocket" not in message.text:
            errors.append(f"{message.text} {message.location.get('url', '')}")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)


def test_a_phone_votes_and_the_screen_follows(browser, live_server, meeting, host):  # noqa: F811
    question = open_question(meeting, host, text="Finns ett behov av förändringar?")
    following = make_question(meeting, host, kind="text", text="Det här har jag blivit klokare på")
    room = room_get_or_create(meeting=meeting)
    errors = []

    # The screen and the phone keep polling while open: close them before the live server
    # goes, or their requests reach the next test's database (in-memory SQLite is shared).
    contexts = [
        browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 720}),
        browser.new_context(locale="sv-SE", viewport=NARROW),
    ]
    try:
        _vote_and_follow(contexts, live_server, room, question, following, host, errors)
    finally:
        for context in contexts:
            context.close()


def _vote_and_follow(contexts, live_server, room, question, following, by, errors):
    screen = contexts[0].new_page()
    watch_errors(screen, errors)
    screen.goto(live_server.url + reverse("live:screen", kwargs={"token": room.presenter_token}))
    expect(screen.locator(".screen-question")).to_have_text(question.text)
    expect(screen.locator(".screen-code")).to_have_text(room.code)
    expect(screen.locator(".tally-count")).to_have_text("0 svar")

    phone = contexts[1].new_page()
    watch_errors(phone, errors)
    phone.goto(live_server.url + reverse("live:join"))
    phone.get_by_label("Kod").fill(room.code.lower())
    phone.locator("form.join-form button").click()
    expect(phone.locator("h1")).to_have_text(question.text)
    phone.get_by_label("JA!").check()
    phone.get_by_role("button", name="Skicka").click()
    expect(phone.get_by_role("status").first).to_contain_text("Ditt svar är sparat")
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= NARROW["width"], widths

    expect(screen.locator(".tally-count")).to_have_text("1 svar", timeout=10_000)
    expect(screen.locator(".bar-row").first).to_contain_text("JA!")
    expect(screen.locator(".bar-row").first.locator(".bar-count")).to_contain_text("1")

    question_services.question_open(question=following, by=by)
    expect(phone.locator("h1")).to_have_text(following.text, timeout=15_000)
    expect(screen.locator(".screen-question")).to_have_text(following.text, timeout=10_000)
    assert errors == []
