"""The office's yearly provrum budget (200 000 SEK) across all provrum of a year."""

import pytest

from reglab.provrum.rules import (
    BudgetLine,
    FormatLimits,
    PlanFacts,
    check_office_annual_cap,
    check_plan,
)

LIMITS = FormatLimits()


def asking(base):
    # A budget where the other base-funding rules pass for any base up to 100 000.
    return PlanFacts(
        budget_lines=(BudgetLine("expertise", 1_000_000, False),), base_funding_sek=base
    )


def error_codes(facts, granted, limits=LIMITS):
    reasons = check_plan(facts=facts, limits=limits, base_funding_granted_this_year_sek=granted)
    return [reason.code for reason in reasons if reason.is_error]


@pytest.mark.parametrize(
    ("granted", "base", "expected"),
    [
        (100_000, 100_000, []),  # the second provrum at 100 000 fills the year exactly
        (200_000, 1, ["office_annual_cap_exceeded"]),  # two at 100 000, a third asks for 1
        (199_999, 1, []),
        (150_000, 50_000, []),
        (150_000, 50_001, ["office_annual_cap_exceeded"]),
        (0, 100_000, []),
    ],
)
def test_annual_cap(granted, base, expected):
    assert error_codes(asking(base), granted) == expected


def test_two_provrum_at_the_cap_and_a_third_asking_for_one_krona():
    granted = 0
    for _ in range(2):
        assert error_codes(asking(100_000), granted) == []
        granted += 100_000
    [reason] = check_office_annual_cap(
        facts=asking(1), limits=LIMITS, base_funding_granted_this_year_sek=granted
    )
    assert reason.code == "office_annual_cap_exceeded"
    assert reason.is_error
    assert reason.params == {"amount": 1, "granted": 200_000, "cap": 200_000, "remaining": 0}


def test_the_reason_tells_what_is_left():
    [reason] = check_office_annual_cap(
        facts=asking(60_000), limits=LIMITS, base_funding_granted_this_year_sek=150_000
    )
    assert reason.params["remaining"] == 50_000


@pytest.mark.parametrize("granted", [0, 200_000, 250_000])
def test_a_plan_without_base_funding_never_breaks_the_annual_cap(granted):
    # Even when the office has lowered the cap below what is already granted.
    assert (
        check_office_annual_cap(
            facts=asking(0), limits=LIMITS, base_funding_granted_this_year_sek=granted
        )
        == []
    )


def test_a_lowered_cap_counts():
    limits = FormatLimits(office_annual_cap_sek=150_000)
    assert error_codes(asking(50_000), 100_000, limits) == []
    assert error_codes(asking(50_001), 100_000, limits) == ["office_annual_cap_exceeded"]


def test_over_the_annual_cap_and_the_per_provrum_cap_both_reported():
    assert error_codes(asking(100_001), 150_000) == [
        "base_funding_over_cap",
        "office_annual_cap_exceeded",
    ]
