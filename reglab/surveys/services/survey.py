"""Creating a survey: its audience resolved into a stored set of recipients."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reglab.core.text import single_line
from reglab.organisations.models import Organisation
from reglab.surveys.access import can_create_for, can_manage
from reglab.surveys.models import Audience, Question, QuestionKind, Survey

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.STAGE}


def recipients_for(*, audience: str, network=None, organisations=()):
    """The organisations an audience asks, active today."""
    active = Organisation.objects.active()
    if audience == Audience.MEMBERS:
        return active.members()
    if audience == Audience.REGIONS:
        return active.filter(is_region=True)
    if audience == Audience.NETWORK:
        if network is None:
            raise ValidationError(
                {"network": _("Choose the network whose organisations are asked.")}
            )
        return active.filter(networks=network)
    if audience == Audience.CHOSEN:
        chosen = active.filter(pk__in=[o.pk if hasattr(o, "pk") else o for o in organisations])
        if not chosen.exists():
            raise ValidationError({"organisations": _("Choose at least one organisation.")})
        return chosen
    raise ValidationError({"audience": _("Choose who is asked.")})


def clean_question(raw: dict, position: int) -> Question:
    kind = raw.get("kind")
    if kind not in QuestionKind.values:
        raise ValidationError(
            {"questions": _("Question %(n)s has no valid kind.") % {"n": position}}
        )
    text = (raw.get("text") or "").strip()
    if not text or len(text) > 500:
        raise ValidationError(
            {
                "questions": _("Question %(n)s needs a text of at most 500 characters.")
                % {"n": position}
            }
        )
    options = []
    if kind in CHOICE_KINDS:
        labels = [str(label).strip() for label in raw.get("options") or [] if str(label).strip()]
        if len(labels) < 2:
            raise ValidationError(
                {"questions": _("Question %(n)s needs at least two options.") % {"n": position}}
            )
        options = [{"id": number, "label": label[:200]} for number, label in enumerate(labels, 1)]
    scale_max = raw.get("scale_max") or 5
    if scale_max not in (5, 10):
        raise ValidationError({"questions": _("A scale goes from 1 to 5 or from 1 to 10.")})
    return Question(
        position=position,
        kind=kind,
        text=text,
        options=options,
        ask_why=bool(raw.get("ask_why")) and kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE},
        scale_max=scale_max,
    )


@transaction.atomic
def survey_create(
    *,
    by,
    title: str,
    opens_on,
    closes_on,
    questions: list[dict],
    introduction: str = "",
    anonymous: bool = False,
    audience: str = Audience.MEMBERS,
    network=None,
    organisations=(),
) -> Survey:
    """A new survey with its questions and its recipients."""
    if not can_create_for(by, audience=audience, network=network):
        raise PermissionDenied(_("Only the office, or a network's coordinator, sends surveys."))
    # One line: the title is an e-mail subject in the reminders.
    title = single_line(title)
    if not title:
        raise ValidationError({"title": _("Give the survey a title.")})
    if not questions:
        raise ValidationError({"questions": _("Add at least one question.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("A survey cannot close before it opens.")})
    recipients = list(
        recipients_for(audience=audience, network=network, organisations=organisations)
    )
    cleaned = [clean_question(raw, n) for n, raw in enumerate(questions, 1)]
    survey = Survey(
        title=title[:200],
        introduction=(introduction or "").strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        audience=audience,
        network=network if audience == Audience.NETWORK else None,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    for question in cleaned:
        question.survey = survey
    Question.objects.bulk_create(cleaned)
    survey.recipients.set(recipients)
    return survey


@transaction.atomic
def survey_update(survey: Survey, *, by, **fields) -> Survey:
    """Title, introduction, dates and anonymity changed by whoever manages it."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not can_manage(by, survey):
        raise PermissionDenied(_("You do not manage this survey."))
    for name in ("title", "introduction", "opens_on", "closes_on", "anonymous"):
        if name in fields:
            setattr(survey, name, single_line(fields[name]) if name == "title" else fields[name])
    survey.full_clean()
    survey.save()
    return survey
