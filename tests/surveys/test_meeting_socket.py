"""The big screen's socket is told when the host shows a survey on it (or stops)."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async

from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import ProgrammeItem
from reglab.surveys.services.meeting import survey_attach, survey_show_on_screen
from tests.live.conftest import run_in_thread
from tests.live.test_sockets import communicator
from tests.meetings.conftest import make_meeting
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_screen_fetches_again_when_a_survey_is_shown(office_user, region):
    meeting = make_meeting(None, days=0)
    item = ProgrammeItem.objects.create(
        meeting=meeting, start_time=dt.time(10), title="Läget", kind="theme"
    )
    link = survey_attach(by=office_user, item=item, survey=make_survey(office_user))
    token = room_get_or_create(meeting=meeting).presenter_token

    async def scenario():
        screen = communicator(f"/ws/meetings/{meeting.pk}/screen/?token={token}")
        connected, _ = await screen.connect()
        assert connected
        await screen.receive_json_from()  # the state on connecting
        messages = []
        for shown in (True, False):
            await database_sync_to_async(survey_show_on_screen)(
                by=office_user, link=link, shown=shown
            )
            messages.append(await screen.receive_json_from(timeout=2))
        await screen.disconnect()
        return messages

    assert run_in_thread(scenario) == [{"type": "question", "question": None}] * 2
