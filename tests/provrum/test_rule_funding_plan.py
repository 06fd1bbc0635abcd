"""The plan's warnings (financing, duration, content), plan_facts, the per-member figure."""

from datetime import date

import pytest

from reglab.provrum.rules import (
    WARNING,
    BudgetLine,
    FormatLimits,
    PlanFacts,
    add_months,
    base_funding_per_member_sek,
    check_duration,
    check_financing,
    check_plan,
    check_plan_content,
    plan_facts,
)

LIMITS = FormatLimits()

COMPLETE = {
    "purpose": "Pröva AI för visualisering av regional statistik",
    "expected_result": "En gemensam metod",
    "main_question": "Hur?",
    "delimitations": "Inte drift",
    "start": "2027-01-15",
    "end": "2027-06-15",
    "milestones": [
        {"date": "2027-02-01", "title": "Start", "meeting": "digital", "place": "https://m.se"}
    ],
    "resources": [{"who": "Region Skåne", "what": "Leder"}],
    "success_criteria": ["Alla regioner har provat metoden"],
    "indicators": [{"indicator": "Antal regioner", "measured_by": "Enkät"}],
    "budget_lines": [
        {
            "category": "expertise",
            "description": "Analys",
            "amount": 120_000,
            "is_working_time": False,
        },
        {
            "category": "communication",
            "description": "Film",
            "amount": 30_000,
            "is_working_time": False,
        },
        {
            "category": "working_time",
            "description": "Projektledning",
            "amount": 50_000,
            "is_working_time": True,
        },
    ],
    "financing": [
        {"source": "organisation", "organisation": "region-skane", "label": "", "amount": 60_000},
        {"source": "organisation", "organisation": "region-halland", "label": "", "amount": 30_000},
        {"source": "base_funding", "organisation": "", "label": "", "amount": 100_000},
        {"source": "other", "organisation": "", "label": "Tillväxtverket", "amount": 10_000},
    ],
}


def all_codes(facts, granted=0):
    reasons = check_plan(facts=facts, limits=LIMITS, base_funding_granted_this_year_sek=granted)
    return [reason.code for reason in reasons]


# --- plan_facts ---------------------------------------------------------------


def test_plan_facts_from_a_complete_plan():
    facts = plan_facts(COMPLETE)
    assert facts == PlanFacts(
        budget_lines=(
            BudgetLine("expertise", 120_000, False),
            BudgetLine("communication", 30_000, False),
            BudgetLine("working_time", 50_000, True),
        ),
        base_funding_sek=100_000,
        other_financing_sek=100_000,
        start=date(2027, 1, 15),
        end=date(2027, 6, 15),
        success_criteria_count=1,
        indicators_count=1,
    )
    assert facts.budget_sek == 200_000
    assert facts.non_working_time_sek == 150_000
    assert facts.financing_sek == 200_000
    assert all_codes(facts) == []


@pytest.mark.parametrize("data", [{}, None, {"budget_lines": None, "financing": None}])
def test_plan_facts_of_an_empty_plan(data):
    facts = plan_facts(data)
    assert facts == PlanFacts()
    assert all_codes(facts) == ["plan_dates_missing", "no_success_criteria", "no_indicators"]


def test_plan_facts_does_not_count_blank_criteria_and_indicators():
    facts = plan_facts(
        {
            "success_criteria": ["", "   ", "Ett kriterium"],
            "indicators": [
                {"indicator": " ", "measured_by": "Enkät"},
                {"indicator": "Antal", "measured_by": ""},
            ],
        }
    )
    assert facts.success_criteria_count == 1
    assert facts.indicators_count == 1


def test_plan_facts_tolerates_a_half_filled_draft():
    facts = plan_facts(
        {
            "start": "not a date",
            "end": "",
            "budget_lines": [
                {"category": "other", "amount": 12},
                {"category": "other", "amount": "12,5"},
                {"amount": None},
                {"amount": True},
                "junk",
            ],
            "financing": [{"source": "base_funding", "amount": 2.5}, {"amount": 7}],
        }
    )
    assert facts.start is None and facts.end is None
    # What validation kept as typed counts as 0, as in the editor's sums.
    assert facts.budget_lines == (
        BudgetLine("other", 12, False),
        BudgetLine("other", 0, False),
        BudgetLine("", 0, False),
        BudgetLine("", 0, False),
    )
    assert facts.base_funding_sek == 0
    assert facts.other_financing_sek == 7


def test_plan_facts_sums_several_base_funding_lines():
    # Validation allows at most one; if two slip through, both count against the rules.
    facts = plan_facts(
        {
            "financing": [
                {"source": "base_funding", "amount": 60_000},
                {"source": "base_funding", "amount": 50_000},
            ]
        }
    )
    assert facts.base_funding_sek == 110_000


def test_plan_facts_from_the_complete_plan_with_too_much_base_funding():
    data = {**COMPLETE, "financing": [{"source": "base_funding", "amount": 100_001}]}
    codes = all_codes(plan_facts(data))
    assert codes == [
        "base_funding_over_cap",
        "base_funding_over_half",
        "financing_does_not_cover_budget",
    ]


# --- financing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "other", "expected"),
    [
        (50_000, 50_000, []),  # exactly covered
        (50_000, 49_999, ["financing_does_not_cover_budget"]),  # one krona short
        (0, 100_000, []),
        (0, 150_000, []),  # more financing than budget is no warning
        (0, 0, ["financing_does_not_cover_budget"]),
    ],
)
def test_financing_covers_the_budget(base, other, expected):
    facts = PlanFacts(
        budget_lines=(BudgetLine("expertise", 100_000, False),),
        base_funding_sek=base,
        other_financing_sek=other,
    )
    reasons = check_financing(facts=facts)
    assert [r.code for r in reasons] == expected
    assert all(r.severity == WARNING for r in reasons)


def test_financing_reason_tells_what_is_missing():
    facts = PlanFacts(
        budget_lines=(BudgetLine("expertise", 100_000, False),), other_financing_sek=70_000
    )
    [reason] = check_financing(facts=facts)
    assert reason.params == {"financing": 70_000, "budget": 100_000, "missing": 30_000}


def test_an_empty_budget_with_no_financing_is_covered():
    assert check_financing(facts=PlanFacts()) == []


# --- duration -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2027, 1, 15), date(2027, 3, 14), ["duration_too_short"]),
        (date(2027, 1, 15), date(2027, 3, 15), []),  # 2 months exactly
        (date(2027, 1, 15), date(2027, 7, 15), []),  # 6 months exactly
        (date(2027, 1, 15), date(2027, 7, 16), ["duration_too_long"]),
        (date(2027, 1, 1), date(2027, 2, 28), ["duration_too_short"]),
        (date(2027, 1, 1), date(2027, 3, 1), []),
        (date(2027, 3, 1), date(2027, 1, 1), ["duration_too_short"]),  # end before start
        (date(2027, 3, 1), date(2027, 3, 1), ["duration_too_short"]),
        # 31 August + 6 months is 29 February in the leap year 2028.
        (date(2027, 8, 31), date(2028, 2, 29), []),
        (date(2027, 8, 31), date(2028, 3, 1), ["duration_too_long"]),
        # 31 December + 2 months is 28 February in 2027, 29 February in 2028.
        (date(2026, 12, 31), date(2027, 2, 27), ["duration_too_short"]),
        (date(2026, 12, 31), date(2027, 2, 28), []),
        (date(2027, 12, 31), date(2028, 2, 28), ["duration_too_short"]),
        (date(2027, 12, 31), date(2028, 2, 29), []),
        # 30 November + 2 months crosses the year.
        (date(2027, 11, 30), date(2028, 1, 29), ["duration_too_short"]),
        (date(2027, 11, 30), date(2028, 1, 30), []),
    ],
)
def test_duration_in_calendar_months(start, end, expected):
    reasons = check_duration(facts=PlanFacts(start=start, end=end), limits=LIMITS)
    assert [r.code for r in reasons] == expected
    assert all(r.severity == WARNING for r in reasons)


def test_duration_reasons_tell_the_boundary_date():
    [short] = check_duration(
        facts=PlanFacts(start=date(2027, 8, 31), end=date(2027, 9, 30)), limits=LIMITS
    )
    assert short.params == {"minimum": 2, "earliest_end": "2027-10-31"}
    [long] = check_duration(
        facts=PlanFacts(start=date(2027, 8, 31), end=date(2028, 8, 31)), limits=LIMITS
    )
    assert long.params == {"maximum": 6, "latest_end": "2028-02-29"}


@pytest.mark.parametrize(
    ("start", "end"), [(None, None), (date(2027, 1, 1), None), (None, date(2027, 5, 1))]
)
def test_missing_dates_give_a_warning(start, end):
    reasons = check_duration(facts=PlanFacts(start=start, end=end), limits=LIMITS)
    assert [(r.code, r.severity) for r in reasons] == [("plan_dates_missing", WARNING)]


def test_the_office_changes_the_duration():
    limits = FormatLimits(min_duration_months=1, max_duration_months=12)
    facts = PlanFacts(start=date(2027, 1, 31), end=date(2027, 2, 28))
    assert check_duration(facts=facts, limits=limits) == []
    facts = PlanFacts(start=date(2027, 1, 31), end=date(2028, 1, 31))
    assert check_duration(facts=facts, limits=limits) == []
    facts = PlanFacts(start=date(2027, 1, 31), end=date(2028, 2, 1))
    assert [r.code for r in check_duration(facts=facts, limits=limits)] == ["duration_too_long"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 10, 31), 2, date(2027, 12, 31)),
        (date(2027, 11, 15), 2, date(2028, 1, 15)),
        (date(2027, 12, 1), 12, date(2028, 12, 1)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2027, 5, 5), 0, date(2027, 5, 5)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# --- criteria and indicators --------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "indicators", "expected"),
    [
        (0, 0, ["no_success_criteria", "no_indicators"]),
        (1, 0, ["no_indicators"]),
        (0, 1, ["no_success_criteria"]),
        (1, 1, []),
        (5, 3, []),
    ],
)
def test_criteria_and_indicators(criteria, indicators, expected):
    facts = PlanFacts(success_criteria_count=criteria, indicators_count=indicators)
    reasons = check_plan_content(facts=facts)
    assert [r.code for r in reasons] == expected
    assert all(r.severity == WARNING for r in reasons)


def test_warnings_alone_are_not_errors():
    facts = PlanFacts(budget_lines=(BudgetLine("expertise", 10, False),))
    reasons = check_plan(facts=facts, limits=LIMITS, base_funding_granted_this_year_sek=0)
    assert reasons and not any(r.is_error for r in reasons)


# --- per-member figure --------------------------------------------------------


@pytest.mark.parametrize(
    ("cap", "members", "expected"),
    [
        (200_000, 24, 8_333),  # 8 333.33
        (200_000, 23, 8_696),  # 8 695.65, the seed's "about 8 700"
        (200_000, 1, 200_000),
        (200_000, 3, 66_667),  # 66 666.67 rounds up
        (10, 4, 3),  # 2.5: halves round up, never to even
        (14, 4, 4),  # 3.5
        (0, 24, 0),
        (200_000, 0, 0),  # no members: nothing to divide
        (200_000, -1, 0),
    ],
)
def test_base_funding_per_member(cap, members, expected):
    limits = FormatLimits(office_annual_cap_sek=cap)
    assert base_funding_per_member_sek(limits=limits, member_count=members) == expected
