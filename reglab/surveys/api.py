"""The surveys API: /api/v1/surveys… in the common OpenAPI schema.

Everything needs a sign-in (session or API token). Refusals in Swedish with a
stable code: 403 ``not_allowed``, 404 (also for a survey the person may not
see), 409 ``stale_version`` with the current version, 422 for bad input
(``closed`` after the closing date).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from reglab.meetings.api import SIGNED_IN
from reglab.meetings.models import Network
from reglab.organisations.models import Organisation
from reglab.provrum.web import unless_stale, with_stale
from reglab.surveys import selectors
from reglab.surveys.access import surveys_visible_to
from reglab.surveys.models import Audience, Survey
from reglab.surveys.services import answer as answer_services
from reglab.surveys.services import survey as survey_services

router = Router(tags=["surveys"], auth=SIGNED_IN)


class SurveyOptionOut(Schema):
    id: int
    label: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    options: list[SurveyOptionOut]
    ask_why: bool
    scale_max: int


class SurveyItemOut(Schema):
    id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    anonymous: bool
    audience: str


class SurveyOut(SurveyItemOut):
    introduction: str
    network: str | None
    recipients: list[str]
    questions: list[QuestionOut]


class SurveyQuestionIn(Schema):
    kind: str
    text: str
    options: list[str] = []
    ask_why: bool = False
    scale_max: int = 5


class SurveyIn(Schema):
    title: str
    introduction: str = ""
    opens_on: dt.date
    closes_on: dt.date
    anonymous: bool = False
    audience: str = Audience.MEMBERS
    network: str | None = None
    organisations: list[str] = []
    questions: list[SurveyQuestionIn]


class AnswerOut(Schema):
    organisation: str
    version: int
    status: str
    answers: dict[str, Any]


class AnswerIn(Schema):
    version: int
    answers: dict[str, Any]


class VersionIn(Schema):
    version: int


class CountOut(Schema):
    label: str
    count: int


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    tally: list[CountOut]
    mean: float | None
    answers: list[dict[str, Any]]


class ResultsOut(Schema):
    respondents: int
    recipients: int
    hidden: bool
    by_kind: list[CountOut]
    by_group: list[CountOut]
    questions: list[QuestionResultOut]


def survey_out(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "introduction": survey.introduction,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "anonymous": survey.anonymous,
        "audience": survey.audience,
        "network": survey.network.slug if survey.network else None,
        "recipients": [organisation.slug for organisation in survey.recipients.order_by("name")],
        "questions": [
            {
                "id": question.pk,
                "kind": question.kind,
                "text": question.text,
                "options": question.options,
                "ask_why": question.ask_why,
                "scale_max": question.scale_max,
            }
            for question in survey.questions.all()
        ],
    }


def answer_out(answer) -> dict:
    return {
        "organisation": answer.organisation.slug,
        "version": answer.version,
        "status": answer.status,
        "answers": answer.data,
    }


def organisation_for(survey: Survey, slug: str, user) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not survey.recipients.filter(pk=organisation.pk).exists():
        raise ValidationError(_("The survey does not ask this organisation."))
    return organisation


@router.get("/surveys", response=list[SurveyItemOut])
def list_surveys(request):
    return surveys_visible_to(request.user).order_by("-opens_on", "-pk")


@router.post("/surveys", response={201: SurveyOut})
def create_survey(request, payload: SurveyIn):
    network = None
    if payload.network:
        network = Network.objects.filter(slug=payload.network).first()
        if network is None:
            raise ValidationError({"network": _("There is no such network.")})
    organisations = list(Organisation.objects.filter(slug__in=payload.organisations))
    survey = survey_services.survey_create(
        by=request.user,
        title=payload.title,
        introduction=payload.introduction,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        anonymous=payload.anonymous,
        audience=payload.audience,
        network=network,
        organisations=organisations,
        questions=[question.dict() for question in payload.questions],
    )
    return Status(201, survey_out(survey))


@router.get("/surveys/{survey_id}", response=SurveyOut)
def get_survey(request, survey_id: int):
    return survey_out(selectors.survey_get_for(user=request.user, pk=survey_id))


def readable_answer(request, survey_id: int, organisation: str):
    survey = selectors.survey_get_for(user=request.user, pk=survey_id)
    found = organisation_for(survey, organisation, request.user)
    from reglab.surveys.access import can_manage, represented_organisation_ids

    if not (
        found.pk in represented_organisation_ids(request.user)
        or (can_manage(request.user, survey) and not survey.anonymous)
    ):
        raise PermissionDenied(_("Only the organisation's representatives read its answer."))
    return survey, found


@router.get("/surveys/{survey_id}/answers/{organisation}", response=AnswerOut)
def get_answer(request, survey_id: int, organisation: str):
    survey, found = readable_answer(request, survey_id, organisation)
    return answer_out(answer_services.answer_of(survey, found))


@router.put("/surveys/{survey_id}/answers/{organisation}", response=with_stale({200: AnswerOut}))
def put_answer(request, survey_id: int, organisation: str, payload: AnswerIn):
    survey = selectors.survey_get_for(user=request.user, pk=survey_id)
    found = organisation_for(survey, organisation, request.user)
    return unless_stale(
        lambda: answer_services.answer_save(
            by=request.user,
            survey=survey,
            organisation=found,
            version=payload.version,
            answers=payload.answers,
        ),
        answer_out,
    )


@router.post(
    "/surveys/{survey_id}/answers/{organisation}/submit", response=with_stale({200: AnswerOut})
)
def submit_answer(request, survey_id: int, organisation: str, payload: VersionIn):
    survey = selectors.survey_get_for(user=request.user, pk=survey_id)
    found = organisation_for(survey, organisation, request.user)
    return unless_stale(
        lambda: answer_services.answer_submit(
            by=request.user, survey=survey, organisation=found, version=payload.version
        ),
        answer_out,
    )


@router.get("/surveys/{survey_id}/results", response=ResultsOut)
def get_results(request, survey_id: int):
    survey = selectors.survey_get_for(user=request.user, pk=survey_id)
    if not selectors.may_read_results(request.user, survey):
        raise PermissionDenied(_("You may not read this survey's results."))
    results = selectors.survey_results(survey)
    return {
        "respondents": results.respondents,
        "recipients": results.recipients,
        "hidden": results.hidden,
        "by_kind": [{"label": label, "count": count} for label, count in results.by_kind],
        "by_group": [{"label": label, "count": count} for label, count in results.by_group],
        "questions": [
            {
                "id": row.question.pk,
                "text": row.question.text,
                "kind": row.question.kind,
                "tally": [{"label": label, "count": count} for label, count in row.tally],
                "mean": row.mean,
                "answers": [
                    {"organisation": who.slug if who else None, "value": value, "why": why}
                    for who, value, why in row.answers
                ],
            }
            for row in results.questions
        ],
    }
