"""The provrum format's rules as pure functions.

Nothing here imports Django: inputs are frozen dataclasses of plain values, the
output is a list of ``Reason`` and never an exception. As with Django's password
validators, every rule runs and every reason is reported. ``messages.py`` maps
each stable code to a translatable Swedish text.

The defaults of ``FormatLimits`` come from the format description (the seed):
2–6 organisations, at least half of them regions (should), at least two regions
before it is ready, one leader that is a member, two go-aheads a year, 2–6
months, base funding at most 100,000 SEK and at most half the planned budget,
never for working time, and at most 200,000 SEK a year from the office.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Reason:
    """Why an action is blocked (error) or needs an acknowledgement (warning)."""

    code: str
    severity: str
    params: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class FormatLimits:
    """The thresholds the office may change. Money is whole SEK."""

    min_organisations: int = 2
    max_organisations: int = 6
    min_regions: int = 2
    min_region_share_percent: int = 50
    max_go_aheads_per_year: int = 2
    min_duration_months: int = 2
    max_duration_months: int = 6
    max_base_funding_sek: int = 100_000
    max_base_funding_share_percent: int = 50
    office_annual_cap_sek: int = 200_000


@dataclass(frozen=True)
class Participant:
    """An organisation taking part in a provrum."""

    slug: str
    is_member: bool
    is_region: bool
    wants_to_lead: bool = False


@dataclass(frozen=True)
class ProvrumFacts:
    """What the rules need to know about one provrum."""

    participants: tuple[Participant, ...] = ()
    leader: str | None = None  # slug of the leader organisation


def check_proposer(*, proposer_is_member: bool) -> list[Reason]:
    """Only member organisations may propose; partners may only register interest."""
    if proposer_is_member:
        return []
    return [Reason("partner_cannot_propose", ERROR)]


def check_participant_count(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """2 to 6 participating organisations, the leader included (must)."""
    count = len({p.slug for p in facts.participants})
    if count < limits.min_organisations:
        return [
            Reason(
                "too_few_organisations",
                ERROR,
                {"count": count, "minimum": limits.min_organisations},
            )
        ]
    if count > limits.max_organisations:
        return [
            Reason(
                "too_many_organisations",
                ERROR,
                {"count": count, "maximum": limits.max_organisations},
            )
        ]
    return []


def check_regions(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """At least two regions (must) and at least half regions (should).

    Exactly half passes: the share is compared in whole numbers, so no
    rounding can turn 3 of 6 into a failure.
    """
    unique = {p.slug: p for p in facts.participants}.values()
    total = len(unique)
    regions = sum(1 for p in unique if p.is_region)
    reasons = []
    if regions < limits.min_regions:
        reasons.append(
            Reason("too_few_regions", ERROR, {"count": regions, "minimum": limits.min_regions})
        )
    if total and regions * 100 < limits.min_region_share_percent * total:
        reasons.append(
            Reason(
                "region_share_below_half",
                WARNING,
                {"regions": regions, "total": total, "percent": limits.min_region_share_percent},
            )
        )
    return reasons


def check_leader(*, facts: ProvrumFacts) -> list[Reason]:
    """Exactly one leader, a participating member organisation (must)."""
    if not facts.leader:
        return [Reason("no_leader", ERROR)]
    leader = next((p for p in facts.participants if p.slug == facts.leader), None)
    if leader is None:
        return [Reason("leader_not_participant", ERROR, {"leader": facts.leader})]
    if not leader.is_member:
        return [Reason("leader_not_member", ERROR, {"leader": facts.leader})]
    return []


def check_capacity(*, go_aheads_this_year: int, limits: FormatLimits) -> list[Reason]:
    """At most N provrum given the go-ahead per calendar year (must)."""
    if go_aheads_this_year >= limits.max_go_aheads_per_year:
        return [
            Reason(
                "capacity_reached",
                ERROR,
                {"count": go_aheads_this_year, "maximum": limits.max_go_aheads_per_year},
            )
        ]
    return []


def check_readiness(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """Every rule that decides whether a provrum is ready ("redo").

    Ready means no error among the reasons; warnings must be acknowledged by
    the office when it gives the go-ahead.
    """
    return [
        *check_participant_count(facts=facts, limits=limits),
        *check_regions(facts=facts, limits=limits),
        *check_leader(facts=facts),
    ]


def is_ready(reasons: list[Reason]) -> bool:
    """True when no reason is an error."""
    return not any(reason.is_error for reason in reasons)


def check_interest(
    *, facts: ProvrumFacts, candidate: Participant, limits: FormatLimits
) -> list[Reason]:
    """May ``candidate`` register (or change) its interest in taking part?

    A new organisation must not take the group past the maximum (must), and only
    a member may offer to lead (must). Changing an existing interest never
    counts twice.
    """
    reasons = []
    slugs = {p.slug for p in facts.participants}
    if candidate.slug not in slugs and len(slugs) + 1 > limits.max_organisations:
        reasons.append(
            Reason(
                "too_many_organisations",
                ERROR,
                {"count": len(slugs) + 1, "maximum": limits.max_organisations},
            )
        )
    if candidate.wants_to_lead and not candidate.is_member:
        reasons.append(Reason("leader_not_member", ERROR, {"leader": candidate.slug}))
    return reasons


def check_leader_choice(*, facts: ProvrumFacts, candidate: str) -> list[Reason]:
    """The leader is chosen among participating members that offered to lead (must)."""
    participant = next((p for p in facts.participants if p.slug == candidate), None)
    if participant is None:
        return [Reason("leader_not_participant", ERROR, {"leader": candidate})]
    if not participant.is_member:
        return [Reason("leader_not_member", ERROR, {"leader": candidate})]
    if not participant.wants_to_lead:
        return [Reason("leader_not_volunteer", ERROR, {"leader": candidate})]
    return []


def check_go_ahead(
    *,
    facts: ProvrumFacts,
    limits: FormatLimits,
    go_aheads_this_year: int,
    acknowledged: bool,
    comment: str,
) -> list[Reason]:
    """Everything that stands between a provrum and the office's go-ahead.

    The readiness rules and the yearly capacity; warnings (should rules) turn
    into the error ``warnings_not_acknowledged`` until the office acknowledges
    them with a comment.
    """
    reasons = [
        *check_readiness(facts=facts, limits=limits),
        *check_capacity(go_aheads_this_year=go_aheads_this_year, limits=limits),
    ]
    warnings = [reason.code for reason in reasons if not reason.is_error]
    if warnings and not (acknowledged and comment.strip()):
        reasons.append(Reason("warnings_not_acknowledged", ERROR, {"codes": ", ".join(warnings)}))
    return reasons


def check_transition(*, current: str, target: str, allowed: dict[str, set[str]]) -> list[Reason]:
    """A state change must be in the table of allowed changes (must)."""
    if target in allowed.get(current, set()):
        return []
    return [Reason("illegal_transition", ERROR, {"from": current, "to": target})]


# --- The project plan's funding and content rules ---------------------------


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


def _plan_date(value) -> date | None:
    """A date from the plan data ("YYYY-MM-DD" or a date); anything else is missing."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
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
        start=_plan_date(data.get("start")),
        end=_plan_date(data.get("end")),
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
    passes. A plan without a start or an end gets ``plan_dates_missing``.
    """
    if facts.start is None or facts.end is None:
        return [Reason("plan_dates_missing", WARNING)]
    earliest = add_months(facts.start, limits.min_duration_months)
    latest = add_months(facts.start, limits.max_duration_months)
    if facts.end < earliest:
        return [
            Reason(
                "duration_too_short",
                WARNING,
                {"minimum": limits.min_duration_months, "earliest_end": earliest.isoformat()},
            )
        ]
    if facts.end > latest:
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


# --- Dissemination and closing ----------------------------------------------


def not_disseminated_code(channel: str) -> str:
    """The warning code for a channel the results have not been spread through."""
    return f"not_disseminated_{channel}"


def check_dissemination(*, done_channels, all_channels) -> list[Reason]:
    """Have the results been spread through Reglab's channels?

    A channel is done when it has a date. At least one must be done (must);
    each channel that is not is a warning (should) that the office acknowledges
    when it closes the provrum anyway. A channel outside ``all_channels`` does
    not count.
    """
    done_set = set(done_channels)
    done = [channel for channel in all_channels if channel in done_set]
    reasons = []
    if not done:
        reasons.append(Reason("no_channel_disseminated", ERROR, {"total": len(all_channels)}))
    reasons.extend(
        Reason(not_disseminated_code(channel), WARNING, {"channel": channel})
        for channel in all_channels
        if channel not in done
    )
    return reasons


def check_close(*, done_channels, all_channels, acknowledged) -> list[Reason]:
    """Everything that stands between a reported provrum and closing it.

    The dissemination rules; a warning whose code is not in ``acknowledged``
    adds the error ``dissemination_not_acknowledged``, as unacknowledged
    warnings do for the go-ahead.
    """
    reasons = check_dissemination(done_channels=done_channels, all_channels=all_channels)
    acknowledged = set(acknowledged or ())
    open_warnings = [
        reason.code for reason in reasons if not reason.is_error and reason.code not in acknowledged
    ]
    if open_warnings:
        reasons.append(
            Reason("dissemination_not_acknowledged", ERROR, {"codes": ", ".join(open_warnings)})
        )
    return reasons
