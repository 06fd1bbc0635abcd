"""The selection process end to end, through the services."""

import pytest
import time_machine

from reglab.provrum.models import Decision, Event, State
from reglab.provrum.proposal import decisions, services
from reglab.provrum.selectors import provrum_display_state, provrum_readiness_payload
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db


def codes(reasons):
    return sorted(reason.code for reason in reasons)


def test_from_proposal_to_go_ahead(cast):
    people, orgs = cast["people"], cast["orgs"]
    provrum = proposal(cast)
    assert provrum.state == State.PROPOSED
    assert provrum_readiness_payload(provrum)["ready"] is False

    services.interest_register(provrum=provrum, by=people["orebro"], organisation=orgs["orebro"])
    services.interest_register(provrum=provrum, by=people["kontigo"], organisation=orgs["kontigo"])
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST
    assert [r["code"] for r in provrum_readiness_payload(provrum)["reasons"]] == ["no_leader"]

    services.leader_choose(provrum=provrum, by=people["skane"], organisation=orgs["skane"])
    provrum.refresh_from_db()
    assert provrum_readiness_payload(provrum) == {"ready": True, "reasons": []}
    assert provrum_display_state(provrum) == "ready"
    assert provrum.events.filter(action=Event.Action.BECAME_READY).count() == 1

    decision = decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Kör!")
    provrum.refresh_from_db()
    assert provrum.state == State.GO_AHEAD
    assert decision.outcome == Decision.Outcome.GO_AHEAD
    actions = list(provrum.events.values_list("action", flat=True))
    assert actions[:2] == [Event.Action.CREATED, Event.Action.PUBLISHED]
    assert actions[-1] == Event.Action.GO_AHEAD


def test_third_go_ahead_of_the_year_is_refused(cast):
    with time_machine.travel("2026-03-01 10:00 +01:00"):
        for number in range(2):
            provrum = ready_provrum(cast, title=f"Provrum {number}")
            decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"])
        third = ready_provrum(cast, title="Det tredje")
        with pytest.raises(services.RuleViolation) as refused:
            decisions.provrum_give_go_ahead(provrum=third, by=cast["office"])
    assert codes(refused.value.reasons) == ["capacity_reached"]
    third.refresh_from_db()
    assert third.state == State.INTEREST
    with time_machine.travel("2027-01-02 10:00 +01:00"):
        decisions.provrum_give_go_ahead(provrum=third, by=cast["office"])
    third.refresh_from_db()
    assert third.state == State.GO_AHEAD
