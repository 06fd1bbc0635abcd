"""The rules behind interest, the leader choice, the go-ahead and the state table.

Pure tests: plain values in, reason codes out, no database.
"""

import pytest

from reglab.provrum.models import TRANSITIONS
from reglab.provrum.rules import (
    ERROR,
    WARNING,
    FormatLimits,
    Participant,
    ProvrumFacts,
    check_go_ahead,
    check_interest,
    check_leader_choice,
    check_transition,
    is_ready,
)

LIMITS = FormatLimits()
LEADER = Participant("region-leder", is_member=True, is_region=True, wants_to_lead=True)


def group(count, *, regions=None):
    """``count`` organisations, the first the leader; ``regions`` of them regions (default all)."""
    regions = count if regions is None else regions
    participants = [LEADER]
    for index in range(1, count):
        is_region = index < regions
        participants.append(
            Participant(
                f"{'region' if is_region else 'myndighet'}-{index}",
                is_member=True,
                is_region=is_region,
            )
        )
    return ProvrumFacts(participants=tuple(participants[:count]), leader="region-leder")


def codes(reasons):
    return [reason.code for reason in reasons]


# check_interest ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("already", "expected"),
    [
        (0, []),  # the first organisation: 1
        (1, []),  # the second: 2
        (5, []),  # the sixth: 6, the maximum
        (6, ["too_many_organisations"]),  # the seventh: 7
    ],
)
def test_a_new_organisation_may_not_take_the_group_past_six(already, expected):
    facts = ProvrumFacts(participants=group(already).participants if already else ())
    candidate = Participant("region-ny", is_member=True, is_region=True)
    reasons = check_interest(facts=facts, candidate=candidate, limits=LIMITS)
    assert codes(reasons) == expected
    if reasons:
        assert reasons[0].severity == ERROR
        assert reasons[0].params == {"count": 7, "maximum": 6}


def test_changing_an_existing_interest_in_a_full_group_is_not_counted_twice():
    facts = group(6)
    again = Participant("region-3", is_member=True, is_region=True, wants_to_lead=True)
    assert check_interest(facts=facts, candidate=again, limits=LIMITS) == []


def test_the_maximum_comes_from_the_limits():
    candidate = Participant("region-ny", is_member=True, is_region=True)
    three = FormatLimits(max_organisations=3)
    assert codes(check_interest(facts=group(2), candidate=candidate, limits=three)) == []
    assert codes(check_interest(facts=group(3), candidate=candidate, limits=three)) == [
        "too_many_organisations"
    ]


@pytest.mark.parametrize(
    ("is_member", "wants_to_lead", "expected"),
    [
        (True, True, []),
        (True, False, []),
        (False, False, []),  # a partner may take part
        (False, True, ["leader_not_member"]),  # but not offer to lead
    ],
)
def test_only_a_member_may_offer_to_lead(is_member, wants_to_lead, expected):
    candidate = Participant("ny", is_member=is_member, is_region=False, wants_to_lead=wants_to_lead)
    assert codes(check_interest(facts=group(2), candidate=candidate, limits=LIMITS)) == expected


def test_every_reason_of_an_interest_is_reported_at_once():
    partner = Participant("kontigo", is_member=False, is_region=False, wants_to_lead=True)
    assert codes(check_interest(facts=group(6), candidate=partner, limits=LIMITS)) == [
        "too_many_organisations",
        "leader_not_member",
    ]


# check_leader_choice -----------------------------------------------------------------------

CHOICE_FACTS = ProvrumFacts(
    participants=(
        LEADER,
        Participant("region-halland", is_member=True, is_region=True, wants_to_lead=False),
        Participant("kontigo", is_member=False, is_region=False, wants_to_lead=True),
    )
)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("region-leder", []),
        ("region-halland", ["leader_not_volunteer"]),
        ("kontigo", ["leader_not_member"]),
        ("vinnova", ["leader_not_participant"]),
    ],
)
def test_leader_choice(candidate, expected):
    reasons = check_leader_choice(facts=CHOICE_FACTS, candidate=candidate)
    assert codes(reasons) == expected
    assert all(reason.severity == ERROR for reason in reasons)


# check_go_ahead ----------------------------------------------------------------------------


def go_ahead(facts, *, count=0, acknowledged=False, comment="", limits=LIMITS):
    return check_go_ahead(
        facts=facts,
        limits=limits,
        go_aheads_this_year=count,
        acknowledged=acknowledged,
        comment=comment,
    )


@pytest.mark.parametrize(
    ("organisations", "expected"),
    [
        (1, ["too_few_organisations", "too_few_regions"]),
        (2, []),
        (6, []),
        (7, ["too_many_organisations"]),
    ],
)
def test_go_ahead_boundaries_of_the_group_size(organisations, expected):
    assert codes(go_ahead(group(organisations))) == expected


@pytest.mark.parametrize(
    ("organisations", "regions"),
    [(2, 2), (4, 2), (6, 3)],
)
def test_exactly_half_regions_passes_without_a_warning(organisations, regions):
    reasons = go_ahead(group(organisations, regions=regions))
    assert reasons == []


@pytest.mark.parametrize(
    ("organisations", "regions"),
    [(5, 2), (6, 2)],
)
def test_below_half_regions_warns_and_needs_an_acknowledgement(organisations, regions):
    reasons = go_ahead(group(organisations, regions=regions))
    assert [(r.code, r.severity) for r in reasons] == [
        ("region_share_below_half", WARNING),
        ("warnings_not_acknowledged", ERROR),
    ]
    assert reasons[-1].params == {"codes": "region_share_below_half"}
    assert not is_ready(reasons)


@pytest.mark.parametrize(
    ("acknowledged", "comment", "blocked"),
    [
        (False, "", True),
        (False, "Vi ger klartecken ändå.", True),  # a comment alone is not an acknowledgement
        (True, "", True),  # an acknowledgement needs a comment
        (True, "   \n\t ", True),  # a blank comment is no comment
        (True, "SKR ger den nationella överblicken.", False),
    ],
)
def test_warnings_need_an_acknowledgement_and_a_comment(acknowledged, comment, blocked):
    reasons = go_ahead(group(5, regions=2), acknowledged=acknowledged, comment=comment)
    assert ("warnings_not_acknowledged" in codes(reasons)) is blocked
    assert "region_share_below_half" in codes(reasons)
    assert is_ready(reasons) is not blocked


def test_an_acknowledgement_is_not_needed_without_warnings():
    assert go_ahead(group(4), acknowledged=False, comment="") == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, []),  # the first go-ahead of the year
        (1, []),  # the second
        (2, ["capacity_reached"]),  # the third
        (3, ["capacity_reached"]),
    ],
)
def test_the_third_go_ahead_of_a_year_reaches_the_capacity(count, expected):
    reasons = go_ahead(group(4), count=count)
    assert codes(reasons) == expected
    if reasons:
        assert reasons[0].severity == ERROR
        assert reasons[0].params == {"count": count, "maximum": 2}


def test_the_capacity_comes_from_the_limits():
    assert go_ahead(group(4), count=2, limits=FormatLimits(max_go_aheads_per_year=3)) == []
    assert codes(go_ahead(group(4), count=0, limits=FormatLimits(max_go_aheads_per_year=0))) == [
        "capacity_reached"
    ]


def test_acknowledging_does_not_lift_an_error():
    reasons = go_ahead(group(5, regions=2), count=2, acknowledged=True, comment="Ändå.")
    assert codes(reasons) == ["region_share_below_half", "capacity_reached"]
    assert not is_ready(reasons)


def test_a_go_ahead_without_a_leader_is_refused():
    facts = ProvrumFacts(participants=group(3).participants, leader=None)
    assert codes(go_ahead(facts, acknowledged=True, comment="Kör")) == ["no_leader"]


# check_transition --------------------------------------------------------------------------


def test_transition_in_the_table_passes_and_outside_is_refused():
    table = {"a": {"b"}, "b": set()}
    assert check_transition(current="a", target="b", allowed=table) == []
    refused = check_transition(current="b", target="a", allowed=table)
    assert [(r.code, r.severity, r.params) for r in refused] == [
        ("illegal_transition", ERROR, {"from": "b", "to": "a"})
    ]
    assert codes(check_transition(current="okänd", target="a", allowed=table)) == [
        "illegal_transition"
    ]


def test_staying_in_the_same_state_is_not_a_transition():
    for state in TRANSITIONS:
        assert codes(check_transition(current=state, target=state, allowed=TRANSITIONS)) == [
            "illegal_transition"
        ], state
