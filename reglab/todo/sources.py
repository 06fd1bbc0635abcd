"""The platform's own sources for the personal start page (see ``registry``).

Each runs one or two queries whatever the amount of data: the provrum a person's
organisations take part in, their upcoming meetings, the live questions open in
them and their own affiliation requests.
"""

from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.accounts.permissions import is_office
from reglab.live.models import Question, QuestionStatus
from reglab.meetings.models import Registration, RegistrationStatus
from reglab.provrum.models import Comment, Interest, Provrum, State, StatusUpdate
from reglab.provrum.permissions import represented_organisations
from reglab.todo.registry import TodoItem, person_source

# How far back a comment or an interest on one's own proposal counts as news.
NEWS_DAYS = 14
# A leader is asked for a status update when the last one is older than this.
STATUS_UPDATE_DAYS = 30
# How many rows one source gives at most (the page links onwards for more).
LIMIT = 10
OPEN_DOCUMENT = {None, "draft", "returned"}


def _status(provrum, name):
    """The plan's or report's status (selected with the provrum), None while none is saved."""
    try:
        return getattr(provrum, name).status
    except ObjectDoesNotExist:
        return None


@person_source(order=10, name="affiliation")
def affiliation_steps(user):
    """A newcomer: ask to represent an organisation, or wait for the office."""
    if represented_organisations(user) or is_office(user):
        return []
    pending = list(
        Affiliation.objects.filter(person=user, status=AffiliationStatus.REQUESTED)
        .select_related("organisation")
        .order_by("requested_at")[:LIMIT]
    )
    profile = reverse("accounts:profile")
    if pending:
        return [
            TodoItem(
                kind="affiliation_pending",
                title=_("Your request waits for the office"),
                context=affiliation.organisation.name,
                url=profile,
                action=_("See your request"),
                note=_("The office confirms that you represent the organisation."),
            )
            for affiliation in pending
        ]
    return [
        TodoItem(
            kind="affiliation",
            title=_("Ask to represent your organisation"),
            context=_("Reglab"),
            url=f"{profile}#request-title",
            action=_("Ask to represent your organisation"),
            note=_("Then you can propose provrum and take part in them."),
        )
    ]


def _group_provrum(organisation_ids):
    """The provrum in their go-ahead or running phase where one of the organisations
    leads or takes part, with the plan, the report and the last status update."""
    last_update = (
        StatusUpdate.objects.filter(provrum=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    taking_part = Interest.objects.filter(
        provrum=OuterRef("pk"), organisation_id__in=organisation_ids
    )
    return (
        Provrum.objects.filter(state__in=[State.GO_AHEAD, State.RUNNING])
        .filter(Q(leader_id__in=organisation_ids) | Exists(taking_part))
        .select_related("plan", "report")
        .annotate(last_update_at=Subquery(last_update))
        .order_by("go_ahead_at", "pk")[:LIMIT]
    )


@person_source(order=20, name="provrum_work")
def provrum_work(user):
    """Write the plan, the status update and the final report."""
    organisations = represented_organisations(user)
    if not organisations:
        return []
    items = []
    stale = timezone.now() - timedelta(days=STATUS_UPDATE_DAYS)
    for provrum in _group_provrum(list(organisations)):
        leads = provrum.leader_id in organisations
        if provrum.state == State.GO_AHEAD:
            status = _status(provrum, "plan")
            if status in OPEN_DOCUMENT:
                items.append(
                    TodoItem(
                        kind="plan",
                        title=_("Revise the project plan")
                        if status == "returned"
                        else _("Write the project plan"),
                        context=provrum.title,
                        url=reverse("provrum:plan", args=[provrum.pk]),
                        action=_("Open the plan"),
                    )
                )
            continue
        status = _status(provrum, "report")
        if status in OPEN_DOCUMENT:
            items.append(
                TodoItem(
                    kind="report",
                    title=_("Submit the final report") if leads else _("Write the final report"),
                    context=provrum.title,
                    url=reverse("provrum:report", args=[provrum.pk]),
                    action=_("Open the final report"),
                )
            )
        if leads and (provrum.last_update_at is None or provrum.last_update_at < stale):
            items.append(
                TodoItem(
                    kind="status",
                    title=_("Post a status update"),
                    context=provrum.title,
                    url=reverse("provrum:running", args=[provrum.pk]) + "#status-title",
                    action=_("Write a status update"),
                )
            )
    return items


@person_source(order=30, name="proposal_news")
def proposal_news(user):
    """New comments and interest from others on a proposal the person's organisation made."""
    organisations = represented_organisations(user)
    if not organisations:
        return []
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    comments = (
        Comment.objects.filter(
            provrum=OuterRef("pk"), created_at__gte=since, removed_at__isnull=True
        )
        .exclude(author=user)
        .values("provrum")
        .annotate(n=Count("pk"))
        .values("n")
    )
    interests = (
        Interest.objects.filter(provrum=OuterRef("pk"), created_at__gte=since)
        .exclude(organisation_id__in=list(organisations))
        .values("provrum")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Provrum.objects.filter(
            state__in=[State.PROPOSED, State.INTEREST],
            proposer_organisation_id__in=list(organisations),
        )
        .annotate(new_comments=Subquery(comments), new_interests=Subquery(interests))
        .filter(Q(new_comments__gt=0) | Q(new_interests__gt=0))
        .order_by("-published_at", "pk")[:LIMIT]
    )
    items = []
    for provrum in rows:
        parts = []
        if provrum.new_comments:
            parts.append(
                ngettext("%(n)d new comment", "%(n)d new comments", provrum.new_comments)
                % {"n": provrum.new_comments}
            )
        if provrum.new_interests:
            parts.append(
                ngettext(
                    "%(n)d new organisation interested",
                    "%(n)d new organisations interested",
                    provrum.new_interests,
                )
                % {"n": provrum.new_interests}
            )
        items.append(
            TodoItem(
                kind="proposal",
                title=_("News on your proposal"),
                context=provrum.title,
                url=reverse("provrum:discussion", args=[provrum.pk]),
                action=_("Read and reply"),
                note=", ".join(parts),
            )
        )
    return items


@person_source(order=40, name="meetings")
def upcoming_meetings(user):
    """Meetings the person has a place (or a place in the queue) at, from today on."""
    today = timezone.localdate()
    registrations = (
        Registration.objects.filter(
            person=user,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
            meeting__date__gte=today,
        )
        .select_related("meeting")
        .order_by("meeting__date", "meeting__start_time", "pk")[:LIMIT]
    )
    return [
        TodoItem(
            kind="meeting",
            title=_("A meeting you are registered for")
            if registration.status == RegistrationStatus.REGISTERED
            else _("A meeting where you are on the waiting list"),
            context=registration.meeting.title,
            url=reverse("meetings:detail", args=[registration.meeting_id]),
            action=_("See the meeting"),
            when=registration.meeting.date,
        )
        for registration in registrations
    ]


@person_source(order=15, name="live")
def live_questions(user):
    """A question open right now in a meeting the person is registered for."""
    today = timezone.localdate()
    questions = (
        Question.objects.filter(
            status=QuestionStatus.OPEN,
            meeting__date__lte=today,
            meeting__registrations__person=user,
            meeting__registrations__status=RegistrationStatus.REGISTERED,
            meeting__room__isnull=False,
        )
        .filter(
            Q(meeting__end_date__gte=today) | Q(meeting__end_date__isnull=True, meeting__date=today)
        )
        .select_related("meeting", "meeting__room")
        .order_by("meeting_id", "pk")[:LIMIT]
    )
    seen = set()
    items = []
    for question in questions:
        if question.meeting_id in seen:
            continue
        seen.add(question.meeting_id)
        items.append(
            TodoItem(
                kind="live",
                title=_("A question is open in your meeting"),
                context=question.meeting.title,
                url=reverse("live:room", args=[question.meeting.room.code]),
                action=_("Answer now"),
            )
        )
    return items
