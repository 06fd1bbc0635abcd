"""The WebSockets, through the real ASGI stack (origin check, session, routing), with
channels' WebsocketCommunicator and the in-memory channel layer."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from reglab.asgi import application
from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create
from tests.live.conftest import (
    answer,
    guest,
    make_question,
    open_question,
    option_ids,
    run_in_thread,
)

# Committed data: database_sync_to_async closes "old" connections around each call
# (CONN_MAX_AGE is 0 in the tests), which on PostgreSQL ends a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")


def communicator(path, cookie=None):
    headers = [ORIGIN, HOST]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def session_cookie(client, person):
    client.force_login(person)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


run = run_in_thread


def test_the_screen_gets_every_vote(client, meeting, host):
    question = open_question(meeting, host)
    yes = option_ids(question)[0]
    participant, _token = guest(meeting)
    cookie = session_cookie(client, host)

    def vote():
        answer(question, participant, options=[yes])

    async def scenario():
        screen = communicator(f"/ws/meetings/{meeting.pk}/screen/", cookie)
        connected, _ = await screen.connect()
        assert connected
        state = await screen.receive_json_from()
        assert (state["type"], state["question"], state["tally"]["answers"]) == (
            "tally",
            question.pk,
            0,
        )
        await database_sync_to_async(vote)()
        message = await screen.receive_json_from(timeout=2)
        await screen.disconnect()
        return message

    message = run(scenario)
    assert message["type"] == "tally" and message["question"] == question.pk
    assert {o["id"]: o["count"] for o in message["tally"]["options"]}[yes] == 1


def test_the_presenter_link_opens_the_screen_and_nothing_else_does(client, meeting, host, outsider):
    token = room_get_or_create(meeting=meeting).presenter_token
    outsider_cookie = session_cookie(client, outsider)

    async def scenario():
        results = []
        for path, cookie in [
            (f"/ws/meetings/{meeting.pk}/screen/?token={token}", None),
            (f"/ws/meetings/{meeting.pk}/screen/?token=fel", None),
            (f"/ws/meetings/{meeting.pk}/screen/", None),
            (f"/ws/meetings/{meeting.pk}/screen/", outsider_cookie),
            (f"/ws/meetings/{meeting.pk + 1000}/screen/?token={token}", None),
        ]:
            socket = communicator(path, cookie)
            connected, _ = await socket.connect()
            results.append(connected)
            await socket.disconnect()
        return results

    assert run(scenario) == [True, False, False, False, False]


def test_a_foreign_origin_is_refused(meeting):
    token = room_get_or_create(meeting=meeting).presenter_token

    async def scenario():
        socket = WebsocketCommunicator(
            application,
            f"/ws/meetings/{meeting.pk}/screen/?token={token}",
            headers=[(b"origin", b"https://evil.example"), HOST],
        )
        connected, _ = await socket.connect()
        await socket.disconnect()
        return connected

    assert run(scenario) is False


def test_a_phone_moves_to_the_next_question(meeting, host):
    first = open_question(meeting, host)
    second = make_question(meeting, host, kind="text", text="Då har jag roligt på jobbet!")
    code = room_get_or_create(meeting=meeting).code

    def open_next():
        question_services.question_open(question=second, by=host)

    async def scenario():
        phone = communicator(f"/ws/live/{code}/")
        connected, _ = await phone.connect()
        assert connected
        now = await phone.receive_json_from()
        await database_sync_to_async(open_next)()
        moved = await phone.receive_json_from(timeout=2)
        wrong = communicator("/ws/live/ZZZZZZ/")
        refused, _ = await wrong.connect()
        await phone.disconnect()
        return now, moved, refused

    now, moved, refused = run(scenario)
    assert now == {"type": "question", "question": first.pk}
    assert moved == {"type": "question", "question": second.pk}
    assert refused is False
