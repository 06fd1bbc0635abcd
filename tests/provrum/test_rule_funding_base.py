"""The base-funding rules at their boundaries: cap, half the budget, never working time."""

import pytest

from reglab.provrum.rules import (
    BudgetLine,
    FormatLimits,
    PlanFacts,
    check_base_funding,
    check_plan,
)

LIMITS = FormatLimits()


def expertise(amount):
    return BudgetLine("expertise", amount, False)


def working_time(amount):
    return BudgetLine("working_time", amount, True)


def codes(facts, granted=0, limits=LIMITS):
    errors = check_plan(facts=facts, limits=limits, base_funding_granted_this_year_sek=granted)
    return [reason.code for reason in errors if reason.is_error]


@pytest.mark.parametrize(
    ("base", "expected"),
    [(99_999, []), (100_000, []), (100_001, ["base_funding_over_cap"])],
)
def test_base_funding_cap(base, expected):
    # A budget large enough that neither half nor working time decides.
    facts = PlanFacts(budget_lines=(expertise(1_000_000),), base_funding_sek=base)
    assert codes(facts) == expected


def test_over_cap_reason_carries_amount_and_maximum():
    facts = PlanFacts(budget_lines=(expertise(1_000_000),), base_funding_sek=100_001)
    [reason] = check_base_funding(facts=facts, limits=LIMITS)
    assert reason.params == {"amount": 100_001, "maximum": 100_000}
    assert reason.is_error


@pytest.mark.parametrize(
    ("budget", "base", "expected"),
    [
        (100_000, 50_000, []),  # exactly half passes
        (100_000, 50_001, ["base_funding_over_half"]),  # one krona over
        (100_001, 50_000, []),  # odd budget: half is 50 000.5, 50 000 is under
        (100_001, 50_001, ["base_funding_over_half"]),
        (3, 1, []),
        (3, 2, ["base_funding_over_half"]),
    ],
)
def test_base_funding_at_most_half_the_budget(budget, base, expected):
    facts = PlanFacts(budget_lines=(expertise(budget),), base_funding_sek=base)
    assert codes(facts) == expected


def test_half_counts_every_line_including_working_time():
    # Budget 160 000, of which 80 000 is working time: half is 80 000, and the
    # 80 000 outside working time covers it too.
    facts = PlanFacts(
        budget_lines=(
            expertise(50_000),
            BudgetLine("communication", 30_000, False),
            working_time(80_000),
        ),
        base_funding_sek=80_000,
    )
    assert codes(facts) == []
    assert codes(PlanFacts(budget_lines=facts.budget_lines, base_funding_sek=80_001)) == [
        "base_funding_over_half",
        "base_funding_pays_working_time",
    ]


def test_half_reason_tells_the_largest_allowed_amount():
    facts = PlanFacts(budget_lines=(expertise(150_001),), base_funding_sek=90_000)
    [reason] = check_base_funding(facts=facts, limits=LIMITS)
    assert reason.code == "base_funding_over_half"
    assert reason.params == {"amount": 90_000, "budget": 150_001, "percent": 50, "maximum": 75_000}


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (30_000, []),  # equal to the lines that are not working time
        (30_001, ["base_funding_pays_working_time"]),  # one krona over
    ],
)
def test_base_funding_never_pays_working_time(base, expected):
    # 30 000 outside working time, 170 000 of working time: half (100 000) and
    # the cap (100 000) are far away.
    lines = (expertise(20_000), BudgetLine("meetings_travel", 10_000, False), working_time(170_000))
    facts = PlanFacts(budget_lines=lines, base_funding_sek=base)
    assert codes(facts) == expected


def test_working_time_reason_tells_what_base_funding_may_pay():
    facts = PlanFacts(
        budget_lines=(expertise(30_000), working_time(170_000)), base_funding_sek=30_001
    )
    [reason] = check_base_funding(facts=facts, limits=LIMITS)
    assert reason.code == "base_funding_pays_working_time"
    assert reason.params == {"amount": 30_001, "maximum": 30_000}


@pytest.mark.parametrize(
    ("line", "counts"),
    [
        (BudgetLine("working_time", 10, True), True),
        (BudgetLine("working_time", 10, False), True),  # the category alone is enough
        (BudgetLine("other", 10, True), True),  # and so is the box alone
        (BudgetLine("other", 10, False), False),
        (BudgetLine("expertise", 10, False), False),
    ],
)
def test_what_counts_as_working_time(line, counts):
    assert line.counts_as_working_time is counts
    # Budget 14, half 7; base 5 is more than the 4 of expertise but less than 14.
    facts = PlanFacts(budget_lines=(line, expertise(4)), base_funding_sek=5)
    assert codes(facts) == (["base_funding_pays_working_time"] if counts else [])


def test_everything_wrong_at_once_reports_every_reason():
    facts = PlanFacts(budget_lines=(working_time(150_000),), base_funding_sek=150_000)
    assert codes(facts) == [
        "base_funding_over_cap",
        "base_funding_over_half",
        "base_funding_pays_working_time",
    ]


@pytest.mark.parametrize("base", [0, -1])
def test_no_base_funding_breaks_no_base_funding_rule(base):
    # An empty budget, only working time, and no base funding: nothing to refuse.
    facts = PlanFacts(budget_lines=(working_time(100_000),), base_funding_sek=base)
    assert check_base_funding(facts=facts, limits=LIMITS) == []


def test_base_funding_with_a_zero_budget_is_over_half_and_pays_working_time():
    facts = PlanFacts(budget_lines=(), base_funding_sek=1)
    assert codes(facts) == ["base_funding_over_half", "base_funding_pays_working_time"]
    facts = PlanFacts(budget_lines=(expertise(0),), base_funding_sek=1)
    assert codes(facts) == ["base_funding_over_half", "base_funding_pays_working_time"]


def test_the_office_changes_the_limits():
    limits = FormatLimits(max_base_funding_sek=50_000, max_base_funding_share_percent=40)
    facts = PlanFacts(budget_lines=(expertise(100_000),), base_funding_sek=40_000)
    assert codes(facts, limits=limits) == []
    facts = PlanFacts(budget_lines=(expertise(100_000),), base_funding_sek=40_001)
    assert codes(facts, limits=limits) == ["base_funding_over_half"]
    facts = PlanFacts(budget_lines=(expertise(200_000),), base_funding_sek=50_001)
    assert codes(facts, limits=limits) == ["base_funding_over_cap"]
