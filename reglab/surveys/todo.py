"""The surveys on the start page ("Att göra") and in the office inbox (``reglab.todo``).

Registered from ``SurveysConfig.ready()``; each source runs a fixed number of
queries and asks itself who may see what it returns.
"""

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reglab.accounts.permissions import is_office
from reglab.surveys.models import Survey, SurveyAnswer
from reglab.surveys.selectors import open_surveys_for
from reglab.todo.registry import InboxSection, TodoItem, office_source, person_source

ROWS = 5


@person_source(order=25, name="surveys")
def surveys_to_answer(user):
    """An open survey to an organisation the person represents, not yet submitted."""
    return [
        TodoItem(
            kind="survey",
            title=_("Answer the survey"),
            context=f"{survey.title} – {organisation.name}",
            url=reverse(
                "surveys:answer", kwargs={"pk": survey.pk, "organisation": organisation.slug}
            ),
            action=_("Continue the answer") if status else _("Answer the survey"),
            when=survey.closes_on,
            when_label=_("closes"),
            note=_("A draft is saved; it counts once submitted.") if status else "",
        )
        for survey, organisation, status in open_surveys_for(user)
        if status != SurveyAnswer.Status.SUBMITTED
    ]


@office_source(order=70, name="surveys")
def surveys_not_answered(user):
    """Open surveys with organisations that have not submitted an answer (to remind)."""
    if not is_office(user):
        return None
    today = timezone.localdate()
    surveys = (
        Survey.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .annotate(
            asked=Count("recipients", distinct=True),
            answered=Count(
                "answers", filter=Q(answers__status=SurveyAnswer.Status.SUBMITTED), distinct=True
            ),
        )
        .annotate(missing=F("asked") - F("answered"))
        .filter(missing__gt=0)
    )
    rows = [
        TodoItem(
            kind="survey",
            title=survey.title,
            context=ngettext(
                "%(missing)d of %(asked)d organisation has not answered",
                "%(missing)d of %(asked)d organisations have not answered",
                survey.asked,
            )
            % {"missing": survey.missing, "asked": survey.asked},
            url=reverse("surveys:detail", kwargs={"pk": survey.pk}),
            action=_("See who and remind"),
            when=survey.closes_on,
            when_label=_("closes"),
        )
        for survey in surveys.order_by("closes_on", "pk")[:ROWS]
    ]
    return InboxSection(
        key="surveys",
        title=_("Surveys with organisations that have not answered"),
        count=surveys.count(),
        url=reverse("surveys:list"),
        link_text=_("All surveys"),
        rows=rows,
    )
