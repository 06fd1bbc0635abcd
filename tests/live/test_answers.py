"""Answering: one answer per participant and question, closed questions refuse, hiding."""

import pytest

from reglab.live.messages import Refused
from reglab.live.models import Answer, QuestionStatus
from reglab.live.selectors import question_tally
from reglab.live.services import answer as answer_services
from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create, room_renew
from tests.live.conftest import answer, guest, make_question, open_question, option_ids
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_answering_again_replaces_and_never_counts_twice(meeting, host):
    question = open_question(meeting, host)
    yes, no, _depends = option_ids(question)
    participant, _token = guest(meeting)

    answer(question, participant, options=[yes])
    answer(question, participant, options=[no])
    answer(question, participant, options=[no])

    assert Answer.objects.filter(question=question).count() == 1
    counts = {row["id"]: row["count"] for row in question_tally(question)["options"]}
    assert counts == {yes: 0, no: 1, _depends: 0}


def test_a_closed_question_refuses_with_a_code(meeting, host):
    question = open_question(meeting, host)
    participant, _token = guest(meeting)
    question_services.question_close(question=question, by=host)
    question.refresh_from_db()

    with pytest.raises(Refused) as refused:
        answer(question, participant, options=option_ids(question)[:1])

    assert (refused.value.code, refused.value.status) == ("question_closed", 409)


def test_an_unopened_question_refuses(meeting, host):
    question = make_question(meeting, host)
    participant, _token = guest(meeting)
    with pytest.raises(Refused) as refused:
        answer(question, participant, options=option_ids(question)[:1])
    assert refused.value.code == "question_not_open"


def test_a_participant_answers_only_in_its_own_meeting(meeting, host, network):
    question = open_question(meeting, host)
    elsewhere, _token = guest(make_meeting(network, days=60))
    with pytest.raises(Refused) as refused:
        answer(question, elsewhere, options=option_ids(question)[:1])
    assert refused.value.code == "wrong_meeting"


def test_opening_a_question_closes_the_one_open_before(meeting, host):
    first = open_question(meeting, host)
    second = open_question(meeting, host, kind="text", text="Då har jag roligt på jobbet!")
    first.refresh_from_db()
    assert (first.status, second.status) == (QuestionStatus.CLOSED, QuestionStatus.OPEN)


def test_only_hosts_prepare_questions(meeting, outsider):
    with pytest.raises(Refused) as refused:
        make_question(meeting, outsider)
    assert refused.value.status == 403


def test_hidden_answers_vanish_from_the_results(meeting, host):
    question = open_question(meeting, host, kind="text", text="Klokare på idag…")
    first, _t = guest(meeting)
    second, _t = guest(meeting)
    kept = answer(question, first, text="Framsyn och samverkan")
    rude = answer(question, second, text="Något olämpligt framsyn")

    answer_services.answer_hide(answer=rude, by=host)
    tally = question_tally(question)

    assert [row["text"] for row in tally["texts"]] == [kept.text]
    assert {w["word"]: w["count"] for w in tally["words"]}["framsyn"] == 1
    assert "olämpligt" not in {w["word"] for w in tally["words"]}


def test_only_hosts_hide(meeting, host, outsider):
    question = open_question(meeting, host, kind="text", text="Reflektion")
    participant, _t = guest(meeting)
    text = answer(question, participant, text="Hej")
    with pytest.raises(Refused):
        answer_services.answer_hide(answer=text, by=outsider)


def test_suggestions_wait_for_the_host_before_they_can_be_voted_on(meeting, host):
    question = open_question(meeting, host, kind="prioritise", text="Önskemål?", dots=3)
    participant, _t = guest(meeting)
    suggestion = answer_services.option_suggest(
        question=question, participant=participant, text="Annat: digitalisering"
    )
    with pytest.raises(Refused) as refused:
        answer(question, participant, dots={str(suggestion.pk): 1})
    assert refused.value.code == "unknown_option"

    question_services.option_approve(option=suggestion, by=host)
    answer(question, participant, dots={str(suggestion.pk): 2})
    tally = question_tally(question)
    assert {row["id"]: row["count"] for row in tally["options"]}[suggestion.pk] == 2


def test_date_poll_result_and_planning_group(meeting, host):
    question = open_question(meeting, host, kind="dates", text="Nästa träff – när?")
    first_date, second_date = option_ids(question)
    for reply, name in ((("yes", "no"), "Anna"), (("maybe", "yes"), ""), (("no", "yes"), "")):
        participant, _t = guest(meeting)
        answer(
            question,
            participant,
            dates={str(first_date): reply[0], str(second_date): reply[1]},
            volunteer_name=name,
            volunteer_organisation="Region Skåne" if name else "",
        )
    tally = question_tally(question)
    assert tally["winner"] == tally["dates"][1]["date"]
    assert tally["volunteers"] == [{"name": "Anna", "organisation": "Region Skåne"}]


def test_join_codes_are_unique_and_can_be_renewed(meeting, host, network):
    room = room_get_or_create(meeting=meeting)
    other = room_get_or_create(meeting=make_meeting(network, days=60))
    assert room.code != other.code
    assert room_get_or_create(meeting=meeting).code == room.code
    renewed = room_renew(meeting=meeting)
    assert renewed.code != room.code and renewed.presenter_token != room.presenter_token


def test_a_signed_in_person_is_one_participant(meeting, host, member_rep):
    first, token_one = answer_services.participant_join(meeting=meeting, person=member_rep)
    second, token_two = answer_services.participant_join(meeting=meeting, person=member_rep)
    assert first.pk == second.pk and token_one != token_two


def test_a_new_meeting_gets_its_join_code(network, host, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from reglab.live.models import Room
    from reglab.meetings.services.meeting import meeting_create

    with django_capture_on_commit_callbacks(execute=True):
        made = meeting_create(
            by=host,
            network=network,
            kind="network_meeting",
            title="Ny träff",
            date=timezone.localdate() + dt.timedelta(days=10),
            start_time=dt.time(10),
            end_time=dt.time(15),
            address="Umeå",
        )
    assert Room.objects.filter(meeting=made).exists()
