"""The figures of the format's evaluation: pure computations over plain rows.

The computations take plain rows (frozen dataclasses of dates, ids and
numbers) and return plain results; they import nothing from Django and are
tested with hand-made values. ``selectors.evaluation_data`` is the one selector: it reads
everything the dashboard needs in a fixed number of queries (never one per
provrum) and has the database turn datetimes into local dates, so a go-ahead at
23:30 on New Year's Eve counts in the year it was given in Sweden. The results
are cached per period (``caching``).

What each figure counts, and by which date it falls in a period:

- proposals: published in the period (``published_at``);
- go-aheads: given in the period (``go_ahead_at``);
- declined and lapsed: the office's decision in the period (``Decision.decided_at``);
- withdrawn: published proposals withdrawn in the period (the history event);
- days from proposal to go-ahead: provrum with the go-ahead in the period;
- days from go-ahead to report: reports submitted in the period;
- participation, the map and the funding: provrum with the go-ahead in the
  period (funding is granted in the go-ahead's year, as the annual cap counts it);
- outcomes: reports approved (published) in the period; dissemination and
  closing by their own dates;
- feedback: the survey of a provrum belongs to the period its invitations were
  sent in (when the provrum closed); answers to a provrum without invitations
  count by the date they were given.
"""

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

# The format's development phase; the evaluation looks at it as a whole.
DEVELOPMENT_PHASE = (2023, 2024)
ALL = "all"
DEVELOPMENT = "development"
DEFAULT_PERIOD = ALL

MET, PARTLY, NOT_MET = "met", "partly", "not_met"
OUTCOMES = (MET, PARTLY, NOT_MET)
CRITERION, INDICATOR = "criterion", "indicator"
AGAIN = ("yes", "maybe", "no")
SCORES = (1, 2, 3, 4, 5)
LEARNING_PROJECT = "learning_project"
MEMBER, PARTNER = "member", "partner"


# Periods ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A year, the development phase, or all years (first and last year None)."""

    key: str
    first_year: int | None = None
    last_year: int | None = None

    def contains(self, day: date | None) -> bool:
        if day is None:
            return False
        if self.first_year is not None and day.year < self.first_year:
            return False
        return self.last_year is None or day.year <= self.last_year

    def years(self, years_with_data: Iterable[int]) -> list[int]:
        """The years the period's table shows: its own, or every year with data."""
        if self.first_year is None or self.last_year is None:
            return sorted(set(years_with_data))
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_year(self) -> bool:
        return self.first_year is not None and self.first_year == self.last_year


def year_period(year: int) -> Period:
    return Period(str(year), year, year)


def period_choices(years_with_data: Iterable[int]) -> list[Period]:
    """All years, the development phase, then each year with data, newest first."""
    return [
        Period(ALL),
        Period(DEVELOPMENT, *DEVELOPMENT_PHASE),
        *(year_period(year) for year in sorted(set(years_with_data), reverse=True)),
    ]


def period_for(key, years_with_data: Iterable[int]) -> Period | None:
    """The period a ``?period=`` value names, or None when it names none.

    A year is accepted when it has data or lies in the development phase.
    """
    key = str(key or "").strip()
    if key == ALL:
        return Period(ALL)
    if key == DEVELOPMENT:
        return Period(DEVELOPMENT, *DEVELOPMENT_PHASE)
    if key.isdigit() and len(key) == 4:
        year = int(key)
        if year in set(years_with_data) or DEVELOPMENT_PHASE[0] <= year <= DEVELOPMENT_PHASE[1]:
            return year_period(year)
    return None


# Rows: what the selector reads ---------------------------------------------------


@dataclass(frozen=True)
class ProvrumRow:
    id: int
    title: str
    state: str
    published_on: date | None
    go_ahead_on: date | None = None
    leader_id: int | None = None
    withdrawn_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class DecisionRow:
    provrum_id: int
    outcome: str  # "go_ahead", "declined" or "lapsed"
    decided_on: date


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    membership: str  # "member", "partner" or "none"
    is_region: bool = False
    county_code: str = ""
    slug: str = ""


@dataclass(frozen=True)
class ReportRow:
    provrum_id: int
    status: str
    submitted_on: date | None = None
    published_on: date | None = None
    results: tuple[tuple[str, str], ...] = ()  # (kind, outcome) per criterion and indicator
    follow_on: str = ""

    @property
    def is_approved(self) -> bool:
        return self.status == "approved" and self.published_on is not None


@dataclass(frozen=True)
class InvitationRow:
    provrum_id: int
    sent_on: date
    answered: bool = False


@dataclass(frozen=True)
class ResponseRow:
    provrum_id: int
    answered_on: date
    usefulness: int
    take_part_again: str
    format_change: str = ""


@dataclass(frozen=True)
class EvaluationData:
    """Everything the figures are computed from, as plain values."""

    provrum: tuple[ProvrumRow, ...] = ()
    decisions: tuple[DecisionRow, ...] = ()
    organisations: Mapping[int, OrganisationRow] = field(default_factory=dict)
    # Provrum id → the ids of its participating organisations (leader included).
    participants: Mapping[int, frozenset[int]] = field(default_factory=dict)
    # Provrum id → the base funding of its approved plan, whole SEK.
    base_funding: Mapping[int, int] = field(default_factory=dict)
    reports: tuple[ReportRow, ...] = ()
    disseminations: tuple[tuple[int, date], ...] = ()  # (provrum id, date done)
    invitations: tuple[InvitationRow, ...] = ()
    responses: tuple[ResponseRow, ...] = ()
    # When the office's annual cap changed, and to what, oldest first.
    cap_changes: tuple[tuple[date, int], ...] = ()
    current_cap: int = 200_000


# Pure computations ------------------------------------------------------------------


def median(values: Iterable[float]) -> float | int | None:
    """The median, None for no values; a whole number stays an int (4, not 4.0)."""
    values = list(values)
    if not values:
        return None
    result = statistics.median(values)
    return int(result) if float(result).is_integer() else result


@dataclass(frozen=True)
class Duration:
    """The median number of days, and how many cases it is the median of."""

    median_days: float | int | None
    n: int


def median_days(pairs: Iterable[tuple[date | None, date | None]]) -> Duration:
    """The median of calendar days from start to end; pairs missing a date are left out."""
    days = [(end - start).days for start, end in pairs if start is not None and end is not None]
    return Duration(median(days), len(days))


def percent(part: int | float, whole: int | float) -> float | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when whole is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def mean(values: Iterable[float], decimals: int = 2) -> float | None:
    values = list(values)
    if not values:
        return None
    return round(sum(values) / len(values), decimals)


def participation_by_county(
    participants: Mapping[int, Iterable[OrganisationRow]], provrum_ids: Iterable[int]
) -> dict[str, int]:
    """County code → the number of the given provrum in which a region of that county takes part.

    A provrum counts once per county, however many of its regions share the code.
    """
    counts: Counter[str] = Counter()
    for provrum_id in set(provrum_ids):
        codes = {
            organisation.county_code
            for organisation in participants.get(provrum_id, ())
            if organisation.is_region and organisation.county_code
        }
        counts.update(codes)
    return dict(counts)


def cap_for_year(year: int, changes: Iterable[tuple[date, int]], default: int) -> int:
    """The office's annual cap in force at the end of ``year``.

    ``changes`` are (date, cap) pairs. Before the first recorded change the
    first recorded value applies (the rules had it from the start); with no
    record at all, ``default``.
    """
    changes = sorted(changes)
    if not changes:
        return default
    cap = changes[0][1]
    for day, value in changes:
        if day.year <= year:
            cap = value
    return cap


@dataclass(frozen=True)
class Counts:
    proposals: int = 0
    go_aheads: int = 0
    declined: int = 0
    lapsed: int = 0
    withdrawn: int = 0


def decision_counts(data: EvaluationData, period: Period) -> Counts:
    declined = {
        d.provrum_id
        for d in data.decisions
        if d.outcome == "declined" and period.contains(d.decided_on)
    }
    lapsed = {
        d.provrum_id
        for d in data.decisions
        if d.outcome == "lapsed" and period.contains(d.decided_on)
    }
    return Counts(
        proposals=sum(1 for p in data.provrum if period.contains(p.published_on)),
        go_aheads=sum(1 for p in data.provrum if period.contains(p.go_ahead_on)),
        declined=len(declined),
        lapsed=len(lapsed),
        withdrawn=sum(
            1
            for p in data.provrum
            if p.published_on is not None and period.contains(p.withdrawn_on)
        ),
    )


@dataclass(frozen=True)
class Participation:
    provrum: int = 0  # provrum with the go-ahead in the period
    organisations: int = 0
    members: int = 0
    partners: int = 0
    others: int = 0  # neither member nor partner
    regions: int = 0
    mean_organisations: float | None = None  # per provrum
    mean_regions: float | None = None


def participation(
    participants: Mapping[int, Iterable[OrganisationRow]], provrum_ids: Iterable[int]
) -> Participation:
    """Distinct organisations taking part in the given provrum, by membership and regions."""
    provrum_ids = sorted(set(provrum_ids))
    per_provrum = {pid: {o.id: o for o in participants.get(pid, ())} for pid in provrum_ids}
    distinct = {oid: o for orgs in per_provrum.values() for oid, o in orgs.items()}
    by_membership = Counter(o.membership for o in distinct.values())
    return Participation(
        provrum=len(provrum_ids),
        organisations=len(distinct),
        members=by_membership[MEMBER],
        partners=by_membership[PARTNER],
        others=len(distinct) - by_membership[MEMBER] - by_membership[PARTNER],
        regions=sum(1 for o in distinct.values() if o.is_region),
        mean_organisations=mean(len(orgs) for orgs in per_provrum.values()),
        mean_regions=mean(
            sum(1 for o in orgs.values() if o.is_region) for orgs in per_provrum.values()
        ),
    )


@dataclass(frozen=True)
class FundingYear:
    year: int
    granted_sek: int
    cap_sek: int

    @property
    def percent(self) -> float | None:
        return percent(self.granted_sek, self.cap_sek)


@dataclass(frozen=True)
class OutcomeCounts:
    met: int = 0
    partly: int = 0
    not_met: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met


def outcome_counts(reports: Iterable[ReportRow], kind: str | None = None) -> OutcomeCounts:
    """Met / partly / not met over the reports' results (of one kind, or all)."""
    counts = Counter(
        outcome
        for report in reports
        for row_kind, outcome in report.results
        if kind is None or row_kind == kind
    )
    return OutcomeCounts(counts[MET], counts[PARTLY], counts[NOT_MET])


@dataclass(frozen=True)
class Outcomes:
    criteria: OutcomeCounts = OutcomeCounts()
    indicators: OutcomeCounts = OutcomeCounts()
    reports_submitted: int = 0
    reports_approved: int = 0
    follow_on_learning_project: int = 0
    disseminated: int = 0
    closed: int = 0

    @property
    def all(self) -> OutcomeCounts:
        return OutcomeCounts(
            self.criteria.met + self.indicators.met,
            self.criteria.partly + self.indicators.partly,
            self.criteria.not_met + self.indicators.not_met,
        )


@dataclass(frozen=True)
class Feedback:
    invitations: int = 0
    responses: int = 0
    mean_usefulness: float | None = None
    usefulness: tuple[int, ...] = (0, 0, 0, 0, 0)  # number of answers per score 1–5
    again: tuple[int, int, int] = (0, 0, 0)  # yes, maybe, no
    comments: tuple[str, ...] = ()

    @property
    def response_rate(self) -> float | None:
        return percent(self.responses, self.invitations)

    @property
    def again_shares(self) -> tuple[float | None, ...]:
        return tuple(percent(count, self.responses) for count in self.again)


def survey_dates(
    invitations: Iterable[InvitationRow], responses: Iterable[ResponseRow]
) -> dict[int, date]:
    """Provrum id → the date its survey counts by: the first invitation, else the first answer."""
    dates: dict[int, date] = {}
    for invitation in invitations:
        current = dates.get(invitation.provrum_id)
        if current is None or invitation.sent_on < current:
            dates[invitation.provrum_id] = invitation.sent_on
    invited = set(dates)
    for response in responses:
        if response.provrum_id in invited:
            continue
        current = dates.get(response.provrum_id)
        if current is None or response.answered_on < current:
            dates[response.provrum_id] = response.answered_on
    return dates


def feedback(
    invitations: Iterable[InvitationRow],
    responses: Iterable[ResponseRow],
    provrum_ids: Iterable[int],
) -> Feedback:
    """The survey's figures over the given provrum's invitations and answers."""
    provrum_ids = set(provrum_ids)
    invitations = [i for i in invitations if i.provrum_id in provrum_ids]
    responses = [r for r in responses if r.provrum_id in provrum_ids]
    scores = Counter(r.usefulness for r in responses)
    again = Counter(r.take_part_again for r in responses)
    return Feedback(
        invitations=len(invitations),
        responses=len(responses),
        mean_usefulness=mean(r.usefulness for r in responses),
        usefulness=tuple(scores[score] for score in SCORES),
        again=tuple(again[answer] for answer in AGAIN),
        # In alphabetical order: the order of answering could point to who wrote what.
        comments=tuple(
            sorted(r.format_change.strip() for r in responses if r.format_change.strip())
        ),
    )


@dataclass(frozen=True)
class YearRow:
    """One line of the table per year."""

    year: int
    counts: Counts
    to_go_ahead: Duration
    to_report: Duration
    participation: Participation
    funding: FundingYear


@dataclass(frozen=True)
class Figures:
    period: Period
    years: tuple[int, ...]
    counts: Counts
    to_go_ahead: Duration
    to_report: Duration
    participation: Participation
    # County code → provrum with the go-ahead in the period in which a region of it takes part.
    counties: Mapping[str, int]
    # Region organisation id → provrum with the go-ahead in the period it takes part in.
    regions: Mapping[int, int]
    funding: tuple[FundingYear, ...]
    outcomes: Outcomes
    feedback: Feedback
    per_year: tuple[YearRow, ...]

    @property
    def funding_total(self) -> FundingYear | None:
        """The period's sum over its years (None for a single year: the row says it)."""
        if len(self.funding) < 2:
            return None
        return FundingYear(
            0, sum(f.granted_sek for f in self.funding), sum(f.cap_sek for f in self.funding)
        )


def years_with_data(data: EvaluationData) -> list[int]:
    """Every year in which something the dashboard counts happened."""
    days = [
        day
        for p in data.provrum
        for day in (p.published_on, p.go_ahead_on, p.withdrawn_on, p.closed_on)
    ]
    days += [d.decided_on for d in data.decisions]
    days += [day for r in data.reports for day in (r.submitted_on, r.published_on)]
    days += [day for _, day in data.disseminations]
    days += survey_dates(data.invitations, data.responses).values()
    return sorted({day.year for day in days if day is not None})


def participant_rows(data: EvaluationData) -> dict[int, list[OrganisationRow]]:
    """Provrum id → its participating organisations as rows."""
    return {
        pid: [data.organisations[oid] for oid in sorted(ids) if oid in data.organisations]
        for pid, ids in data.participants.items()
    }


def _go_ahead_ids(data: EvaluationData, period: Period) -> list[int]:
    return [p.id for p in data.provrum if period.contains(p.go_ahead_on)]


def _durations(data: EvaluationData, period: Period) -> tuple[Duration, Duration]:
    go_ahead = {p.id: p.go_ahead_on for p in data.provrum}
    to_go_ahead = median_days(
        (p.published_on, p.go_ahead_on) for p in data.provrum if period.contains(p.go_ahead_on)
    )
    to_report = median_days(
        (go_ahead.get(r.provrum_id), r.submitted_on)
        for r in data.reports
        if period.contains(r.submitted_on)
    )
    return to_go_ahead, to_report


def _funding_year(data: EvaluationData, year: int) -> FundingYear:
    granted = sum(
        data.base_funding.get(p.id, 0)
        for p in data.provrum
        if p.go_ahead_on is not None and p.go_ahead_on.year == year
    )
    return FundingYear(year, granted, cap_for_year(year, data.cap_changes, data.current_cap))


def _outcomes(data: EvaluationData, period: Period) -> Outcomes:
    approved = [r for r in data.reports if r.is_approved and period.contains(r.published_on)]
    return Outcomes(
        criteria=outcome_counts(approved, CRITERION),
        indicators=outcome_counts(approved, INDICATOR),
        reports_submitted=sum(1 for r in data.reports if period.contains(r.submitted_on)),
        reports_approved=len(approved),
        follow_on_learning_project=sum(1 for r in approved if r.follow_on == LEARNING_PROJECT),
        disseminated=len({pid for pid, day in data.disseminations if period.contains(day)}),
        closed=sum(1 for p in data.provrum if period.contains(p.closed_on)),
    )


def compute(data: EvaluationData, period: Period) -> Figures:
    """Every figure of the dashboard for the period, and the table per year."""
    all_years = years_with_data(data)
    years = period.years(all_years)
    participants = participant_rows(data)
    go_aheads = _go_ahead_ids(data, period)
    to_go_ahead, to_report = _durations(data, period)

    region_counts: Counter[int] = Counter()
    for pid in go_aheads:
        region_counts.update(o.id for o in participants.get(pid, ()) if o.is_region)

    survey_date = survey_dates(data.invitations, data.responses)
    surveyed = [pid for pid, day in survey_date.items() if period.contains(day)]

    per_year = []
    for year in years:
        one = year_period(year)
        year_to_go_ahead, year_to_report = _durations(data, one)
        per_year.append(
            YearRow(
                year=year,
                counts=decision_counts(data, one),
                to_go_ahead=year_to_go_ahead,
                to_report=year_to_report,
                participation=participation(participants, _go_ahead_ids(data, one)),
                funding=_funding_year(data, year),
            )
        )

    return Figures(
        period=period,
        years=tuple(years),
        counts=decision_counts(data, period),
        to_go_ahead=to_go_ahead,
        to_report=to_report,
        participation=participation(participants, go_aheads),
        counties=participation_by_county(participants, go_aheads),
        regions=dict(region_counts),
        funding=tuple(row.funding for row in per_year),
        outcomes=_outcomes(data, period),
        feedback=feedback(data.invitations, data.responses, surveyed),
        per_year=tuple(per_year),
    )
