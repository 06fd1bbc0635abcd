"""The demo's live dialog: the seed's questions on the seed's RUS meeting, ready to run."""

from io import StringIO

import pytest
from django.core.management import call_command

from reglab.demo.datafiles import load
from reglab.live.models import Question, QuestionStatus

pytestmark = pytest.mark.django_db

RUS_MEETING = load("meetings")["rus_meeting"]


def test_the_demo_prepares_the_seeds_questions(settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", password="demo-losenord", stdout=out)
    assert "Livedialog: 6 nya frågor" in out.getvalue()

    questions = list(Question.objects.filter(meeting__title=RUS_MEETING["title"]))
    assert [q.kind for q in questions] == [
        "text",
        "single",
        "single",
        "prioritise",
        "text",
        "dates",
    ]
    assert all(q.status == QuestionStatus.DRAFT for q in questions)
    assert [o.text for o in questions[2].options.all()] == ["JA!", "Nej", "Det beror på…"]
    assert questions[2].ask_why and questions[2].item is not None
    assert questions[3].options.count() == 8
    assert questions[5].options.count() == 3
    assert questions[0].meeting.room.code

    call_command("seed_demo", password="demo-losenord", stdout=StringIO())
    assert Question.objects.count() == 6
