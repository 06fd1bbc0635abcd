"""The office's decisions and the format rules it edits."""

import pytest
from django.core.exceptions import ValidationError

from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import Decision, Event, FormatRules, State
from reglab.provrum.proposal import decisions, services
from reglab.provrum.selectors import format_rules_get
from tests.provrum.conftest import below_half_regions, proposal, ready_provrum

pytestmark = pytest.mark.django_db


# Decline and lapse -------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["provrum_decline", "provrum_lapse"])
@pytest.mark.parametrize("comment", ["", "   \n\t "])
def test_decline_and_lapse_need_a_comment(cast, service, comment):
    provrum = proposal(cast)
    with pytest.raises(ValidationError) as refused:
        getattr(decisions, service)(provrum=provrum, by=cast["office"], comment=comment)
    assert "comment" in refused.value.message_dict
    provrum.refresh_from_db()
    assert provrum.state == State.PROPOSED
    assert provrum.decided_at is None
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("service", "state", "outcome", "action"),
    [
        ("provrum_decline", State.DECLINED, Decision.Outcome.DECLINED, Event.Action.DECLINED),
        ("provrum_lapse", State.LAPSED, Decision.Outcome.LAPSED, Event.Action.LAPSED),
    ],
)
def test_decline_and_lapse_with_a_comment(cast, service, state, outcome, action):
    provrum = ready_provrum(cast)
    office = cast["office"]
    decision = getattr(decisions, service)(
        provrum=provrum, by=office, comment="  Frågan drivs redan i ett lärprojekt. "
    )
    provrum.refresh_from_db()
    assert provrum.state == state
    assert provrum.decided_at is not None
    assert (decision.outcome, decision.comment, decision.decided_by) == (
        outcome,
        "Frågan drivs redan i ett lärprojekt.",
        office,
    )
    event = provrum.events.get(action=action)
    assert (event.from_state, event.to_state, event.actor) == (State.INTEREST, state, office)
    # Deciding again returns the same decision and records nothing new.
    again = getattr(decisions, service)(provrum=provrum, by=office, comment="Igen.")
    assert again.pk == decision.pk
    assert provrum.events.filter(action=action).count() == 1


# The go-ahead ------------------------------------------------------------------------------


def test_a_go_ahead_with_warnings_needs_an_acknowledgement_with_a_comment(cast):
    provrum = below_half_regions(cast)
    office = cast["office"]
    for acknowledge, comment in [(False, "Ja."), (True, ""), (True, "   ")]:
        with pytest.raises(services.RuleViolation) as refused:
            decisions.provrum_give_go_ahead(
                provrum=provrum, by=office, comment=comment, acknowledge_warnings=acknowledge
            )
        # Only the errors are raised; the warning itself is acknowledged, not refused.
        assert [r.code for r in refused.value.reasons] == ["warnings_not_acknowledged"]
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST
    decision = decisions.provrum_give_go_ahead(
        provrum=provrum,
        by=office,
        comment="Myndigheterna behövs för frågan.",
        acknowledge_warnings=True,
    )
    assert decision.acknowledged_warnings == ["region_share_below_half"]
    provrum.refresh_from_db()
    assert provrum.state == State.GO_AHEAD
    assert provrum.go_ahead_at is not None


def test_a_go_ahead_while_an_error_remains_is_refused(cast):
    provrum = proposal(cast)
    services.interest_register(
        provrum=provrum, by=cast["people"]["vinnova"], organisation=cast["orgs"]["vinnova"]
    )
    with pytest.raises(services.RuleViolation) as refused:
        decisions.provrum_give_go_ahead(
            provrum=provrum, by=cast["office"], comment="Ändå.", acknowledge_warnings=True
        )
    assert [r.code for r in refused.value.reasons] == ["too_few_regions", "no_leader"]
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST


# The format rules --------------------------------------------------------------------------


def test_the_defaults_come_from_the_seed(db):
    rules = format_rules_get()
    assert (rules.min_organisations, rules.max_organisations) == (2, 6)
    assert (rules.min_regions, rules.min_region_share_percent) == (2, 50)
    assert rules.max_go_aheads_per_year == 2
    assert (rules.min_duration_months, rules.max_duration_months) == (2, 6)
    assert (rules.max_base_funding_sek, rules.max_base_funding_share_percent) == (100_000, 50)
    assert rules.office_annual_cap_sek == 200_000


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"max_go_aheads_per_year": "två"}, "max_go_aheads_per_year"),
        ({"max_go_aheads_per_year": None}, "max_go_aheads_per_year"),
        ({"min_organisations": -1}, "min_organisations"),
        ({"max_base_funding_sek": 100_000_001}, "max_base_funding_sek"),
        ({"min_region_share_percent": 101}, "min_region_share_percent"),
        ({"max_base_funding_share_percent": 150}, "max_base_funding_share_percent"),
        ({"min_organisations": 7}, "min_organisations"),  # more than the most (6)
        ({"min_organisations": 4, "max_organisations": 3}, "min_organisations"),
        ({"min_duration_months": 7}, "min_duration_months"),  # longer than the longest (6)
    ],
)
def test_format_rules_are_validated(cast, values, field):
    format_rules_get()
    with pytest.raises(ValidationError) as refused:
        format_rules.format_rules_update(by=cast["office"], **values)
    assert field in refused.value.message_dict
    rules = FormatRules.objects.get(pk=1)
    assert (rules.min_organisations, rules.max_organisations) == (2, 6)
    assert rules.max_go_aheads_per_year == 2
    assert rules.history.count() == 1  # only its creation


def test_every_error_is_reported_at_once(cast):
    with pytest.raises(ValidationError) as refused:
        format_rules.format_rules_update(
            by=cast["office"], max_go_aheads_per_year="x", min_region_share_percent=200
        )
    assert set(refused.value.message_dict) == {"max_go_aheads_per_year", "min_region_share_percent"}


def test_format_rules_history_says_who_changed_what(cast):
    office = cast["office"]
    format_rules_get()
    format_rules.format_rules_update(by=office, max_go_aheads_per_year="3", unknown_field=9)
    rules = FormatRules.objects.get(pk=1)
    assert rules.max_go_aheads_per_year == 3
    assert rules.updated_by == office
    records = list(rules.history.order_by("history_date"))
    assert [r.max_go_aheads_per_year for r in records] == [2, 3]
    latest = records[-1]
    assert (latest.history_user, latest.updated_by, latest.history_change_reason) == (
        office,
        office,
        "updated",
    )
    # Saving the same values again changes nothing and writes no history.
    format_rules.format_rules_update(by=office, max_go_aheads_per_year=3)
    assert rules.history.count() == 2


def test_a_changed_capacity_applies_to_the_next_go_ahead(cast):
    office = cast["office"]
    format_rules.format_rules_update(by=office, max_go_aheads_per_year=1)
    first = ready_provrum(cast, title="Civilt försvar")
    decisions.provrum_give_go_ahead(provrum=first, by=office, comment="Klartecken.")
    second = ready_provrum(cast, title="Drönare")
    with pytest.raises(services.RuleViolation) as refused:
        decisions.provrum_give_go_ahead(provrum=second, by=office, comment="Klartecken.")
    assert [(r.code, r.params) for r in refused.value.reasons] == [
        ("capacity_reached", {"count": 1, "maximum": 1})
    ]
