"""Reading surveys: the recipients' state and the results.

The results count the submitted answers. An anonymous survey shows no
organisation's name, and shows nothing at all until ``ANONYMITY_THRESHOLD``
organisations have submitted.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from reglab.organisations.models import Kind
from reglab.surveys.access import can_manage, represented_organisation_ids, surveys_visible_to
from reglab.surveys.models import QuestionKind, Survey, SurveyAnswer

ANONYMITY_THRESHOLD = 3


def survey_get_for(*, user, pk) -> Survey:
    """A survey the person may see; the same 404 for missing and hidden."""
    try:
        return surveys_visible_to(user).get(pk=int(pk))
    except (Survey.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None


def may_read_results(user, survey: Survey) -> bool:
    """The managers, and the representatives of organisations the survey asks."""
    if can_manage(user, survey):
        return True
    ids = represented_organisation_ids(user)
    return bool(ids) and survey.recipients.filter(pk__in=ids).exists()


def recipients_state(survey: Survey) -> list[dict]:
    """Every recipient, with its answer's status (``None`` for no answer yet)."""
    status = dict(
        SurveyAnswer.objects.filter(survey=survey).values_list("organisation_id", "status")
    )
    return [
        {"organisation": organisation, "status": status.get(organisation.pk)}
        for organisation in survey.recipients.order_by("name")
    ]


@dataclass
class QuestionResult:
    question: object
    tally: list = field(default_factory=list)  # (label, count) in the options' order
    answers: list = field(default_factory=list)  # (organisation or None, shown value, why)
    mean: float | None = None


@dataclass
class Results:
    survey: Survey
    respondents: int
    recipients: int
    hidden: bool
    by_kind: list = field(default_factory=list)
    by_group: list = field(default_factory=list)  # (name, count), the office's groups
    questions: list = field(default_factory=list)


def shown_value(question, value) -> str:
    if value is None:
        return ""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.STAGE):
        return question.option_label(value)
    if question.kind == QuestionKind.MULTIPLE:
        return ", ".join(question.option_label(item) for item in value)
    return str(value)


def survey_results(survey: Survey) -> Results:
    """Counts by organisation kind and, per question, the tally and the answers.

    A fixed number of queries, whatever the number of answers.
    """
    answers = list(
        SurveyAnswer.objects.filter(survey=survey, status=SurveyAnswer.Status.SUBMITTED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    results = Results(
        survey=survey,
        respondents=len(answers),
        recipients=survey.recipients.count(),
        hidden=survey.anonymous and len(answers) < ANONYMITY_THRESHOLD,
    )
    if results.hidden:
        return results
    labels = dict(Kind.choices)
    kinds = Counter(answer.organisation.kind for answer in answers)
    results.by_kind = [(str(labels.get(kind, kind)), count) for kind, count in kinds.most_common()]
    answered = {answer.organisation_id for answer in answers}
    results.by_group = [
        (
            group.name,
            sum(1 for organisation in group.organisations.all() if organisation.pk in answered),
        )
        for group in survey.groups.prefetch_related("organisations")
    ]
    for question in survey.questions.all():
        key = str(question.pk)
        result = QuestionResult(question=question)
        counts = Counter()
        numbers = []
        for answer in answers:
            value = answer.data.get(key)
            if value is None:
                continue
            if question.kind == QuestionKind.MULTIPLE:
                counts.update(value)
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.STAGE):
                counts[value] += 1
            elif question.kind in (QuestionKind.SCALE, QuestionKind.YEAR):
                counts[value] += 1
                numbers.append(value)
            who = None if survey.anonymous else answer.organisation
            result.answers.append(
                (who, shown_value(question, value), answer.data.get(f"{key}_why", ""))
            )
        if question.options:
            result.tally = [(option["label"], counts[option["id"]]) for option in question.options]
        elif question.kind == QuestionKind.SCALE:
            result.tally = [(str(n), counts[n]) for n in range(1, question.scale_max + 1)]
        elif question.kind == QuestionKind.YEAR:
            result.tally = [(str(year), counts[year]) for year in sorted(counts)]
        if numbers:
            result.mean = round(sum(numbers) / len(numbers), 1)
        if survey.anonymous:
            # No order that could be matched against the list of recipients.
            result.answers.sort(key=lambda row: (row[1], row[2]))
        results.questions.append(result)
    return results


def open_surveys_for(user):
    """The open surveys to organisations the person represents, with each one's status:
    ``[(survey, organisation, status or None)]``."""
    from django.utils import timezone

    ids = represented_organisation_ids(user)
    if not ids:
        return []
    today = timezone.localdate()
    surveys = list(
        Survey.objects.filter(opens_on__lte=today, closes_on__gte=today, recipients__in=ids)
        .distinct()
        .prefetch_related("recipients")
    )
    if not surveys:
        return []
    status = {
        (survey_id, organisation_id): state
        for survey_id, organisation_id, state in SurveyAnswer.objects.filter(
            organisation_id__in=ids, survey__closes_on__gte=today
        ).values_list("survey_id", "organisation_id", "status")
    }
    rows = []
    for survey in surveys:
        for organisation in survey.recipients.all():
            if organisation.pk in ids:
                rows.append((survey, organisation, status.get((survey.pk, organisation.pk))))
    return rows


def no_answer_label() -> str:
    return _("No answer")


def map_question(results: Results):
    """The question the regions' map shows by default: the first with options (a stage
    question first), or None."""
    mappable = [row for row in results.questions if row.question.options]
    staged = [row for row in mappable if row.question.kind == QuestionKind.STAGE]
    return (staged or mappable or [None])[0]


def survey_display(survey: Survey) -> dict:
    """A survey's results as a meeting shows them (big screen, look back): the counts, each
    question's tally and the map of the regions, never before the anonymity threshold and
    never a map (it names regions) for an anonymous survey. A fixed number of queries."""
    from reglab.surveys.maps import answer_map

    results = survey_results(survey)
    chosen = None if results.hidden or survey.anonymous else map_question(results)
    return {
        "survey": survey,
        "results": results,
        "region_map": answer_map(survey, chosen.question) if chosen else None,
    }


def meeting_survey_links(meeting):
    """The surveys attached to the meeting's programme items, in the programme's order."""
    from reglab.surveys.models import ItemSurvey

    return list(ItemSurvey.objects.filter(item__meeting=meeting).select_related("survey", "item"))


def screen_survey(meeting_id: int):
    """The attached survey the meeting's big screen shows, or None."""
    from reglab.surveys.models import ItemSurvey

    link = (
        ItemSurvey.objects.filter(item__meeting_id=meeting_id, on_screen=True)
        .select_related("survey")
        .first()
    )
    return link.survey if link else None
