"""Regions: at least two (must) and at least half (should); exactly half passes."""

import pytest

from reglab.provrum.rules import FormatLimits, Participant, ProvrumFacts, check_regions


def facts(regions, others):
    participants = [Participant(f"region-{i}", True, True) for i in range(regions)]
    participants += [Participant(f"other-{i}", False, False) for i in range(others)]
    return ProvrumFacts(participants=tuple(participants))


@pytest.mark.parametrize(
    ("regions", "others", "codes"),
    [
        (0, 2, ["too_few_regions", "region_share_below_half"]),
        (1, 1, ["too_few_regions"]),  # exactly half, but only one region
        (2, 0, []),
        (2, 2, []),  # exactly half passes
        (3, 3, []),  # exactly half of six passes
        (2, 3, ["region_share_below_half"]),
        (3, 4, ["region_share_below_half"]),
    ],
)
def test_region_rules(regions, others, codes):
    reasons = check_regions(facts=facts(regions, others), limits=FormatLimits())
    assert [r.code for r in reasons] == codes


def test_share_below_half_is_only_a_warning():
    reasons = check_regions(facts=facts(2, 3), limits=FormatLimits())
    assert [(r.code, r.severity) for r in reasons] == [("region_share_below_half", "warning")]
