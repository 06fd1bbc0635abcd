"""The live dialog over real WebSockets in Chromium: the presenter's screen (one browser
context) follows a phone's vote (another context), and the phone moves on when the host opens
the next question – both told over their WebSocket, as in production.

pytest-django's live server is WSGI, so this test serves the platform's ASGI application
(HTTP, static files and ``/ws/``) with uvicorn in a thread of the test process, on the
in-memory channel layer; the frames each page receives are recorded, so the test fails if
the pages only followed by fetching every few seconds.
"""

import socket
import threading

import pytest
import uvicorn
from channels.routing import ProtocolTypeRouter
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from reglab.live.services.room import room_get_or_create
from tests.live.conftest import host, make_question, meeting, open_question  # noqa: F401
from tests.meetings.conftest import coordinator, network  # noqa: F401

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}


@pytest.fixture
def asgi_server(transactional_db):
    """uvicorn serving reglab.asgi (HTTP with static files, and the WebSockets) on a free
    loopback port; stopped, and its thread joined, after the test."""
    from reglab.asgi import application, django_application

    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(django_application),
            "websocket": application.application_mapping["websocket"],
        }
    )
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, lifespan="off", log_level="warning", ws="websockets-sansio")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _attempt in range(200):
        if server.started:
            started.set()
            break
        threading.Event().wait(0.05)
    assert started.is_set(), "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


def signed_in_cookie(person, url):
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


def record_frames(page, frames):
    """Every WebSocket frame the page receives, as text."""
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))


def watch_errors(page, errors):
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)


def test_screen_and_phone_follow_over_websockets(browser, asgi_server, meeting, host):  # noqa: F811
    question = open_question(meeting, host, text="Är RUSen styrande?")
    following = make_question(meeting, host, kind="text", text="Klokare på idag")
    room = room_get_or_create(meeting=meeting)
    contexts = [
        browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 720}),
        browser.new_context(locale="sv-SE", viewport=NARROW),
        browser.new_context(locale="sv-SE"),
    ]
    contexts[2].add_cookies([signed_in_cookie(host, asgi_server)])
    try:
        errors, screen_frames, phone_frames = [], [], []
        screen = contexts[0].new_page()
        watch_errors(screen, errors)
        record_frames(screen, screen_frames)
        screen.goto(asgi_server + reverse("live:screen", kwargs={"token": room.presenter_token}))
        expect(screen.locator(".screen-question")).to_have_text(question.text)
        expect(screen.locator(".tally-count")).to_have_text("0 svar")

        phone = contexts[1].new_page()
        watch_errors(phone, errors)
        record_frames(phone, phone_frames)
        phone.goto(asgi_server + reverse("live:room", kwargs={"code": room.code}))
        expect(phone.locator("h1")).to_have_text(question.text)
        phone.get_by_label("JA!").check()
        phone.get_by_role("button", name="Skicka").click()
        expect(phone.get_by_role("status").first).to_contain_text("Ditt svar är sparat")

        expect(screen.locator(".tally-count")).to_have_text("1 svar")
        expect(screen.locator(".bar-row").first.locator(".bar-count")).to_contain_text("1")
        assert any(
            '"tally"' in str(frame) and '"count": 1' in str(frame) for frame in screen_frames
        ), screen_frames

        # The host opens the next question on their own page (a third context, signed in):
        # the vote and the opening both go through the ASGI server, as in the room.
        desk = contexts[2].new_page()
        watch_errors(desk, errors)
        desk.goto(asgi_server + reverse("live:host", kwargs={"pk": meeting.pk}))
        desk.locator(f"#question-{following.pk}").get_by_role("button", name="Öppna").click()
        expect(phone.locator("h1")).to_have_text(following.text)
        expect(screen.locator(".screen-question")).to_have_text(following.text)
        assert any(f'"question": {following.pk}' in str(frame) for frame in phone_frames), (
            phone_frames
        )
        assert errors == []
    finally:
        for context in contexts:
            context.close()
