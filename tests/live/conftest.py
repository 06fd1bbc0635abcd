"""Shared set-up for the live-dialog tests: a meeting of a network, its host, questions."""

import asyncio
import datetime as dt
import threading

import pytest

from reglab.live.rules import AnswerIn
from reglab.live.services import answer as answer_services
from reglab.live.services import question as question_services
from tests.meetings.conftest import coordinator, make_meeting, network, outsider  # noqa: F401


@pytest.fixture
def meeting(db, network):  # noqa: F811
    return make_meeting(network)


@pytest.fixture
def host(coordinator):  # noqa: F811
    return coordinator


def make_question(meeting, host, kind="single", text="Finns ett behov?", options=None, **extra):
    if options is None:
        options = {
            "single": ["JA!", "Nej", "Det beror på…"],
            "multiple": ["Analys", "Framsyn", "Uppföljning"],
            "prioritise": ["Framsyn", "Kompetensförsörjning"],
            "dates": [
                (dt.date.today() + dt.timedelta(days=40)).isoformat(),
                (dt.date.today() + dt.timedelta(days=47)).isoformat(),
            ],
        }.get(kind, [])
    return question_services.question_create(
        meeting=meeting, by=host, kind=kind, text=text, options=options, **extra
    )


def open_question(meeting, host, kind="single", **extra):
    question = make_question(meeting, host, kind, **extra)
    return question_services.question_open(question=question, by=host)


def guest(meeting):
    return answer_services.participant_join(meeting=meeting)


def option_ids(question):
    return [option.pk for option in question.options.all()]


def answer(question, participant, **fields):
    return answer_services.answer_submit(
        question=question, participant=participant, answer=AnswerIn(**fields)
    )


def run_in_thread(scenario):
    """Run the scenario on an event loop of its own thread: the main thread may already
    have one running (Playwright's, when a browser test ran first in this process)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(scenario())
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
