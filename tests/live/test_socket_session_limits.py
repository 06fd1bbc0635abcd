"""The screen's WebSocket honours the pages' session limits (reglab.accounts.sessions): a host
whose session is idle past 30 minutes or older than 12 hours is signed out at the handshake,
and an open socket closes once its session is signed out or past a limit. The presenter link
and the phones' join codes have no session and are unaffected."""

import time

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from reglab.accounts.sessions import SEEN, STARTED
from reglab.live.services.room import room_get_or_create
from tests.live.conftest import answer, guest, open_question, option_ids, run_in_thread
from tests.live.test_sockets import communicator, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

IDLE = 30 * 60
ABSOLUTE = 12 * 60 * 60


def age_session(cookie, *, started_ago=0, seen_ago=0):
    """Moves the session's clock back, as if signed in and last seen that long ago."""
    session = SessionStore(cookie.split("=", 1)[1])
    now = int(time.time())
    session[STARTED] = now - started_ago
    session[SEEN] = now - seen_ago
    session.save()


async def try_screen(path, cookie):
    screen = communicator(path, cookie)
    connected, code = await screen.connect()
    await screen.disconnect()
    return connected, code


async def host_screen(meeting, cookie):
    """The screen's socket opened with the host's session, past the state on connecting."""
    screen = communicator(f"/ws/meetings/{meeting.pk}/screen/", cookie)
    connected, _ = await screen.connect()
    assert connected
    await screen.receive_json_from()
    return screen


def test_the_limits_are_the_pages():
    assert (settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_TIMEOUT) == (IDLE, ABSOLUTE)


@pytest.mark.asvs("V7.3.1", row=9)
def test_a_host_whose_session_passed_a_limit_is_refused(client, meeting, host):
    room_get_or_create(meeting=meeting)
    path = f"/ws/meetings/{meeting.pk}/screen/"
    cookie = session_cookie(client, host)
    outcomes = []
    for started_ago, seen_ago in [
        (0, 0),  # fresh
        (IDLE - 60, IDLE - 60),  # 29 minutes idle
        (ABSOLUTE - 60, 0),  # 11 h 59 min, seen just now
        (IDLE, IDLE),  # 30 minutes idle
        (ABSOLUTE, 0),  # 12 hours, seen just now
    ]:
        age_session(cookie, started_ago=started_ago, seen_ago=seen_ago)
        outcomes.append(run_in_thread(lambda: try_screen(path, cookie)))

    assert outcomes == [(True, None)] * 3 + [(False, 4403)] * 2


@pytest.mark.asvs("V7.3.1", row=9)
def test_an_open_screen_closes_when_its_session_goes_idle(client, meeting, host):
    question = open_question(meeting, host)
    yes = option_ids(question)[0]
    first, _ = guest(meeting)
    second, _ = guest(meeting)
    cookie = session_cookie(client, host)

    async def scenario():
        screen = await host_screen(meeting, cookie)
        await database_sync_to_async(answer)(question, first, options=[yes])
        while_fresh = await screen.receive_json_from(timeout=2)
        await database_sync_to_async(age_session)(cookie, seen_ago=IDLE)
        await database_sync_to_async(answer)(question, second, options=[yes])
        once_idle = await screen.receive_output(timeout=2)
        await screen.disconnect()
        return while_fresh, once_idle

    while_fresh, once_idle = run_in_thread(scenario)
    assert while_fresh["type"] == "tally" and while_fresh["tally"]["answers"] == 1
    assert once_idle == {"type": "websocket.close", "code": 4401}


@pytest.mark.asvs("V7.3.1", row=9)
def test_an_open_screen_closes_when_its_session_is_signed_out(client, meeting, host):
    question = open_question(meeting, host)
    participant, _ = guest(meeting)
    cookie = session_cookie(client, host)

    async def scenario():
        screen = await host_screen(meeting, cookie)
        await database_sync_to_async(client.logout)()
        await database_sync_to_async(answer)(
            question, participant, options=[option_ids(question)[0]]
        )
        output = await screen.receive_output(timeout=2)
        await screen.disconnect()
        return output

    assert run_in_thread(scenario) == {"type": "websocket.close", "code": 4401}


@pytest.mark.asvs("V7.3.1", row=9)
def test_the_presenter_link_and_the_join_code_need_no_session(client, meeting, host):
    room = room_get_or_create(meeting=meeting)
    question = open_question(meeting, host)
    participant, _ = guest(meeting)
    expired = session_cookie(client, host)
    age_session(expired, started_ago=ABSOLUTE, seen_ago=IDLE)

    async def scenario():
        screen = communicator(
            f"/ws/meetings/{meeting.pk}/screen/?token={room.presenter_token}", expired
        )
        phone = communicator(f"/ws/live/{room.code}/")
        assert (await screen.connect())[0] and (await phone.connect())[0]
        await screen.receive_json_from()
        on_phone = await phone.receive_json_from()
        await database_sync_to_async(answer)(
            question, participant, options=[option_ids(question)[0]]
        )
        on_screen = await screen.receive_json_from(timeout=2)
        await screen.disconnect()
        await phone.disconnect()
        return on_phone, on_screen

    on_phone, on_screen = run_in_thread(scenario)
    assert on_phone == {"type": "question", "question": question.pk}
    assert on_screen["type"] == "tally" and on_screen["tally"]["answers"] == 1
