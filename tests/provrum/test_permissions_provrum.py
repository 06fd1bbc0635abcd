"""Every role against every provrum action, from one shared setup (as in adhocracy+).

Each cell says what ``user.has_perm`` answers and what the matching service (or
selector) does:

- ``Y``: allowed, and the service does it;
- ``N``: refused, and the service raises ``PermissionDenied`` (a selector: 404
  or nothing listed);
- ``RULE``: refused, and the service says why with a rule's reason
  (``partner_cannot_propose``);
- ``ORG``: allowed by ``has_perm`` but refused by the service, since
  organisations are the actors (no row uses it today: on an object, a
  superuser is judged like the office, never past the object's state).

A change in who may do what shows up as a changed cell here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reglab.accounts.models import AffiliationStatus
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import IntendedUse, Kind, Provrum, State
from reglab.provrum.proposal import decisions, services
from reglab.provrum.selectors import provrum_get_for, provrum_list, provrum_visible_to
from tests.provrum.conftest import proposal, ready_provrum, representative

pytestmark = pytest.mark.django_db

Y, N, RULE, ORG = "Y", "N", "RULE", "ORG"

ROLES = [
    "anonymous",
    "plain_user",
    "unconfirmed_user",
    "proposer_rep",
    "other_region_rep",
    "partner_rep",
    "office",
    "superuser",
]

# fmt: off
TABLE = {
    # action                anon plain unconf proposer other partner office super
    "view_board":          (N,   N,    N,     Y,       Y,    Y,      Y,     Y),
    "view_draft":          (N,   N,    N,     Y,       N,    N,      Y,     Y),
    "view_published":      (N,   N,    N,     Y,       Y,    Y,      Y,     Y),
    "propose":             (N,   N,    N,     Y,       Y,    RULE,   N,     N),
    "change":              (N,   N,    N,     Y,       N,    N,      Y,     Y),
    "publish":             (N,   N,    N,     Y,       N,    N,      N,     N),
    "withdraw":            (N,   N,    N,     Y,       N,    N,      N,     N),
    "delete_draft":        (N,   N,    N,     Y,       N,    N,      N,     N),
    "comment":             (N,   N,    N,     Y,       Y,    Y,      Y,     Y),
    "register_interest":   (N,   N,    N,     Y,       Y,    Y,      N,     N),
    "choose_leader":       (N,   N,    N,     Y,       N,    N,      Y,     Y),
    "decide":              (N,   N,    N,     N,       N,    N,      Y,     Y),
    "change_formatrules":  (N,   N,    N,     N,       N,    N,      Y,     Y),
    "edit_comment":        (N,   N,    N,     Y,       N,    N,      N,     N),
    "remove_comment":      (N,   N,    N,     N,       N,    N,      Y,     Y),
}
# fmt: on


@pytest.fixture
def world(cast, plain_user, unconfirmed_user, superuser):
    """The roles, the organisation each acts for, and one provrum of each kind.

    Region Skåne proposes; the unconfirmed person asked to join Region Skåne.
    """
    people, orgs = cast["people"], cast["orgs"]
    users = {
        "anonymous": AnonymousUser(),
        "plain_user": plain_user,
        "unconfirmed_user": unconfirmed_user,
        "proposer_rep": people["skane"],
        "other_region_rep": people["orebro"],
        "partner_rep": people["kontigo"],
        "office": cast["office"],
        "superuser": superuser,
    }
    acts_for = {
        "proposer_rep": orgs["skane"],
        "other_region_rep": orgs["orebro"],
        "partner_rep": orgs["kontigo"],
    }
    draft = proposal(cast, title="Drönare i glesbygd", publish=False)
    published = proposal(cast, title="Civilt försvar och regional utveckling")
    comment = services.comment_add(provrum=published, by=people["skane"], body="Välkomna!")
    ready = ready_provrum(cast, title="Genomförandet av RUS")
    return {
        "cast": cast,
        "users": users,
        "acts_for": acts_for,
        "draft": draft,
        "published": published,
        "ready": ready,
        "comment": comment,
    }


def perm_question(action, world, role):
    """(permission, object) for ``has_perm``."""
    organisation = world["acts_for"].get(role, world["cast"]["orgs"]["skane"])
    return {
        "view_board": ("provrum.view_board", None),
        "view_draft": ("provrum.view_provrum", world["draft"]),
        "view_published": ("provrum.view_provrum", world["published"]),
        "propose": ("provrum.propose", organisation),
        "change": ("provrum.change_provrum", world["published"]),
        "publish": ("provrum.publish", world["draft"]),
        "withdraw": ("provrum.withdraw", world["published"]),
        "delete_draft": ("provrum.delete_draft", world["draft"]),
        "comment": ("provrum.comment", world["published"]),
        "register_interest": ("provrum.register_interest", world["published"]),
        "choose_leader": ("provrum.choose_leader", world["published"]),
        "decide": ("provrum.decide", world["ready"]),
        "change_formatrules": ("provrum.change_formatrules", None),
        "edit_comment": ("provrum.edit_comment", world["comment"]),
        "remove_comment": ("provrum.remove_comment", world["comment"]),
    }[action]


def call(action, world, role):
    """The service (or selector) behind the action, as ``role`` would call it."""
    user = world["users"][role]
    organisation = world["acts_for"].get(role, world["cast"]["orgs"]["skane"])
    skane = world["cast"]["orgs"]["skane"]
    draft, published, ready = world["draft"], world["published"], world["ready"]
    if action == "view_board":
        if not provrum_list(user=user).exists():
            raise PermissionDenied("nothing on the board")
        return None
    if action in ("view_draft", "view_published"):
        target = draft if action == "view_draft" else published
        try:
            return provrum_get_for(user=user, pk=target.pk)
        except Http404:
            raise PermissionDenied("404") from None
    calls = {
        "propose": lambda: services.provrum_create(
            by=user,
            organisation=organisation,
            title="Hur jobbar våra nordiska grannar med kriser?",
            summary="En jämförelse av regional krisverksamhet i Norden.",
            question="Vad kan vi lära av grannländerna?",
            kind=Kind.SUBSTANTIVE,
            intended_use=IntendedUse.PRE_STUDY,
        ),
        "change": lambda: services.provrum_update(
            provrum=published, by=user, title="Civilt försvar – regionens roll"
        ),
        "publish": lambda: services.provrum_publish(provrum=draft, by=user),
        "withdraw": lambda: services.provrum_withdraw(provrum=published, by=user),
        "delete_draft": lambda: services.provrum_delete_draft(provrum=draft, by=user),
        "comment": lambda: services.comment_add(provrum=published, by=user, body="Intressant!"),
        "register_interest": lambda: services.interest_register(
            provrum=published, by=user, organisation=organisation
        ),
        "choose_leader": lambda: services.leader_choose(
            provrum=published, by=user, organisation=skane
        ),
        "decide": lambda: decisions.provrum_give_go_ahead(
            provrum=ready, by=user, comment="Klartecken."
        ),
        "change_formatrules": lambda: format_rules.format_rules_update(
            by=user, max_go_aheads_per_year=3
        ),
        "edit_comment": lambda: services.comment_edit(
            comment=world["comment"], by=user, body="Välkomna allihop!"
        ),
        "remove_comment": lambda: services.comment_remove(
            comment=world["comment"], by=user, reason="Fel tråd."
        ),
    }
    return calls[action]()


def cells():
    return [
        pytest.param(action, role, expected, id=f"{action}-{role}")
        for action, outcomes in TABLE.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ]


# The permission behind each action; view_published asks view_provrum, as view_draft does.
PERMISSION_OF = {
    "view_board": "provrum.view_board",
    "view_draft": "provrum.view_provrum",
    "view_published": "provrum.view_provrum",
    "propose": "provrum.propose",
    "change": "provrum.change_provrum",
    "publish": "provrum.publish",
    "withdraw": "provrum.withdraw",
    "delete_draft": "provrum.delete_draft",
    "comment": "provrum.comment",
    "register_interest": "provrum.register_interest",
    "choose_leader": "provrum.choose_leader",
    "decide": "provrum.decide",
    "change_formatrules": "provrum.change_formatrules",
    "edit_comment": "provrum.edit_comment",
    "remove_comment": "provrum.remove_comment",
}


def test_the_table_covers_every_provrum_permission():
    from rules.permissions import permissions

    registered = {name for name in permissions if name.startswith("provrum.")}
    assert set(PERMISSION_OF) == set(TABLE)
    # view_queue is the office's queue page, tested on its own below; the project
    # plan's permissions have their own table in test_plan_permissions.
    # Running, reporting and closing have theirs in test_result_permissions.
    from tests.provrum.test_plan_permissions import PERMISSIONS as PLAN_PERMISSIONS
    from tests.provrum.test_result_permissions import PERMISSIONS as RESULT_PERMISSIONS

    covered = set(PERMISSION_OF.values()) | set(PLAN_PERMISSIONS) | set(RESULT_PERMISSIONS)
    assert registered - covered == {"provrum.view_queue"}


@pytest.mark.parametrize(("action", "role", "expected"), cells())
def test_permission_and_service_agree(world, action, role, expected):
    user = world["users"][role]
    permission, obj = perm_question(action, world, role)
    assert permission == PERMISSION_OF[action]
    assert user.has_perm(permission, obj) is (expected in (Y, ORG))
    if expected == Y:
        call(action, world, role)
    elif expected == RULE:
        with pytest.raises(services.RuleViolation) as refused:
            call(action, world, role)
        assert [reason.code for reason in refused.value.reasons] == ["partner_cannot_propose"]
    else:
        with pytest.raises(PermissionDenied):
            call(action, world, role)


def test_office_and_superuser_are_the_only_ones_to_see_the_queue(world):
    allowed = {role for role, user in world["users"].items() if user.has_perm("provrum.view_queue")}
    assert allowed == {"office", "superuser"}


# The queryset twin -------------------------------------------------------------------------


@pytest.fixture
def former_author(world):
    """A second Region Örebro representative who wrote a draft, then left the organisation."""
    cast = world["cast"]
    person = representative(cast["orgs"]["orebro"], "slutat@example.se")
    draft = services.provrum_create(
        by=person,
        organisation=cast["orgs"]["orebro"],
        title="Effektivt påverkansarbete",
        summary="Hur påverkar regionerna beslut i EU och staten?",
        question="Vad ger effekt?",
        kind=Kind.METHOD,
        intended_use=IntendedUse.JOINT_ANALYSIS,
    )
    person.affiliations.update(status=AffiliationStatus.ENDED)
    person._provrum_represented = None
    return person, draft


@pytest.mark.parametrize("role", [*ROLES, "former_author"])
def test_the_visible_queryset_agrees_with_view_provrum(world, former_author, role):
    cast = world["cast"]
    office = cast["office"]
    # Every state, some drafts of other organisations among them.
    declined = proposal(cast, title="Projektportfölj")
    decisions.provrum_decline(provrum=declined, by=office, comment="Ligger i ett lärprojekt.")
    go_ahead = ready_provrum(cast, title="Lärdomar från kriserna")
    decisions.provrum_give_go_ahead(provrum=go_ahead, by=office, comment="Klartecken.")
    services.provrum_create(
        by=cast["people"]["gavleborg"],
        organisation=cast["orgs"]["gavleborg"],
        title="Cirkularitet i näringslivet",
        summary="Regionernas stöd till cirkulära affärsmodeller.",
        question="Hur stöder vi omställningen?",
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.JOINT_ANALYSIS,
    )
    user = former_author[0] if role == "former_author" else world["users"][role]
    everything = list(Provrum.objects.all())
    assert {p.state for p in everything} >= {State.DRAFT, State.PROPOSED, State.INTEREST}
    by_permission = {p.pk for p in everything if user.has_perm("provrum.view_provrum", p)}
    assert set(provrum_visible_to(user).values_list("pk", flat=True)) == by_permission
    # The board (the same queryset, filtered) shows no more than the permission allows.
    assert set(provrum_list(user=user).values_list("pk", flat=True)) == by_permission
