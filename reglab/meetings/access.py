"""Who may see and host what: django-rules predicates with their queryset twins.

A members-only meeting of a network is seen by the office, the network's
people and the representatives of its organisations; a members-only event of
its own by the office and the representatives of Reglab's member
organisations. A meeting is hosted by the office or its network's coordinators.
Fetch-by-id (``selectors.meeting_get_for``) answers 404 alike for missing and hidden.

Being in a network is rechecked against the person's affiliation every time:
only a confirmed representative of an organisation active today
(``Affiliation.objects.of_active_organisation()``, the one "active organisation"
condition) keeps the members-only access and the coordinator's rights a
membership gives. An affiliation that ends, or an organisation whose active
period is over, takes them away at once, without anyone leaving the network.
"""

import rules
from django.db.models import Exists, Q

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_confirmed_representative, is_office
from reglab.meetings.models import (
    Meeting,
    Network,
    NetworkMembership,
    RegistrationStatus,
    Visibility,
)


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def representing(user):
    """The person's confirmed affiliations to organisations active today."""
    return Affiliation.objects.confirmed().of_active_organisation().filter(person=user)


def network_memberships_of(user):
    """The person's network memberships that still count: active, and held by a confirmed
    representative of an active organisation (none otherwise)."""
    if not is_signed_in(user):
        return NetworkMembership.objects.none()
    # A subquery, not a query of its own: the pages' query counts stay as they were.
    return NetworkMembership.objects.active().filter(person=user).filter(Exists(representing(user)))


def visible_meetings_filter(user) -> Q:
    """The meetings ``user`` may see, as a filter on Meeting. A draft is seen only by its
    hosts: the office and the network's coordinators."""
    published = Q(is_draft=False)
    public = Q(visibility=Visibility.PUBLIC)
    if not is_signed_in(user):
        return public & published
    if is_office(user):
        return Q()
    coordinated = network_memberships_of(user).filter(is_coordinator=True).values("network_id")
    return seen_when_published(user) & (published | Q(network_id__in=coordinated))


def seen_when_published(user) -> Q:
    """The published meetings a signed-in person (not the office) may see."""
    public = Q(visibility=Visibility.PUBLIC)
    affiliations = representing(user)
    own_networks = network_memberships_of(user).values("network_id")
    organisations = affiliations.values("organisation_id")
    members = affiliations.member_representation()
    standalone = Q(network__isnull=True) if members.exists() else Q(pk__in=[])
    return (
        public
        | Q(network_id__in=own_networks)
        | Q(network__organisations__in=organisations)
        | standalone
    )


def meetings_visible_to(user):
    """Meeting rows ``user`` may see (distinct: the organisation join can repeat a row)."""
    return Meeting.objects.filter(
        pk__in=Meeting.objects.filter(visible_meetings_filter(user)).values("pk")
    )


def is_coordinator_of(user, network) -> bool:
    if not is_signed_in(user) or network is None:
        return False
    return network_memberships_of(user).filter(network=network, is_coordinator=True).exists()


@rules.predicate
def can_view_meeting(user, meeting):
    if meeting is None:
        return False
    if is_office(user):
        return True
    if meeting.is_draft:
        return can_host_meeting(user, meeting)
    if meeting.visibility == Visibility.PUBLIC:
        return True
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


@rules.predicate
def can_host_meeting(user, meeting):
    """The office hosts every meeting; a network's coordinators host its meetings."""
    if meeting is None:
        return False
    return bool(is_office(user) or is_coordinator_of(user, meeting.network))


def may_see_digital_link(user, meeting, registration, *, hosting: bool | None = None) -> bool:
    """The digital link is for those with a seat (``registration`` is the person's own,
    or None) and the meeting's hosts; not for the waiting list. ``hosting`` is
    ``can_host_meeting`` when the caller already knows it (saves the query)."""
    if registration is not None and registration.status == RegistrationStatus.REGISTERED:
        return True
    return can_host_meeting(user, meeting) if hosting is None else hosting


@rules.predicate
def can_manage_network(user, network):
    return bool(is_office(user) or is_coordinator_of(user, network))


@rules.predicate
def can_join_network(user, network):
    return bool(is_office(user) or is_confirmed_representative(user))


@rules.predicate
def can_create_meeting(user, network=None):
    if is_office(user):
        return True
    return network is not None and is_coordinator_of(user, network)


def can_create_any_meeting(user) -> bool:
    """The office, or a coordinator of some network (for that network's meetings)."""
    if is_office(user):
        return True
    return network_memberships_of(user).filter(is_coordinator=True).exists()


def networks_hosted_by(user):
    """The networks whose meetings ``user`` may create: all for the office."""
    if is_office(user):
        return Network.objects.all()
    return Network.objects.filter(
        pk__in=network_memberships_of(user).filter(is_coordinator=True).values("network_id")
    )


rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.host_meeting", can_host_meeting)
rules.add_perm("meetings.manage_network", can_manage_network)
rules.add_perm("meetings.join_network", can_join_network)
