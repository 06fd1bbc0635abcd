"""The stored readiness (``Provrum.is_ready``) equals the rules' answer after every change.

Each step changes one input of the readiness rules through the service (or the
model save) that the platform uses, then compares every provrum's stored
value with the rules' answer computed from scratch.
"""

import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Prefetch

from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import Interest, Provrum, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from reglab.provrum.readiness import readiness_drift
from reglab.provrum.selectors import provrum_is_ready
from tests.provrum.conftest import proposal, ready_provrum


def from_scratch() -> dict[int, bool]:
    """Every provrum's readiness by the rules, read afresh from the database."""
    return {
        provrum.pk: provrum_is_ready(provrum)
        for provrum in Provrum.objects.select_related("leader").prefetch_related(
            Prefetch("interests", queryset=Interest.objects.select_related("organisation"))
        )
    }


def stored() -> dict[int, bool]:
    return dict(Provrum.objects.values_list("pk", "is_ready"))


def assert_in_step(**expected: bool) -> None:
    """Stored equals the rules for every provrum; ``expected`` names some answers."""
    assert stored() == from_scratch()
    assert readiness_drift() == []
    for name, value in expected.items():
        assert Provrum.objects.get(title=name).is_ready is value, name


@pytest.fixture
def people(cast):
    return cast["people"]


def test_the_group_forming(cast, people):
    orgs = cast["orgs"]
    provrum = proposal(cast, title="A", publish=False)
    assert_in_step(A=False)
    provrum = services.provrum_publish(provrum=provrum, by=people["skane"])
    assert_in_step(A=False)
    services.interest_register(provrum=provrum, by=people["orebro"], organisation=orgs["orebro"])
    assert Provrum.objects.get(pk=provrum.pk).state == State.INTEREST
    assert_in_step(A=False)  # no leader yet
    services.leader_choose(provrum=provrum, by=people["skane"], organisation=orgs["skane"])
    assert_in_step(A=True)
    # The leader no longer wants to lead: it stops being the leader.
    services.interest_register(
        provrum=provrum, by=people["skane"], organisation=orgs["skane"], wants_to_lead=False
    )
    assert_in_step(A=False)
    services.interest_register(
        provrum=provrum, by=people["skane"], organisation=orgs["skane"], wants_to_lead=True
    )
    services.leader_choose(provrum=provrum, by=people["skane"], organisation=orgs["skane"])
    assert_in_step(A=True)
    # A partner joins: still ready (a third of the group is no region).
    services.interest_register(provrum=provrum, by=people["kontigo"], organisation=orgs["kontigo"])
    assert_in_step(A=True)
    # A region leaves: one region is too few.
    services.interest_withdraw(provrum=provrum, by=people["orebro"], organisation=orgs["orebro"])
    assert_in_step(A=False)
    services.interest_register(
        provrum=provrum, by=people["gavleborg"], organisation=orgs["gavleborg"]
    )
    assert_in_step(A=True)
    # The leader leaves: the group is back to two, without a leader.
    services.interest_withdraw(provrum=provrum, by=people["skane"], organisation=orgs["skane"])
    assert_in_step(A=False)
    services.interest_withdraw(provrum=provrum, by=people["kontigo"], organisation=orgs["kontigo"])
    assert Provrum.objects.get(pk=provrum.pk).state == State.PROPOSED
    assert_in_step(A=False)


def test_organisation_changes(cast):
    orgs = cast["orgs"]
    ready_provrum(cast, title="A")
    assert_in_step(A=True)
    orebro = orgs["orebro"]
    orebro.is_region = False
    orebro.save()
    assert_in_step(A=False)
    orebro.is_region = True
    orebro.save()
    assert_in_step(A=True)
    skane = orgs["skane"]
    skane.membership = "partner"  # the leader is no longer a member
    skane.save()
    assert_in_step(A=False)
    skane.membership = "member"
    skane.save()
    assert_in_step(A=True)


def test_format_rules_changes(cast):
    ready_provrum(cast, title="A")
    office = cast["office"]
    format_rules.format_rules_update(by=office, min_regions=3)
    assert_in_step(A=False)
    format_rules.format_rules_update(by=office, min_regions=2, min_organisations=3)
    assert_in_step(A=False)
    format_rules.format_rules_update(by=office, min_organisations=2)
    assert_in_step(A=True)
    services.interest_register(
        provrum=Provrum.objects.get(title="A"),
        by=cast["people"]["gavleborg"],
        organisation=cast["orgs"]["gavleborg"],
    )
    format_rules.format_rules_update(by=office, max_organisations=2)
    assert_in_step(A=False)  # three organisations are now too many
    format_rules.format_rules_update(by=office, max_organisations=6)
    assert_in_step(A=True)


def test_decisions_and_later_states(cast):
    office = cast["office"]
    for name in ("A", "B", "C", "D"):
        ready_provrum(cast, title=name)
    assert_in_step(A=True, B=True, C=True, D=True)
    decisions.provrum_give_go_ahead(
        provrum=Provrum.objects.get(title="A"), by=office, comment="Kör."
    )
    assert_in_step(A=False, B=True)
    decisions.provrum_decline(provrum=Provrum.objects.get(title="B"), by=office, comment="Nej.")
    decisions.provrum_lapse(provrum=Provrum.objects.get(title="C"), by=office, comment="Slut.")
    services.provrum_withdraw(provrum=Provrum.objects.get(title="D"), by=cast["people"]["skane"])
    assert_in_step(A=False, B=False, C=False, D=False)
    plans.provrum_start(provrum=Provrum.objects.get(title="A"), by=office)
    assert_in_step(A=False)


def test_across_a_year_boundary(cast):
    """Readiness does not depend on the date: the year's capacity is the go-ahead's rule."""
    office = cast["office"]
    with time_machine.travel("2026-12-30 10:00 +01:00"):
        for name in ("A", "B", "C"):
            ready_provrum(cast, title=name)
        decisions.provrum_give_go_ahead(
            provrum=Provrum.objects.get(title="A"), by=office, comment="Ett."
        )
        decisions.provrum_give_go_ahead(
            provrum=Provrum.objects.get(title="B"), by=office, comment="Två."
        )
        # This year's go-aheads are used up, yet C is ready: it waits for a place.
        assert_in_step(C=True)
    with time_machine.travel("2027-01-02 10:00 +01:00"):
        assert_in_step(C=True)
        decisions.provrum_give_go_ahead(
            provrum=Provrum.objects.get(title="C"), by=office, comment="Nytt år."
        )
        assert_in_step(C=False)
    with time_machine.travel("2028-06-01 10:00 +01:00"):
        plans.provrum_start(provrum=Provrum.objects.get(title="C"), by=office)
        assert_in_step(A=False, B=False, C=False)


def test_the_check_reports_and_repairs_drift(cast, capsys):
    ready_provrum(cast, title="A")
    proposal(cast, title="B")
    Provrum.objects.update(is_ready=False)
    with pytest.raises(CommandError):
        call_command("provrum_readiness", "--check")
    assert "lagrat som inte redo, enligt reglerna redo" in capsys.readouterr().out
    call_command("provrum_readiness")
    assert_in_step(A=True, B=False)
    call_command("provrum_readiness", "--check")
    assert "0 avvikelser hittades" in capsys.readouterr().out


def test_the_data_migration_computes_what_the_rules_say(cast):
    orgs = cast["orgs"]
    ready_provrum(cast, title="A")
    ready_provrum(cast, title="B")
    ready_provrum(cast, title="C")
    decisions.provrum_give_go_ahead(
        provrum=Provrum.objects.get(title="C"), by=cast["office"], comment="Kör."
    )
    b = Provrum.objects.get(title="B")
    services.interest_register(
        provrum=b, by=cast["people"]["vinnova"], organisation=orgs["vinnova"]
    )
    format_rules.format_rules_update(by=cast["office"], max_organisations=2)
    # Stored values from before the migration: all wrong.
    Provrum.objects.update(is_ready=True)
    migration = importlib.import_module("reglab.provrum.migrations.0006_compute_readiness")
    migration.compute_readiness(apps, None)
    assert_in_step(A=True, B=False, C=False)
