"""Interest and leader: the state follows the group, a leader that steps back is no leader,
and "became ready" is recorded once each time the provrum becomes ready."""

import pytest
from django.core.exceptions import PermissionDenied

from reglab.provrum.models import Event, Interest, State
from reglab.provrum.proposal import services
from reglab.provrum.selectors import provrum_display_state, provrum_readiness_payload
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db


def register(cast, provrum, key, wants_to_lead=False):
    return services.interest_register(
        provrum=provrum,
        by=cast["people"][key],
        organisation=cast["orgs"][key],
        wants_to_lead=wants_to_lead,
    )


def withdraw(cast, provrum, key, by=None):
    services.interest_withdraw(
        provrum=provrum, by=by or cast["people"][key], organisation=cast["orgs"][key]
    )


def state_of(provrum):
    provrum.refresh_from_db()
    return provrum.state


def codes(provrum):
    provrum.refresh_from_db()
    return [reason["code"] for reason in provrum_readiness_payload(provrum)["reasons"]]


def became_ready(provrum):
    return provrum.events.filter(action=Event.Action.BECAME_READY).count()


# The state follows the size of the group ---------------------------------------------------


def test_proposed_and_gathering_interest_follow_the_group_size(cast):
    provrum = proposal(cast)  # the proposer alone
    assert state_of(provrum) == State.PROPOSED
    register(cast, provrum, "orebro")
    assert state_of(provrum) == State.INTEREST
    register(cast, provrum, "kontigo")
    assert state_of(provrum) == State.INTEREST
    withdraw(cast, provrum, "orebro")
    assert state_of(provrum) == State.INTEREST  # still two
    withdraw(cast, provrum, "kontigo")
    assert state_of(provrum) == State.PROPOSED
    register(cast, provrum, "gavleborg")
    assert state_of(provrum) == State.INTEREST
    changes = list(
        provrum.events.exclude(from_state="")
        .exclude(from_state=State.DRAFT)
        .values_list("from_state", "to_state")
    )
    assert changes == [
        (State.PROPOSED, State.INTEREST),
        (State.INTEREST, State.PROPOSED),
        (State.PROPOSED, State.INTEREST),
    ]


def test_a_draft_takes_no_interest(cast):
    draft = proposal(cast, publish=False)
    with pytest.raises(services.RuleViolation) as refused:
        register(cast, draft, "orebro")
    assert [r.code for r in refused.value.reasons] == ["illegal_transition"]
    assert state_of(draft) == State.DRAFT
    assert draft.interests.count() == 1


def test_the_seventh_organisation_is_refused(cast):
    from tests.factories import RegionFactory
    from tests.provrum.conftest import representative

    provrum = proposal(cast)
    for key in ("orebro", "gavleborg", "vinnova", "kontigo"):
        register(cast, provrum, key)
    sixth = RegionFactory(name="Region Halland", slug="region-halland", county_code="13")
    services.interest_register(
        provrum=provrum, by=representative(sixth, "halland@example.se"), organisation=sixth
    )
    assert provrum.interests.count() == 6
    seventh = RegionFactory(name="Region Kronoberg", slug="region-kronoberg", county_code="07")
    with pytest.raises(services.RuleViolation) as refused:
        services.interest_register(
            provrum=provrum,
            by=representative(seventh, "kronoberg@example.se"),
            organisation=seventh,
        )
    assert [(r.code, r.params) for r in refused.value.reasons] == [
        ("too_many_organisations", {"count": 7, "maximum": 6})
    ]
    assert provrum.interests.count() == 6


def test_a_partner_may_take_part_but_not_offer_to_lead(cast):
    provrum = proposal(cast)
    with pytest.raises(services.RuleViolation) as refused:
        register(cast, provrum, "kontigo", wants_to_lead=True)
    assert [r.code for r in refused.value.reasons] == ["leader_not_member"]
    assert not provrum.interests.filter(organisation=cast["orgs"]["kontigo"]).exists()
    register(cast, provrum, "kontigo")
    assert provrum.interests.filter(organisation=cast["orgs"]["kontigo"]).exists()


def test_only_the_organisation_or_the_office_withdraws_an_interest(cast):
    provrum = proposal(cast)
    register(cast, provrum, "orebro")
    with pytest.raises(PermissionDenied):
        withdraw(cast, provrum, "orebro", by=cast["people"]["skane"])
    assert provrum.interests.count() == 2
    withdraw(cast, provrum, "orebro", by=cast["office"])
    assert provrum.interests.count() == 1


# The leader --------------------------------------------------------------------------------


def test_a_leader_that_no_longer_wants_to_lead_stops_being_leader(cast):
    provrum = ready_provrum(cast)  # Skåne leads
    assert provrum.leader == cast["orgs"]["skane"]
    register(cast, provrum, "skane", wants_to_lead=False)
    provrum.refresh_from_db()
    assert provrum.leader is None
    assert Interest.objects.get(provrum=provrum, organisation=cast["orgs"]["skane"])
    assert codes(provrum) == ["no_leader"]
    assert provrum_display_state(provrum) == State.INTEREST


def test_a_leader_that_withdraws_stops_being_leader(cast):
    provrum = proposal(cast, wants_to_lead=False)
    register(cast, provrum, "orebro", wants_to_lead=True)
    services.leader_choose(
        provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["orebro"]
    )
    provrum.refresh_from_db()
    assert provrum.leader == cast["orgs"]["orebro"]
    register(cast, provrum, "gavleborg")
    withdraw(cast, provrum, "orebro")
    provrum.refresh_from_db()
    assert provrum.leader is None
    assert "no_leader" in codes(provrum)


def test_changing_another_interest_keeps_the_leader(cast):
    provrum = ready_provrum(cast)
    register(cast, provrum, "orebro", wants_to_lead=True)
    provrum.refresh_from_db()
    assert provrum.leader == cast["orgs"]["skane"]


def test_the_leader_is_chosen_among_volunteers(cast):
    provrum = proposal(cast)
    register(cast, provrum, "orebro")  # does not offer to lead
    with pytest.raises(services.RuleViolation) as refused:
        services.leader_choose(
            provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["orebro"]
        )
    assert [r.code for r in refused.value.reasons] == ["leader_not_volunteer"]
    provrum.refresh_from_db()
    assert provrum.leader is None


# "Became ready" ----------------------------------------------------------------------------


def test_became_ready_is_recorded_once(cast):
    provrum = ready_provrum(cast)
    assert became_ready(provrum) == 1
    # Changes that keep it ready record nothing new.
    register(cast, provrum, "kontigo")
    register(cast, provrum, "orebro", wants_to_lead=True)
    services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Vi är med!")
    assert became_ready(provrum) == 1
    event = provrum.events.get(action=Event.Action.BECAME_READY)
    assert event.actor == cast["people"]["skane"]  # whose step made it ready


def test_ready_again_after_losing_it_is_recorded_again(cast):
    provrum = ready_provrum(cast)
    withdraw(cast, provrum, "orebro")  # one region left: not ready
    assert became_ready(provrum) == 1
    register(cast, provrum, "gavleborg")  # two regions again
    assert became_ready(provrum) == 2
    provrum.refresh_from_db()
    assert provrum_display_state(provrum) == "ready"


def test_the_interest_that_completes_the_group_records_became_ready(cast):
    provrum = proposal(cast)
    services.leader_choose(
        provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["skane"]
    )
    assert became_ready(provrum) == 0
    register(cast, provrum, "orebro")
    assert became_ready(provrum) == 1
    event = provrum.events.get(action=Event.Action.BECAME_READY)
    assert event.actor == cast["people"]["orebro"]
