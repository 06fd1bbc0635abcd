"""The host's live page and the meeting page cost the same queries for 1 and 6 questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create
from tests.live.conftest import answer, guest, open_question, option_ids

pytestmark = pytest.mark.django_db


def add_answered_questions(meeting, host, count):
    for n in range(count):
        question = open_question(meeting, host, kind="single", text=f"Fråga {n}", ask_why=True)
        participant, _token = guest(meeting)
        answer(question, participant, options=option_ids(question)[:1], text="För att")
        question_services.question_close(question=question, by=host)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("screen", ["host", "meeting"])
def test_pages_do_not_grow_with_the_questions(client, meeting, host, screen):
    client.force_login(host)
    url = (
        reverse("live:host", kwargs={"pk": meeting.pk})
        if screen == "host"
        else meeting.get_absolute_url()
    )
    room_get_or_create(meeting=meeting)  # made with the meeting (here made by hand)
    add_answered_questions(meeting, host, 1)
    one = queries(client, url)
    add_answered_questions(meeting, host, 5)
    assert queries(client, url) == one
