"""People joining and leaving networks, and the network's coordinators and contacts."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.meetings.access import can_join_network, can_manage_network
from reglab.meetings.models import Network, NetworkMembership


@transaction.atomic
def network_join(*, network: Network, person) -> NetworkMembership:
    """Join a network (a confirmed representative or the office); joining twice changes nothing."""
    if not can_join_network(person, network):
        raise PermissionDenied(
            _("Only confirmed representatives of Reglab's organisations may join a network.")
        )
    found = NetworkMembership.objects.active().filter(network=network, person=person).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return NetworkMembership.objects.create(network=network, person=person)
    except IntegrityError:
        # Joined at the same moment in another request: that row is the membership.
        return NetworkMembership.objects.active().get(network=network, person=person)


@transaction.atomic
def network_leave(*, network: Network, person) -> None:
    """Leave a network; the membership is kept as history. Not a member: nothing changes."""
    NetworkMembership.objects.active().filter(network=network, person=person).update(
        left_at=timezone.now(), is_coordinator=False, is_contact=False
    )


@transaction.atomic
def network_member_set_roles(
    *, network: Network, by, person, is_coordinator: bool, is_contact: bool
) -> NetworkMembership:
    """Make a member coordinator and/or contact person (the office or a coordinator does)."""
    if not can_manage_network(by, network):
        raise PermissionDenied(_("You are not allowed to do this."))
    membership = NetworkMembership.objects.active().filter(network=network, person=person).first()
    if membership is None:
        membership = NetworkMembership.objects.create(network=network, person=person)
    membership.is_coordinator = is_coordinator
    membership.is_contact = is_contact
    membership.save(update_fields=["is_coordinator", "is_contact"])
    return membership
