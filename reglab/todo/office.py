"""The office inbox's sections: each one SQL count and its first rows (see ``registry``)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_office
from reglab.meetings.models import Meeting, RegistrationStatus
from reglab.provrum.models import Provrum, State
from reglab.todo.registry import InboxSection, TodoItem, office_source

ROWS = 5


def _provrum_rows(queryset, url_name, action):
    return [
        TodoItem(
            kind=url_name,
            title=provrum.title,
            context=provrum.proposer_organisation.name,
            url=reverse(f"provrum:{url_name}", args=[provrum.pk]),
            action=action,
        )
        for provrum in queryset.select_related("proposer_organisation").order_by("pk")[:ROWS]
    ]


@office_source(order=10, name="provrum_decisions")
def proposals_waiting(user):
    """Proposals forming a group: the ready ones wait for the go-ahead or a refusal."""
    if not is_office(user):
        return None
    counts = Provrum.objects.filter(state__in=[State.PROPOSED, State.INTEREST]).aggregate(
        total=Count("pk"), ready=Count("pk", filter=Q(is_ready=True, state=State.INTEREST))
    )
    rows = _provrum_rows(
        Provrum.objects.filter(state=State.INTEREST, is_ready=True), "detail", _("Decide")
    )
    return InboxSection(
        key="decisions",
        title=_("Proposals waiting for a decision"),
        count=counts["ready"],
        url=reverse("provrum:queue"),
        link_text=_("All %(n)d proposals being formed") % {"n": counts["total"]},
        rows=rows,
    )


@office_source(order=20, name="plans")
def submitted_plans(user):
    if not is_office(user):
        return None
    queryset = Provrum.objects.filter(state=State.GO_AHEAD, plan__status="submitted")
    return InboxSection(
        key="plans",
        title=_("Submitted project plans"),
        count=queryset.count(),
        url=reverse("provrum:board") + "?state=go_ahead",
        link_text=_("Provrum with the go-ahead"),
        rows=_provrum_rows(queryset, "plan", _("Review the plan")),
    )


@office_source(order=30, name="reports")
def submitted_reports(user):
    if not is_office(user):
        return None
    queryset = Provrum.objects.filter(state=State.REPORTED, report__status="submitted")
    return InboxSection(
        key="reports",
        title=_("Submitted final reports"),
        count=queryset.count(),
        url=reverse("provrum:board") + "?state=reported",
        link_text=_("Reported provrum"),
        rows=_provrum_rows(queryset, "report", _("Review the report")),
    )


@office_source(order=40, name="closing")
def results_to_close(user):
    """Approved final reports: the results wait for dissemination and closing."""
    if not is_office(user):
        return None
    queryset = Provrum.objects.filter(state=State.REPORTED, report__status="approved")
    return InboxSection(
        key="closing",
        title=_("Results waiting for dissemination and closing"),
        count=queryset.count(),
        url=reverse("provrum:board") + "?state=reported",
        link_text=_("Reported provrum"),
        rows=_provrum_rows(queryset, "dissemination", _("Disseminate and close")),
    )


@office_source(order=50, name="affiliations")
def affiliation_requests(user):
    if not is_office(user):
        return None
    queryset = Affiliation.objects.pending()
    rows = [
        TodoItem(
            kind="affiliation",
            title=affiliation.person.get_full_name(),
            context=affiliation.organisation.name,
            url=reverse("accounts:affiliation_queue"),
            action=_("Confirm or reject"),
        )
        for affiliation in queryset.select_related("person", "organisation").order_by(
            "requested_at", "pk"
        )[:ROWS]
    ]
    return InboxSection(
        key="affiliations",
        title=_("Requests to represent an organisation"),
        count=queryset.count(),
        url=reverse("accounts:affiliation_queue"),
        link_text=_("All requests"),
        rows=rows,
    )


@office_source(order=60, name="registrations")
def registrations_to_follow_up(user):
    """Upcoming meetings with people on the waiting list: offer places or answer them."""
    if not is_office(user):
        return None
    meetings = (
        Meeting.objects.filter(date__gte=timezone.localdate())
        .annotate(
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            )
        )
        .filter(waiting__gt=0)
    )
    total = meetings.count()
    rows = [
        TodoItem(
            kind="registrations",
            title=meeting.title,
            context=_("%(n)d on the waiting list") % {"n": meeting.waiting},
            url=reverse("meetings:participants", args=[meeting.pk]),
            action=_("See the participants"),
            when=meeting.date,
        )
        for meeting in meetings.order_by("date", "pk")[:ROWS]
    ]
    return InboxSection(
        key="registrations",
        title=_("Meetings with registrations to follow up"),
        count=total,
        url=reverse("meetings:list"),
        link_text=_("All meetings"),
        rows=rows,
    )
