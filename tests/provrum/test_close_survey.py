"""The participants' survey after closing (closing.survey_answer and its selectors):
answered once, kept without the person, refused to anyone not asked."""

import datetime
import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from reglab.provrum import lifecycle
from reglab.provrum.closing import services as closing
from reglab.provrum.models import SurveyInvitation, SurveyResponse
from reglab.provrum.proposal import services
from tests.provrum.close_fixtures import closed_provrum, people, reported_provrum


@pytest.fixture
def provrum(cast):
    return closed_provrum(cast)


def answer(provrum, person, **values):
    return closing.survey_answer(
        provrum=provrum,
        by=person,
        usefulness=values.get("usefulness", 4),
        take_part_again=values.get("take_part_again", "yes"),
        format_change=values.get("format_change", "Kortare tid mellan mötena."),
    )


def test_the_answer_is_saved_and_the_invitation_marked(cast, provrum):
    leader = cast["people"]["skane"]
    invitation = answer(provrum, leader, usefulness="5", take_part_again="maybe")
    response = SurveyResponse.objects.get(provrum=provrum)
    assert (response.usefulness, response.take_part_again) == (5, "maybe")
    assert response.format_change == "Kortare tid mellan mötena."
    assert response.organisation == cast["orgs"]["skane"]
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_a_second_answer_is_refused_and_the_first_stands(cast, provrum):
    leader = cast["people"]["skane"]
    answer(provrum, leader, usefulness=2)
    with pytest.raises(services.RuleViolation) as error:
        answer(provrum, leader, usefulness=5)
    assert [reason.code for reason in error.value.reasons] == ["survey_already_answered"]
    assert list(SurveyResponse.objects.values_list("usefulness", flat=True)) == [2]


def test_each_participant_answers_for_their_own_organisation(cast, provrum):
    answer(provrum, cast["people"]["skane"])
    answer(provrum, cast["people"]["orebro"])
    assert sorted(SurveyResponse.objects.values_list("organisation__slug", flat=True)) == [
        "region-orebro-lan",
        "region-skane",
    ]


def test_the_answer_is_not_linked_to_the_person():
    user_model = settings.AUTH_USER_MODEL.lower()
    related = [
        field.name
        for field in SurveyResponse._meta.get_fields()
        if field.is_relation and field.related_model._meta.label_lower == user_model
    ]
    assert related == []


def test_no_time_joins_an_answer_to_its_invitation(cast, provrum):
    """The answers carry only the day the participants were asked, the same for all; the
    invitations only the day they were answered."""
    first = answer(provrum, cast["people"]["skane"])
    second = answer(provrum, cast["people"]["orebro"])
    dated = set(SurveyResponse.objects.values_list("created_at", flat=True))
    assert len(dated) == 1
    (day,) = dated
    assert timezone.localtime(day).date() == timezone.localtime(first.created_at).date()
    assert timezone.localtime(day).time() == datetime.time(0, 0)
    for invitation in (first, second):
        invitation.refresh_from_db()
        answered = timezone.localtime(invitation.answered_at)
        assert (answered.hour, answered.minute, answered.second, answered.microsecond) == (
            0,
            0,
            0,
            0,
        )
        assert answered.date() == timezone.localdate()


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"usefulness": 0}, ["usefulness"]),
        ({"usefulness": 6}, ["usefulness"]),
        ({"usefulness": ""}, ["usefulness"]),
        ({"usefulness": "fyra"}, ["usefulness"]),
        ({"usefulness": True}, ["usefulness"]),
        ({"take_part_again": "kanske"}, ["take_part_again"]),
        ({"take_part_again": ""}, ["take_part_again"]),
        ({"format_change": "å" * 3001}, ["format_change"]),
        ({"usefulness": None, "take_part_again": None}, ["usefulness", "take_part_again"]),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_saved(cast, provrum, values, fields):
    with pytest.raises(ValidationError) as error:
        answer(provrum, cast["people"]["orebro"], **values)
    assert sorted(error.value.message_dict) == sorted(fields)
    assert not SurveyResponse.objects.exists()
    assert SurveyInvitation.objects.get(person=cast["people"]["orebro"]).answered_at is None


def test_the_longest_free_text_and_the_ends_of_the_scale_are_accepted(cast, provrum):
    answer(provrum, cast["people"]["skane"], usefulness=1, format_change="ä" * 3000)
    answer(provrum, cast["people"]["orebro"], usefulness=5, take_part_again="no", format_change="")
    assert sorted(SurveyResponse.objects.values_list("usefulness", flat=True)) == [1, 5]


@pytest.mark.parametrize("role", ["office", "member", "partner"])
def test_someone_not_asked_is_refused(cast, provrum, role):
    with pytest.raises(PermissionDenied):
        answer(provrum, people(cast)[role])
    assert not SurveyResponse.objects.exists()


def test_signed_out_is_refused(cast, provrum):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        answer(provrum, AnonymousUser())


def test_the_survey_is_not_asked_before_closing(cast):
    provrum = reported_provrum(cast)
    with pytest.raises(PermissionDenied):
        answer(provrum, cast["people"]["skane"])


def test_pending_surveys_lists_the_unanswered_ones(cast, provrum):
    leader = cast["people"]["skane"]
    second = closed_provrum(cast, title="Civilt försvar i regionerna")
    assert [i.provrum_id for i in closing.pending_surveys(leader)] == [second.pk, provrum.pk]
    answer(provrum, leader)
    assert [i.provrum_id for i in closing.pending_surveys(leader)] == [second.pk]
    assert list(closing.pending_surveys(cast["people"]["gavleborg"])) == []
    assert list(closing.pending_surveys(cast["office"])) == []


def test_survey_invitation_for(cast, provrum):
    invitation = closing.survey_invitation_for(cast["people"]["orebro"], provrum)
    assert invitation.organisation == cast["orgs"]["orebro"]
    assert closing.survey_invitation_for(cast["people"]["kontigo"], provrum) is None


def test_survey_progress_counts_the_answers(cast, provrum):
    assert closing.survey_progress(provrum) == {"asked": 2, "answered": 0}
    answer(provrum, cast["people"]["orebro"])
    assert closing.survey_progress(provrum) == {"asked": 2, "answered": 1}


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_save_one(cast, monkeypatch):
    """Two tabs send the survey together: the lock on the invitation lets one through."""
    monkeypatch.setattr(lifecycle, "dispatch", lambda *args, **kwargs: None)
    clean = closing._clean_answer

    def cleaned_slowly(*args):
        # Widens the window between reading the invitation and saving the answer:
        # without the row lock both answers would be saved.
        values = clean(*args)
        time.sleep(0.3)
        return values

    monkeypatch.setattr(closing, "_clean_answer", cleaned_slowly)
    provrum = closed_provrum(cast)
    leader = cast["people"]["skane"]
    barrier = threading.Barrier(2)
    outcomes = []

    def send(usefulness):
        try:
            barrier.wait(timeout=10)
            answer(provrum, leader, usefulness=usefulness)
            outcomes.append("answered")
        except services.RuleViolation as refused:
            outcomes.append(refused.reasons[0].code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(value,)) for value in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["answered", "survey_already_answered"], outcomes
    assert SurveyResponse.objects.filter(provrum=provrum).count() == 1
