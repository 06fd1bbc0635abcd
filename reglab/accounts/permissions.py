"""Who may do what with people and affiliations.

Predicates are django-rules predicates, so views, the API and templates ask the
same question through ``user.has_perm(...)``. A predicate that raises denies.
"""

import rules

from reglab.accounts.models import Affiliation


@rules.predicate
def is_office(user):
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_office or user.is_superuser)
    )


def _holds_one_of(user, affiliations) -> bool:
    """True for an active, signed-in person with one of ``affiliations`` (a queryset)
    to an organisation active today."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return affiliations.of_active_organisation().filter(person=user).exists()


@rules.predicate
def is_confirmed_representative(user):
    """True for a person with a confirmed affiliation to an organisation active today."""
    return _holds_one_of(user, Affiliation.objects.confirmed())


@rules.predicate
def is_member_representative(user):
    return _holds_one_of(user, Affiliation.objects.member_representation())


@rules.predicate
def is_partner_representative(user):
    return _holds_one_of(user, Affiliation.objects.partner_representation())


@rules.predicate
def is_own_affiliation(user, affiliation):
    return affiliation is not None and affiliation.person_id == user.pk


is_signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("accounts.view_affiliation_queue", is_office)
rules.add_perm("accounts.decide_affiliation", is_office)
rules.add_perm("accounts.request_affiliation", is_signed_in)
rules.add_perm("accounts.withdraw_affiliation", is_signed_in & is_own_affiliation)
# People's names are personal data: only signed-in representatives and the office see them.
rules.add_perm("organisations.view_people", is_office | is_confirmed_representative)


def role_labels(user) -> list[str]:
    """The roles a person holds, as stable codes, for display and the API."""
    if not (user and user.is_authenticated):
        return []
    roles = []
    if user.is_superuser:
        roles.append("superuser")
    if is_office(user):
        roles.append("office")
    if is_member_representative(user):
        roles.append("member_representative")
    if is_partner_representative(user):
        roles.append("partner_representative")
    return roles
