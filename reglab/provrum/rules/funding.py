"""The project plan's funding and content rules."""

import calendar
from dataclasses import dataclass
from datetime import date

from reglab.provrum.rules.base import (
    ERROR,
    WARNING,
    FormatLimits,
    Reason,
)

# --- The project plan's funding and content rules ---------------------------

# The years a plan's dates may fall in (the editor and the API refuse others). A date
# outside them counts as missing: the duration rule never reaches past the calendar.
FIRST_PLAN_YEAR = 2000
LAST_PLAN_YEAR = 2100


@dataclass(frozen=True)
class BudgetLine:
    """One line of a plan's budget. Money is whole SEK."""

    category: str
    amount_sek: int
    is_working_time: bool

    @property
    def counts_as_working_time(self) -> bool:
        """A line is working time when it says so or sits in the working-time category.

        Either is enough: base funding must never pay for working time, so a
        line in the "working_time" category cannot escape the rule by leaving
        the box unticked.
        """
        return self.is_working_time or self.category == "working_time"


@dataclass(frozen=True)
class PlanFacts:
    """What the funding and content rules need to know about one project plan."""

    budget_lines: tuple[BudgetLine, ...] = ()
    base_funding_sek: int = 0
    other_financing_sek: int = 0  # own contributions + other sources
    start: date | None = None
    end: date | None = None
    success_criteria_count: int = 0
    indicators_count: int = 0

    @property
    def budget_sek(self) -> int:
        """The planned budget: the sum of all budget lines."""
        return sum(line.amount_sek for line in self.budget_lines)

    @property
    def non_working_time_sek(self) -> int:
        """The part of the budget that base funding may pay for."""
        return sum(line.amount_sek for line in self.budget_lines if not line.counts_as_working_time)

    @property
    def financing_sek(self) -> int:
        """All financing: base funding, own contributions and other sources."""
        return self.base_funding_sek + self.other_financing_sek


def _whole_sek(value) -> int:
    """An amount from the plan data as whole SEK; a value that is not an integer counts as 0.

    The data is validated before it reaches the rules, and validation keeps
    what the person typed when it is not a valid amount ("12,5", "tusen"); such
    a value counts as 0 here, as in the sums the editor shows.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def _plan_year(day: date | None) -> date | None:
    if day is None or not FIRST_PLAN_YEAR <= day.year <= LAST_PLAN_YEAR:
        return None
    return day


def plan_date(value) -> date | None:
    """A date from the plan data ("YYYY-MM-DD" or a date) in the plan years; else missing.

    The editor checks the rules on the plan as typed, so "9999-12-31" (refused by
    the validation, kept as typed) arrives here too: it counts as missing.
    """
    if isinstance(value, date):
        return _plan_year(value)
    if isinstance(value, str) and value.strip():
        try:
            return _plan_year(date.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def plan_facts(data: dict) -> PlanFacts:
    """The facts the rules need, read from a plan's data (the shared JSON shape).

    The base funding is the sum of the financing lines with source
    "base_funding"; every other financing line (own contributions, other
    sources) counts as other financing. Blank success criteria and indicators
    without a text are not counted. Missing keys read as empty, so a new,
    empty plan gives empty facts.
    """
    data = data if isinstance(data, dict) else {}
    lines = tuple(
        BudgetLine(
            category=str(line.get("category") or ""),
            amount_sek=_whole_sek(line.get("amount")),
            is_working_time=bool(line.get("is_working_time")),
        )
        for line in data.get("budget_lines") or ()
        if isinstance(line, dict)
    )
    base = other = 0
    for line in data.get("financing") or ():
        if not isinstance(line, dict):
            continue
        if line.get("source") == "base_funding":
            base += _whole_sek(line.get("amount"))
        else:
            other += _whole_sek(line.get("amount"))
    criteria = sum(1 for item in data.get("success_criteria") or () if _text(item))
    indicators = sum(
        1
        for item in data.get("indicators") or ()
        if isinstance(item, dict) and _text(item.get("indicator"))
    )
    return PlanFacts(
        budget_lines=lines,
        base_funding_sek=base,
        other_financing_sek=other,
        start=plan_date(data.get("start")),
        end=plan_date(data.get("end")),
        success_criteria_count=criteria,
        indicators_count=indicators,
    )


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on, kept within the month.

    31 August + 6 months is the last day of February (29 February in a leap
    year), never a day in March.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def check_base_funding(*, facts: PlanFacts, limits: FormatLimits) -> list[Reason]:
    """Base funding within the cap, at most half the budget, never for working time (must).

    Exactly at the cap passes, and so does exactly half the planned budget (the
    share is compared in whole numbers, so no rounding decides it). Base
    funding may be at most the sum of the lines that are not working time.
    """
    base = facts.base_funding_sek
    if base <= 0:
        return []
    reasons = []
    if base > limits.max_base_funding_sek:
        reasons.append(
            Reason(
                "base_funding_over_cap",
                ERROR,
                {"amount": base, "maximum": limits.max_base_funding_sek},
            )
        )
    budget = facts.budget_sek
    if base * 100 > limits.max_base_funding_share_percent * budget:
        reasons.append(
            Reason(
                "base_funding_over_half",
                ERROR,
                {
                    "amount": base,
                    "budget": budget,
                    "percent": limits.max_base_funding_share_percent,
                    "maximum": max(budget, 0) * limits.max_base_funding_share_percent // 100,
                },
            )
        )
    payable = facts.non_working_time_sek
    if base > payable:
        reasons.append(
            Reason(
                "base_funding_pays_working_time",
                ERROR,
                {"amount": base, "maximum": max(payable, 0)},
            )
        )
    return reasons


def check_office_annual_cap(
    *, facts: PlanFacts, limits: FormatLimits, base_funding_granted_this_year_sek: int
) -> list[Reason]:
    """The office's yearly provrum budget must cover this plan's base funding (must).

    A plan that asks for no base funding never breaks the cap, even when the
    year's grants already pass it (the office may have lowered it).
    """
    base = facts.base_funding_sek
    if base <= 0:
        return []
    granted = max(base_funding_granted_this_year_sek, 0)
    if granted + base > limits.office_annual_cap_sek:
        return [
            Reason(
                "office_annual_cap_exceeded",
                ERROR,
                {
                    "amount": base,
                    "granted": granted,
                    "cap": limits.office_annual_cap_sek,
                    "remaining": max(limits.office_annual_cap_sek - granted, 0),
                },
            )
        ]
    return []


def check_financing(*, facts: PlanFacts) -> list[Reason]:
    """The financing should cover the planned budget (should)."""
    budget = facts.budget_sek
    financing = facts.financing_sek
    if financing < budget:
        return [
            Reason(
                "financing_does_not_cover_budget",
                WARNING,
                {"financing": financing, "budget": budget, "missing": budget - financing},
            )
        ]
    return []


def check_duration(*, facts: PlanFacts, limits: FormatLimits) -> list[Reason]:
    """A provrum should run between the shortest and longest duration, in calendar months (should).

    The end may fall on start + the shortest duration and on start + the
    longest, both included: 15 January to 15 March is two months exactly and
    passes. A plan without a start or an end gets ``plan_dates_missing``, and so
    does one whose date is outside the plan years (``plan_date``).
    """
    start, end = _plan_year(facts.start), _plan_year(facts.end)
    if start is None or end is None:
        return [Reason("plan_dates_missing", WARNING)]
    earliest = add_months(start, limits.min_duration_months)
    latest = add_months(start, limits.max_duration_months)
    if end < earliest:
        return [
            Reason(
                "duration_too_short",
                WARNING,
                {"minimum": limits.min_duration_months, "earliest_end": earliest.isoformat()},
            )
        ]
    if end > latest:
        return [
            Reason(
                "duration_too_long",
                WARNING,
                {"maximum": limits.max_duration_months, "latest_end": latest.isoformat()},
            )
        ]
    return []


def check_plan_content(*, facts: PlanFacts) -> list[Reason]:
    """A plan should name at least one success criterion and one indicator (should)."""
    reasons = []
    if facts.success_criteria_count <= 0:
        reasons.append(Reason("no_success_criteria", WARNING))
    if facts.indicators_count <= 0:
        reasons.append(Reason("no_indicators", WARNING))
    return reasons


def check_plan(
    *, facts: PlanFacts, limits: FormatLimits, base_funding_granted_this_year_sek: int
) -> list[Reason]:
    """Every rule a project plan is held to, errors (must) and warnings (should).

    ``base_funding_granted_this_year_sek`` is the base funding already granted
    to other provrum this calendar year, not counting this plan.
    """
    return [
        *check_base_funding(facts=facts, limits=limits),
        *check_office_annual_cap(
            facts=facts,
            limits=limits,
            base_funding_granted_this_year_sek=base_funding_granted_this_year_sek,
        ),
        *check_financing(facts=facts),
        *check_duration(facts=facts, limits=limits),
        *check_plan_content(facts=facts),
    ]


def base_funding_per_member_sek(*, limits: FormatLimits, member_count: int) -> int:
    """The office's yearly cap divided by the member organisations, in whole SEK.

    Rounded to the nearest krona, halves up (200,000 / 24 = 8,333). With no
    members there is nothing to divide, and the figure is 0.
    """
    if member_count <= 0:
        return 0
    cap = limits.office_annual_cap_sek
    return (2 * cap + member_count) // (2 * member_count)
