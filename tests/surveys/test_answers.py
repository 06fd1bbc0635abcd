"""One answer per organisation on the shared review workflow."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reglab.surveys.models import Audience, SurveyAnswer
from reglab.surveys.services.answer import answer_save, answer_submit
from reglab.surveys.services.survey import survey_create
from tests.factories import RegionFactory
from tests.surveys.conftest import make_survey, questions

pytestmark = pytest.mark.django_db


def ids(survey):
    return [str(q.pk) for q in survey.questions.all()]


def test_regions_only_resolves_to_the_regions(survey, region, partner_org):
    assert list(survey.recipients.all()) == [region]


def test_colleagues_continue_the_same_answer_and_history_is_kept(
    survey, region, member_rep, colleague
):
    stage, yes, *_ = ids(survey)
    first = answer_save(
        by=member_rep, survey=survey, organisation=region, version=0, answers={stage: 2}
    )
    second = answer_save(
        by=colleague,
        survey=survey,
        organisation=region,
        version=1,
        answers={stage: 3, yes: 1, f"{yes}_why": "För regional utveckling."},
    )
    assert first.pk == second.pk and second.version == 2
    assert SurveyAnswer.objects.count() == 1
    history = [(v.number, v.author, v.data[stage]) for v in second.versions.order_by("number")]
    assert history == [(1, member_rep, 2), (2, colleague, 3)]


def test_a_stale_save_is_refused_and_changes_nothing(survey, region, member_rep, colleague):
    stage = ids(survey)[0]
    answer_save(by=member_rep, survey=survey, organisation=region, version=0, answers={stage: 2})
    with pytest.raises(ValidationError) as refused:
        answer_save(by=colleague, survey=survey, organisation=region, version=0, answers={stage: 5})
    assert refused.value.code == "stale_version"
    assert (
        "kollega" in refused.value.messages[0].lower() or "version 1" in refused.value.messages[0]
    )
    assert SurveyAnswer.objects.get().data == {stage: 2}


def test_the_database_allows_one_answer_per_survey_and_organisation(survey, region):
    SurveyAnswer.objects.create(survey=survey, organisation=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(survey=survey, organisation=region)


def test_double_submit_is_one_submission(survey, region, member_rep):
    stage = ids(survey)[0]
    answer_save(by=member_rep, survey=survey, organisation=region, version=0, answers={stage: 1})
    first = answer_submit(by=member_rep, survey=survey, organisation=region, version=1)
    again = answer_submit(by=member_rep, survey=survey, organisation=region, version=1)
    assert first.submitted_at == again.submitted_at
    assert SurveyAnswer.objects.filter(status="submitted").count() == 1


def test_bad_values_are_refused_in_swedish(survey, region, member_rep):
    stage, single, multiple, text, scale, year = ids(survey)
    cases = {
        stage: 99,
        single: "x",
        multiple: [1, 9],
        scale: 11,
        year: "tjugohundra",
        text: "x" * 5001,
    }
    with pytest.raises(ValidationError) as refused:
        answer_save(by=member_rep, survey=survey, organisation=region, version=0, answers=cases)
    messages = refused.value.message_dict
    assert set(messages) == set(cases)
    assert messages[stage] == ["Det finns inget sådant steg i processen."]
    assert not SurveyAnswer.objects.exists()


def test_each_kind_is_kept(survey, region, member_rep):
    stage, single, multiple, text, scale, year = ids(survey)
    answer = answer_save(
        by=member_rep,
        survey=survey,
        organisation=region,
        version=0,
        answers={stage: "4", single: [2], multiple: [3, 1], text: " Bra ", scale: 10, year: 2015},
    )
    assert answer.data == {
        stage: 4,
        single: 2,
        multiple: [1, 3],
        text: "Bra",
        scale: 10,
        year: 2015,
    }


def test_after_closing_nothing_changes(office_user, region, member_rep):
    survey = make_survey(office_user, days_open=0)
    stage = ids(survey)[0]
    answer_save(by=member_rep, survey=survey, organisation=region, version=0, answers={stage: 1})
    survey.closes_on = survey.opens_on = survey.opens_on - dt.timedelta(days=3)
    survey.save()
    with pytest.raises(ValidationError) as refused:
        answer_save(
            by=member_rep, survey=survey, organisation=region, version=1, answers={stage: 2}
        )
    assert refused.value.code == "closed"
    assert SurveyAnswer.objects.get().data == {stage: 1}


def test_who_may_write(
    survey, region, partner_org, partner_rep, unconfirmed_user, office_user, plain_user
):
    stage = ids(survey)[0]
    for person in (partner_rep, unconfirmed_user, office_user, plain_user):
        with pytest.raises(PermissionDenied):
            answer_save(
                by=person, survey=survey, organisation=region, version=0, answers={stage: 1}
            )
    with pytest.raises(PermissionDenied):  # an organisation outside the survey
        answer_save(
            by=partner_rep, survey=survey, organisation=partner_org, version=0, answers={stage: 1}
        )
    assert not SurveyAnswer.objects.exists()


def test_a_coordinator_sends_only_to_their_network(coordinator, network, region):
    other = RegionFactory(name="Region Gotland", slug="region-gotland", county_code="09")
    survey = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    assert set(survey.recipients.all()) == {region}
    with pytest.raises(PermissionDenied):
        make_survey(coordinator, audience=Audience.REGIONS)
    with pytest.raises(PermissionDenied):
        survey_create(
            by=coordinator,
            title="x",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
            questions=questions(),
            audience=Audience.CHOSEN,
            organisations=[other],
        )


def test_a_stage_question_needs_stages(office_user, region):
    with pytest.raises(ValidationError):
        survey_create(
            by=office_user,
            title="x",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
            audience=Audience.REGIONS,
            questions=[{"kind": "stage", "text": "Var?", "options": ["Ett"]}],
        )
