"""Boundaries of the participant rules: 1, 2, 6 and 7 organisations."""

import pytest

from reglab.provrum.rules import FormatLimits, Participant, ProvrumFacts, check_participant_count

LIMITS = FormatLimits()


def facts_with(count):
    return ProvrumFacts(
        participants=tuple(
            Participant(f"org-{i}", is_member=True, is_region=True) for i in range(count)
        )
    )


@pytest.mark.parametrize(
    ("count", "codes"),
    [
        (0, ["too_few_organisations"]),
        (1, ["too_few_organisations"]),
        (2, []),
        (6, []),
        (7, ["too_many_organisations"]),
    ],
)
def test_participant_count_boundaries(count, codes):
    reasons = check_participant_count(facts=facts_with(count), limits=LIMITS)
    assert [r.code for r in reasons] == codes
    assert all(r.severity == "error" for r in reasons)


def test_the_same_organisation_twice_counts_once():
    twice = ProvrumFacts(
        participants=(
            Participant("region-skane", is_member=True, is_region=True),
            Participant("region-skane", is_member=True, is_region=True),
        )
    )
    assert [r.code for r in check_participant_count(facts=twice, limits=LIMITS)] == [
        "too_few_organisations"
    ]


def test_limits_come_from_the_office():
    reasons = check_participant_count(facts=facts_with(3), limits=FormatLimits(max_organisations=2))
    assert [r.code for r in reasons] == ["too_many_organisations"]
    assert reasons[0].params == {"count": 3, "maximum": 2}
