"""The world the authorization matrix walks: the seeded demo, one person per role, and
for every kind of object one instance per state, with the values its URLs need.

Roles are relations to an object, so each subject (an object in a state) names the
person who plays each role for it (its ``cast``): the proposer's representative is
the provrum's ``owner``, the leading organisation's is its ``leader``, a
participating member's is its ``participant``. The rest are the same people
everywhere: a partner's and an uninvolved member's representatives, a network
coordinator, a person whose affiliation is not confirmed, a deactivated person, the
office and a superuser (both with their second factor), a guest who joined the live
dialog with its code, and nobody (anonymous).

A role that an object does not have (a provrum without a leader) has no cell.
"""

from dataclasses import dataclass, field

from django.core.management import call_command
from django.utils import timezone

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.organisations.models import Organisation

ROLES = (
    "anonymous",
    "joincode",
    "deactivated",
    "unconfirmed",
    "partner",
    "other",
    "coordinator",
    "owner",
    "participant",
    "leader",
    "office",
    "superuser",
)
ABSENT = 2_000_000_000  # an id no row has: a sub-object the subject does not have


@dataclass
class Subject:
    """An object in one state: the URL's values and who plays which role for it."""

    params: dict
    cast: dict = field(default_factory=dict)


def _rep(organisation) -> User:
    return User.objects.get(email=f"{organisation.slug}@reglab.example")


def _person(email, name, organisation=None, **flags) -> User:
    person = User.objects.create(email=email, name=name, **flags)
    if organisation is not None:
        Affiliation.objects.create(
            person=person,
            organisation=organisation,
            status=AffiliationStatus.CONFIRMED,
            decided_at=timezone.now(),
        )
    return person


def _uninvolved(membership):
    """An organisation in no provrum group, coordinating no network."""
    from reglab.meetings.models import NetworkMembership
    from reglab.provrum.models import Interest

    busy = set(Interest.objects.values_list("organisation_id", flat=True))
    coordinators = NetworkMembership.objects.filter(is_coordinator=True)
    busy |= set(coordinators.values_list("person__affiliations__organisation_id", flat=True))
    busy.discard(None)
    return Organisation.objects.filter(membership=membership).exclude(pk__in=busy).order_by("slug")


def build_world():
    from allauth.mfa.models import Authenticator

    from reglab.meetings.models import Network, NetworkMembership
    from reglab.organisations.models import Membership

    call_command("seed_demo", verbosity=0)
    office = User.objects.get(email="kansli@reglab.example")
    members = list(_uninvolved(Membership.MEMBER)[:1])
    partner = _rep(_uninvolved(Membership.PARTNER).first())
    superuser = _person("super@example.se", "Superanvändare", is_superuser=True, is_staff=True)
    for person in (office, superuser):
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    coordinator = _person("koordinator@example.se", "Nätverkskoordinator", members[0])
    NetworkMembership.objects.create(
        network=Network.objects.get(slug="rus-natverket"), person=coordinator, is_coordinator=True
    )
    unconfirmed = User.objects.create(email="obekraftad@example.se", name="Obekräftad")
    Affiliation.objects.create(
        person=unconfirmed, organisation=members[0], status=AffiliationStatus.REQUESTED
    )
    deactivated = _person("avslutad@example.se", "Avslutad", members[0], is_active=False)
    everyone = {
        "anonymous": None,
        "joincode": None,
        "deactivated": deactivated,
        "unconfirmed": unconfirmed,
        "partner": partner,
        "other": _rep(members[0]),
        "coordinator": coordinator,
        "office": office,
        "superuser": superuser,
    }
    from tests.security.authz_subjects import subjects_of

    return everyone, subjects_of(everyone)
