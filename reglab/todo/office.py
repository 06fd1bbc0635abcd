"""The office inbox's sections: each one SQL count and its first rows (see ``registry``)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_office
from reglab.meetings.models import Meeting, Registration
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


# The provrum waiting for the office at a stage: (key, filter, title, board state, row's page,
# row's action). Counted together in one aggregate query.
STAGES = (
    (
        "plans",
        Q(state=State.GO_AHEAD, plan__status="submitted"),
        gettext_lazy("Submitted project plans"),
        State.GO_AHEAD,
        "plan",
        gettext_lazy("Review the plan"),
    ),
    (
        "reports",
        Q(state=State.REPORTED, report__status="submitted"),
        gettext_lazy("Submitted final reports"),
        State.REPORTED,
        "report",
        gettext_lazy("Review the report"),
    ),
    (
        "closing",
        Q(state=State.REPORTED, report__status="approved"),
        gettext_lazy("Results waiting for dissemination and closing"),
        State.REPORTED,
        "dissemination",
        gettext_lazy("Disseminate and close"),
    ),
)
BOARD_LINKS = {
    State.GO_AHEAD: gettext_lazy("Provrum with the go-ahead"),
    State.REPORTED: gettext_lazy("Reported provrum"),
}


@office_source(order=20, name="provrum_stages")
def provrum_stages(user):
    """Submitted plans, submitted final reports, and approved reports whose results wait
    for dissemination and closing: one count query for the three, and their first rows."""
    if not is_office(user):
        return None
    counts = Provrum.objects.aggregate(
        **{key: Count("pk", filter=condition) for key, condition, *_rest in STAGES}
    )
    return [
        InboxSection(
            key=key,
            title=str(title),
            count=counts[key],
            url=reverse("provrum:board") + f"?state={state}",
            link_text=str(BOARD_LINKS[state]),
            rows=_provrum_rows(Provrum.objects.filter(condition), url_name, str(action)),
        )
        for key, condition, title, state, url_name, action in STAGES
    ]


@office_source(order=50, name="affiliations")
def affiliation_requests(user):
    if not is_office(user):
        return None
    # A deactivated (or erased) person's request waits on nothing the office can give.
    queryset = Affiliation.objects.pending().of_active_person()
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
    """Upcoming meetings with people on the waiting list: offer places or answer them.

    Those waiting are the queue as it moves (``Registration.objects.waiting()``): a
    deactivated person waits for nothing the office can offer.
    """
    if not is_office(user):
        return None
    meetings = (
        Meeting.objects.filter(date__gte=timezone.localdate())
        .annotate(
            waiting=Count(
                "registrations", filter=Q(registrations__in=Registration.objects.waiting())
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
