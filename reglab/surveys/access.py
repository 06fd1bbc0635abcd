"""Who may manage, answer and read a survey.

The office manages every survey; a network's coordinator the surveys to their
network's organisations. A confirmed representative of a recipient
organisation (active today) writes that organisation's answer.
"""

from django.db.models import Q

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_office
from reglab.meetings.access import is_coordinator_of, is_signed_in, network_memberships_of
from reglab.surveys.models import Audience, Survey


def represented_organisation_ids(user) -> set[int]:
    if not is_signed_in(user):
        return set()
    return set(
        Affiliation.objects.confirmed()
        .of_active_organisation()
        .filter(person=user)
        .values_list("organisation_id", flat=True)
    )


def can_manage(user, survey: Survey) -> bool:
    if not is_signed_in(user):
        return False
    if is_office(user):
        return True
    return survey.audience == Audience.NETWORK and is_coordinator_of(user, survey.network)


def can_create_for(user, *, audience: str, network) -> bool:
    if not is_signed_in(user):
        return False
    if is_office(user):
        return True
    return audience == Audience.NETWORK and is_coordinator_of(user, network)


def may_create_any(user) -> bool:
    """The office, or the coordinator of a network."""
    if not is_signed_in(user):
        return False
    return is_office(user) or network_memberships_of(user).filter(is_coordinator=True).exists()


def may_answer_for(user, survey: Survey, organisation) -> bool:
    return (
        organisation.pk in represented_organisation_ids(user)
        and survey.recipients.filter(pk=organisation.pk).exists()
    )


def surveys_visible_to(user):
    """The surveys a person may see: all for the office; those they manage as a
    coordinator; those to an organisation they represent."""
    if not is_signed_in(user):
        return Survey.objects.none()
    if is_office(user):
        return Survey.objects.all()
    coordinated = network_memberships_of(user).filter(is_coordinator=True).values("network_id")
    ids = represented_organisation_ids(user)
    chosen = Survey.objects.filter(
        Q(recipients__in=ids) | Q(audience=Audience.NETWORK, network_id__in=coordinated)
    )
    return Survey.objects.filter(pk__in=chosen.values("pk"))
