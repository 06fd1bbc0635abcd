"""Who may see and host what: django-rules predicates with their queryset twins.

A members-only meeting of a network is seen by the office, the network's
people and the representatives of its organisations; a members-only event of
its own by the office and the representatives of Reglab's member
organisations. A meeting is hosted by the office or its network's coordinators.
Fetch-by-id (``selectors.meeting_get_for``) answers 404 alike for missing and hidden.
"""

import rules
from django.db.models import Q

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_confirmed_representative, is_office
from reglab.meetings.models import Meeting, Network, NetworkMembership, Visibility


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_meetings_filter(user) -> Q:
    """The meetings ``user`` may see, as a filter on Meeting."""
    public = Q(visibility=Visibility.PUBLIC)
    if not is_signed_in(user):
        return public
    if is_office(user):
        return Q()
    own_networks = NetworkMembership.objects.active().filter(person=user).values("network_id")
    organisations = Affiliation.objects.confirmed().filter(person=user).values("organisation_id")
    members = Affiliation.objects.member_representation().filter(person=user)
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
    return (
        NetworkMembership.objects.active()
        .filter(network=network, person=user, is_coordinator=True)
        .exists()
    )


@rules.predicate
def can_view_meeting(user, meeting):
    if meeting is None:
        return False
    if meeting.visibility == Visibility.PUBLIC or is_office(user):
        return True
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


@rules.predicate
def can_host_meeting(user, meeting):
    """The office hosts every meeting; a network's coordinators host its meetings."""
    if meeting is None:
        return False
    return bool(is_office(user) or is_coordinator_of(user, meeting.network))


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
    return bool(
        is_signed_in(user)
        and NetworkMembership.objects.active().filter(person=user, is_coordinator=True).exists()
    )


def networks_hosted_by(user):
    """The networks whose meetings ``user`` may create: all for the office."""
    if is_office(user):
        return Network.objects.all()
    return Network.objects.filter(
        memberships__person=user,
        memberships__left_at__isnull=True,
        memberships__is_coordinator=True,
    )


rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.host_meeting", can_host_meeting)
rules.add_perm("meetings.manage_network", can_manage_network)
rules.add_perm("meetings.join_network", can_join_network)
