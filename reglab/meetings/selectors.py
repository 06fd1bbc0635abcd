"""Reads on networks and meetings, each limited to what the person may see.

List selectors prefetch what their pages show, so a page costs the same number
of queries for one meeting as for fifty (tests/meetings/test_query_counts.py).
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from reglab.meetings.access import meetings_visible_to
from reglab.meetings.models import (
    ItemKind,
    Meeting,
    Network,
    NetworkMembership,
    ProgrammeItem,
    Registration,
    RegistrationStatus,
    Speaker,
)
from reglab.meetings.models.registration import is_token_shaped
from reglab.meetings.services.registration import ACTIVE
from reglab.results.selectors import result_published

THEME_KINDS = (ItemKind.THEME, ItemKind.TALK)


def with_counts(meetings):
    """Annotate ``registered_count`` and ``waitlisted_count``.

    The seats taken count every seat, a deactivated person's too (it is taken until
    cancelled); those waiting are the queue as it moves, without deactivated people.
    """
    return meetings.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__in=Registration.objects.waiting())
        ),
    )


def themes_prefetch():
    """A meeting's themes and talks (what the look back shows), as ``themes``."""
    return Prefetch(
        "items",
        queryset=ProgrammeItem.objects.filter(kind__in=THEME_KINDS).order_by("day", "start_time"),
        to_attr="themes",
    )


def network_list():
    """Every network, by name, with its organisations counted."""
    return Network.objects.annotate(
        organisation_count=Count("organisations", distinct=True),
        member_count=Count(
            "memberships",
            filter=Q(memberships__in=active_memberships()),
            distinct=True,
        ),
    ).order_by("name")


def active_memberships():
    """Memberships that count, twice over: not left, and an active account (a deactivated
    person is no one's contact any more, nor counted among the network's people)."""
    return NetworkMembership.objects.active().of_active_person()


def network_get(*, slug: str) -> Network:
    """One network by slug, with its organisations and its active people counted
    (``member_count``); 404 when missing.

    The people themselves are not loaded: a network's page lists them a page at a
    time (``network_member_list``).
    """
    network = (
        Network.objects.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__in=active_memberships()), distinct=True
            )
        )
        .prefetch_related("organisations")
        .filter(slug=slug)
        .first()
    )
    if network is None:
        raise Http404
    return network


def network_member_list(*, network: Network):
    """The network's active people, in the order they joined, with their accounts."""
    return (
        active_memberships()
        .filter(network=network)
        .select_related("person")
        .order_by("joined_at", "pk")
    )


def network_contacts_and_membership(
    *, network: Network, user
) -> tuple[list[NetworkMembership], NetworkMembership | None]:
    """The network's contact people, whom its page shows to everyone, and ``user``'s own
    membership (None when not in it), read in one query."""
    own = Q(person_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    rows = list(network_member_list(network=network).filter(Q(is_contact=True) | own))
    contacts = [row for row in rows if row.is_contact]
    membership = next((row for row in rows if row.person_id == user.pk), None)
    return contacts, membership


def network_membership_of(*, network: Network, person_pk: int) -> NetworkMembership | None:
    """The active membership of the person with ``person_pk``, if any."""
    return network_member_list(network=network).filter(person_id=person_pk).first()


def network_meetings(*, network: Network, user, upcoming: bool):
    """The network's meetings ``user`` may see: upcoming ones soonest first, or earlier
    ones newest first (the look back, "Backspegel") with their themes."""
    meetings = meetings_visible_to(user).filter(network=network).select_related("network")
    today = timezone.localdate()
    if upcoming:
        # The key last: meetings at the same hour keep one order, so each is on one page.
        return with_counts(meetings.upcoming(today)).order_by("date", "start_time", "pk")
    return meetings.earlier(today).prefetch_related(themes_prefetch()).order_by("-date", "-pk")


def meeting_list(
    *,
    user,
    network: str = "",
    kind: str = "",
    date_from=None,
    date_to=None,
    upcoming_only: bool = False,
):
    """Meetings ``user`` may see, by date, filtered by network slug, kind and dates."""
    meetings = meetings_visible_to(user).select_related("network")
    if upcoming_only:
        meetings = meetings.upcoming()
    if network:
        meetings = meetings.filter(network__slug=network)
    if kind:
        meetings = meetings.filter(kind=kind)
    if date_from:
        meetings = meetings.filter(date__gte=date_from)
    if date_to:
        meetings = meetings.filter(date__lte=date_to)
    return with_counts(meetings).order_by("date", "start_time", "pk")


def programme_prefetch():
    return Prefetch(
        "items",
        queryset=ProgrammeItem.objects.prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("organisation")),
            "attachments",
        ).order_by("day", "start_time", "pk"),
        to_attr="programme",
    )


def meeting_get_for(*, user, pk) -> Meeting:
    """One meeting with its programme, speakers, slides and questions; the same 404 for a
    missing meeting and one ``user`` may not see."""
    meeting = (
        with_counts(meetings_visible_to(user))
        .select_related("network")
        .prefetch_related(programme_prefetch(), "questions")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def recent_results(count: int = 3):
    """The newest published provrum results, for Reglab's year (what was learnt lately)."""
    return result_published().select_related("provrum").order_by("-published_at")[:count]


def registration_for(*, meeting: Meeting, user) -> Registration | None:
    """The person's own active registration for a meeting, if any."""
    if not (user and user.is_authenticated):
        return None
    return meeting.registrations.filter(person=user, status__in=ACTIVE).first()


def registration_list(*, meeting: Meeting, include_cancelled: bool = False):
    """The meeting's registrations for its host: seats first, then the queue in order.

    A deactivated person's registration is listed as the record it is, with the
    person (``registration.person.is_active``) for the page to say so.
    """
    rows = (
        Registration.objects.filter(meeting=meeting)
        .select_related("person")
        .prefetch_related("answers")
    )
    if not include_cancelled:
        rows = rows.filter(status__in=ACTIVE)
    return rows.order_by("status", "queued_at", "created_at", "pk")


def registration_name_list(*, meeting: Meeting) -> tuple[list[Registration], int]:
    """Those expected at the meeting, by name, for the reception desk; and how many seats
    deactivated people still hold.

    A deactivated person's seat is taken until cancelled (the meeting's count of places
    counts it), but nobody expects the person, so it is left off the list and only
    counted, for the page to say so: the list and that count add up to the places taken.
    A guest who has not confirmed their address yet is listed (the seat is theirs until
    ``release_expired``), and the page marks them (``Registration.awaits_confirmation``).
    """
    seats = list(
        Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    expected = sorted(
        (r for r in seats if not r.has_deactivated_person), key=lambda r: r.name.casefold()
    )
    return expected, len(seats) - len(expected)


def registration_get_by_token(*, token: str) -> Registration:
    """The registration a link's token names; 404 for an unknown or malformed token."""
    if not is_token_shaped(token):
        raise Http404
    registration = (
        Registration.objects.select_related("meeting", "meeting__network")
        .filter(token=token)
        .first()
    )
    if registration is None:
        raise Http404
    return registration
