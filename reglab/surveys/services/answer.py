"""An organisation's one answer, written on the shared review workflow.

Any confirmed representative of a recipient organisation saves (a new version,
refused as ``stale_version`` when a colleague saved in between) and submits.
The answer is editable from opening until the closing date, also after it is
submitted. The first save of two colleagues at once makes one answer: the
database allows one per survey and organisation.
"""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.provrum.reviewed import services as review
from reglab.surveys.access import may_answer_for
from reglab.surveys.models import AnswerComment, AnswerVersion, QuestionKind, Survey, SurveyAnswer

ANSWER = review.ReviewKind(
    name="answer",
    version_model=AnswerVersion,
    comment_model=AnswerComment,
    document_field="answer",
    stale_message=lambda: _(
        "A colleague saved the answer while you were editing it (now version %(version)s). "
        "Your answers are kept: compare them with the saved answer and save again."
    ),
    version_missing_message=lambda: _("Send the version of the answer you started from."),
    return_needs_comment_message=lambda: _("Write what the organisation should change."),
)

TEXT_LIMIT = 5000


def answer_of(survey: Survey, organisation) -> SurveyAnswer:
    """The organisation's answer; a new, unsaved one (version 0) before the first save."""
    found = SurveyAnswer.objects.filter(survey=survey, organisation=organisation).first()
    return found or SurveyAnswer(survey=survey, organisation=organisation, data={}, version=0)


def refuse_unless_writable(by, survey: Survey, organisation, today=None) -> None:
    if not may_answer_for(by, survey, organisation):
        raise PermissionDenied(
            _("Only a confirmed representative of an organisation the survey asks may answer.")
        )
    today = today or timezone.localdate()
    if today < survey.opens_on:
        raise ValidationError(_("The survey opens on %(date)s.") % {"date": survey.opens_on})
    if today > survey.closes_on:
        raise ValidationError(
            _("The survey closed on %(date)s; answers can no longer be changed.")
            % {"date": survey.closes_on},
            code="closed",
        )


def text_value(value, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: _("Write a text.")})
    value = value.strip()
    if len(value) > TEXT_LIMIT:
        raise ValidationError({field: _("A text may be at most 5000 characters.")})
    return value


def option_number(value) -> int | None:
    """An option's id sent as a whole number or as ASCII digits ("2"), else ``None``.

    ``str.isdigit`` lets "²" through, which ``int`` refuses, and an object or a list
    cannot be looked up among the ids: both raised (a 500) before.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) < 19:
            return int(value)
    return None


def clean_value(question, value):
    """One question's value, checked against its kind; ``None`` when left empty."""
    field = str(question.pk)
    if value in (None, "", []):
        return None
    ids = {option["id"] for option in question.options}
    if question.kind in (QuestionKind.SINGLE, QuestionKind.STAGE):
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        number = option_number(value)
        if number is None or number not in ids:
            if question.kind == QuestionKind.STAGE:
                raise ValidationError({field: _("There is no such stage in the process.")})
            raise ValidationError({field: _("Choose one of the options.")})
        return number
    if question.kind == QuestionKind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        numbers = [option_number(item) for item in values]
        if None in numbers:
            raise ValidationError({field: _("Choose among the options.")})
        chosen = sorted(set(numbers))
        if not chosen or not set(chosen) <= ids:
            raise ValidationError({field: _("Choose among the options.")})
        return chosen
    if question.kind == QuestionKind.TEXT:
        return text_value(value, field) or None
    number_message = {
        QuestionKind.SCALE: _("Choose a number from 1 to %(max)s.") % {"max": question.scale_max},
        QuestionKind.YEAR: _("Write a year, e.g. 2015."),
    }[question.kind]
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        # int() also reads "1_990", "١٩٩٠" and "+7": a typed answer is plain ASCII digits.
        if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,6}", value.strip()):
            raise ValueError
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: number_message}) from None
    low, high = (
        (1, question.scale_max)
        if question.kind == QuestionKind.SCALE
        else (
            1800,
            dt.date.today().year + 50,
        )
    )
    if not low <= number <= high:
        raise ValidationError({field: number_message})
    return number


def clean_answers(survey: Survey, raw) -> dict:
    """``{"<question id>": value, "<question id>_why": text}`` checked question by question;
    every message at once, keyed by the question's id."""
    if not isinstance(raw, dict):
        raise ValidationError({"answers": _("Send the answers as an object by question.")})
    questions = {str(question.pk): question for question in survey.questions.all()}
    unknown = [key for key in raw if key.removesuffix("_why") not in questions]
    if unknown:
        raise ValidationError(
            {"answers": _("The survey has no question %(id)s.") % {"id": unknown[0]}}
        )
    cleaned, errors = {}, {}
    for key, question in questions.items():
        try:
            value = clean_value(question, raw.get(key))
            if value is not None:
                cleaned[key] = value
            why = raw.get(f"{key}_why")
            if question.ask_why and why not in (None, ""):
                why = text_value(why, f"{key}_why")
                if why:
                    cleaned[f"{key}_why"] = why
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def locked_answer(survey: Survey, organisation) -> SurveyAnswer:
    """The answer's row, locked; created first when nobody has saved yet (one row even
    when two colleagues save at once: the second waits, then finds the first's)."""
    try:
        with transaction.atomic():
            SurveyAnswer.objects.get_or_create(survey=survey, organisation=organisation)
    except IntegrityError:
        pass
    return SurveyAnswer.objects.select_for_update().get(survey=survey, organisation=organisation)


@transaction.atomic
def answer_save(*, by, survey: Survey, organisation, version, answers) -> SurveyAnswer:
    """Keep the organisation's answers as a new version (based on ``version``)."""
    refuse_unless_writable(by, survey, organisation)
    number = review.version_number(ANSWER, version)
    data = clean_answers(survey, answers)
    answer = locked_answer(survey, organisation)
    review.refuse_if_stale(ANSWER, answer, number)
    return review.version_save(ANSWER, answer, by=by, data=data)


@transaction.atomic
def answer_submit(*, by, survey: Survey, organisation, version) -> SurveyAnswer:
    """The answer is submitted; a second submit of the same version changes nothing."""
    refuse_unless_writable(by, survey, organisation)
    number = review.version_number(ANSWER, version)
    answer = locked_answer(survey, organisation)
    review.refuse_if_stale(ANSWER, answer, number)
    if answer.version == 0:
        raise ValidationError(_("Save the answer before submitting it."))
    if answer.status != SurveyAnswer.Status.SUBMITTED:
        review.mark_submitted(answer, by=by)
    return answer
