"""The dashboard's tables: one per figure, the same on the page and in the downloads.

``dashboard_tables`` turns the computed ``Figures`` into ``Table`` objects with
translated captions and headers; the page renders them (next to each chart, as
its text alternative) and ``exports`` writes the very same rows to CSV and
XLSX, so what is downloaded is what is shown. Cells hold plain values (int,
float, str or None); ``Column.kind`` says how to write them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from reglab.evaluation import figures as f
from reglab.evaluation.caching import cached, evaluation_version
from reglab.evaluation.sweden_map import county_names

TEXT, COUNT, DECIMAL, PERCENT, SEK = "text", "count", "decimal", "percent", "sek"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Table:
    key: str  # stable, English: the API and the tests use it
    slug: str  # Swedish: the download's address and file name
    title: str  # the caption
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list[list] = field(default_factory=list)
    note: str = ""

    def all_rows(self) -> list[list]:
        """The body and the footer rows, as the downloads write them."""
        return [*self.rows, *self.footer]

    def _cells(self, row: list) -> list[dict]:
        return [
            {"text": cell_text(value, column.kind), "numeric": column.kind != TEXT}
            for value, column in zip(row, self.columns, strict=True)
        ]

    @property
    def text_rows(self) -> list[list[dict]]:
        """The body rows as the page shows them: each cell's text and whether it is a number."""
        return [self._cells(row) for row in self.rows]

    @property
    def text_footer(self) -> list[list[dict]]:
        return [self._cells(row) for row in self.footer]


def period_label(period: f.Period) -> str:
    if period.key == f.ALL:
        return _("All years")
    if period.key == f.DEVELOPMENT:
        first, last = f.DEVELOPMENT_PHASE
        return _("The development phase %(first)s–%(last)s") % {"first": first, "last": last}
    return period.key


def number_text(value) -> str:
    """A number as Swedish writes it: 12 500, 12,5, 3,25; a whole number without decimals.

    The figures carry at most two decimals (means) or one (shares and medians);
    a trailing zero is not written.
    """
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        decimals = 1 if round(value, 1) == value else 2
        return number_format(value, decimals, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def cell_text(value, kind: str) -> str:
    """A cell as the page shows it; a missing value is a dash."""
    if value is None or value == "":
        return "–" if kind != TEXT else ""
    if kind == TEXT:
        return str(value)
    if kind == PERCENT:
        return f"{number_text(value)}\u00a0%"
    if kind == SEK:
        return f"{number_text(value)}\u00a0kr"
    return number_text(value)


def sek_text(value) -> str:
    return cell_text(value, SEK)


def percent_text(value) -> str:
    return cell_text(value, PERCENT)


# The tables ----------------------------------------------------------------------


def _whole_period(figures: f.Figures) -> str:
    return _("The whole period")


def counts_table(figures: f.Figures) -> Table:
    table = Table(
        "counts",
        "forslag-och-beslut",
        _("Proposals and decisions per year"),
        [
            Column(_("Year"), TEXT),
            Column(_("Proposals")),
            Column(_("Go-aheads")),
            Column(pgettext("number of provrum", "Declined")),
            Column(pgettext("number of provrum", "Lapsed")),
            Column(pgettext("number of provrum", "Withdrawn")),
        ],
    )

    def cells(counts: f.Counts) -> list:
        return [
            counts.proposals,
            counts.go_aheads,
            counts.declined,
            counts.lapsed,
            counts.withdrawn,
        ]

    table.rows = [[str(row.year), *cells(row.counts)] for row in figures.per_year]
    if len(figures.per_year) > 1:
        table.footer = [[_whole_period(figures), *cells(figures.counts)]]
    return table


def durations_table(figures: f.Figures) -> Table:
    table = Table(
        "durations",
        "handlaggningstid",
        _("Median days from proposal to go-ahead and from go-ahead to final report"),
        [
            Column(_("Year"), TEXT),
            Column(_("Proposal to go-ahead (median days)"), DECIMAL),
            Column(_("Number of go-aheads")),
            Column(_("Go-ahead to final report (median days)"), DECIMAL),
            Column(_("Number of reports")),
        ],
        note=_(
            "The time to the go-ahead counts in the year of the go-ahead; the time to the "
            "final report in the year the report was submitted."
        ),
    )

    def cells(to_go_ahead: f.Duration, to_report: f.Duration) -> list:
        return [to_go_ahead.median_days, to_go_ahead.n, to_report.median_days, to_report.n]

    table.rows = [
        [str(row.year), *cells(row.to_go_ahead, row.to_report)] for row in figures.per_year
    ]
    if len(figures.per_year) > 1:
        table.footer = [[_whole_period(figures), *cells(figures.to_go_ahead, figures.to_report)]]
    return table


def participation_table(figures: f.Figures) -> Table:
    table = Table(
        "participation",
        "deltagande",
        _("Organisations and regions taking part, per year"),
        [
            Column(_("Year"), TEXT),
            Column(_("Provrum with the go-ahead")),
            Column(_("Participating organisations")),
            Column(_("of which members")),
            Column(_("of which partners")),
            Column(_("of which neither")),
            Column(_("Regions")),
            Column(_("Organisations per provrum (mean)"), DECIMAL),
            Column(_("Regions per provrum (mean)"), DECIMAL),
        ],
        note=_(
            "Each organisation counts once per row, however many provrum it takes part in. "
            "A provrum counts in the year of its go-ahead."
        ),
    )

    def cells(p: f.Participation) -> list:
        return [
            p.provrum,
            p.organisations,
            p.members,
            p.partners,
            p.others,
            p.regions,
            p.mean_organisations,
            p.mean_regions,
        ]

    table.rows = [[str(row.year), *cells(row.participation)] for row in figures.per_year]
    if len(figures.per_year) > 1:
        table.footer = [[_whole_period(figures), *cells(figures.participation)]]
    return table


def counties_table(figures: f.Figures, organisations) -> Table:
    """Every county, its member regions and the provrum they take part in (the map's numbers)."""
    regions_by_county: dict[str, list[str]] = {}
    for organisation in sorted(organisations.values(), key=lambda o: o.name):
        if organisation.is_region and organisation.county_code:
            regions_by_county.setdefault(organisation.county_code, []).append(organisation.name)
    table = Table(
        "counties",
        "lan",
        _("Provrum per county and region"),
        [
            Column(_("County code"), TEXT),
            Column(_("County"), TEXT),
            Column(_("Region"), TEXT),
            Column(_("Provrum")),
        ],
        note=_(
            "Provrum with the go-ahead in the period in which a region of the county takes part."
        ),
    )
    table.rows = [
        [code, name, ", ".join(regions_by_county.get(code, [])), figures.counties.get(code, 0)]
        for code, name in county_names().items()
    ]
    return table


def funding_table(figures: f.Figures) -> Table:
    table = Table(
        "funding",
        "grundfinansiering",
        _("Base funding granted against the office's annual cap"),
        [
            Column(_("Year"), TEXT),
            Column(_("Base funding granted"), SEK),
            Column(_("Annual cap"), SEK),
            Column(_("Share of the cap used"), PERCENT),
        ],
        note=_(
            "The base funding of the approved project plans, counted in the year of the "
            "provrum's go-ahead, as the annual cap counts it."
        ),
    )
    table.rows = [
        [str(row.year), row.granted_sek, row.cap_sek, row.percent] for row in figures.funding
    ]
    total = figures.funding_total
    if total is not None:
        table.footer = [[_whole_period(figures), total.granted_sek, total.cap_sek, total.percent]]
    return table


def outcomes_table(figures: f.Figures) -> Table:
    table = Table(
        "outcomes",
        "utfall",
        _("Success criteria and indicators in the approved final reports"),
        [
            Column(_("Results"), TEXT),
            Column(_("Met")),
            Column(_("Partly met")),
            Column(_("Not met")),
            Column(_("Total")),
        ],
        note=_("Final reports approved by the office in the period."),
    )

    def cells(counts: f.OutcomeCounts) -> list:
        return [counts.met, counts.partly, counts.not_met, counts.total]

    outcomes = figures.outcomes
    table.rows = [
        [_("Success criteria"), *cells(outcomes.criteria)],
        [_("Indicators"), *cells(outcomes.indicators)],
    ]
    table.footer = [[_("All"), *cells(outcomes.all)]]
    return table


def reports_table(figures: f.Figures) -> Table:
    outcomes = figures.outcomes
    table = Table(
        "reports",
        "rapporter",
        _("Final reports, dissemination and closing"),
        [Column(_("Figure"), TEXT), Column(_("Number"))],
    )
    table.rows = [
        [_("Final reports submitted"), outcomes.reports_submitted],
        [_("Final reports approved"), outcomes.reports_approved],
        [
            _("Approved reports recommending a follow-on learning project"),
            outcomes.follow_on_learning_project,
        ],
        [_("Provrum whose results were disseminated"), outcomes.disseminated],
        [_("Provrum closed"), outcomes.closed],
    ]
    return table


def feedback_table(figures: f.Figures) -> Table:
    feedback = figures.feedback
    table = Table(
        "feedback",
        "enkat",
        _("The participants' survey"),
        [Column(_("Figure"), TEXT), Column(_("Value"), DECIMAL)],
        note=_(
            "A provrum's survey counts in the period its participants were asked, when the "
            "provrum closed."
        ),
    )
    table.rows = [
        [_("Participants asked"), feedback.invitations],
        [_("Answers"), feedback.responses],
        [_("Response rate (%)"), feedback.response_rate],
        [_("Usefulness, mean (1–5)"), feedback.mean_usefulness],
    ]
    return table


def usefulness_table(figures: f.Figures) -> Table:
    feedback = figures.feedback
    table = Table(
        "usefulness",
        "nytta",
        _("How useful the provrum was (1 = not at all, 5 = very)"),
        [Column(_("Score"), TEXT), Column(_("Answers")), Column(_("Share"), PERCENT)],
    )
    table.rows = [
        [str(score), count, f.percent(count, feedback.responses)]
        for score, count in zip(f.SCORES, feedback.usefulness, strict=True)
    ]
    return table


def again_labels() -> dict[str, str]:
    return {"yes": _("Yes"), "maybe": _("Maybe"), "no": _("No")}


def again_table(figures: f.Figures) -> Table:
    feedback = figures.feedback
    labels = again_labels()
    table = Table(
        "again",
        "delta-igen",
        _("Would take part in a provrum again"),
        [Column(_("Answer"), TEXT), Column(_("Answers")), Column(_("Share"), PERCENT)],
    )
    table.rows = [
        [labels[answer], count, share]
        for answer, count, share in zip(f.AGAIN, feedback.again, feedback.again_shares, strict=True)
    ]
    return table


def comments_table(figures: f.Figures) -> Table:
    table = Table(
        "comments",
        "synpunkter",
        _("What should change in the format: the participants' answers"),
        [Column(_("Answer"), TEXT)],
        note=_("The answers are anonymous: they are not linked to a person."),
    )
    table.rows = [[comment] for comment in figures.feedback.comments]
    return table


def dashboard_tables(figures: f.Figures, organisations) -> dict[str, Table]:
    """Every table of the dashboard, by key, in the page's order."""
    tables = [
        counts_table(figures),
        durations_table(figures),
        participation_table(figures),
        counties_table(figures, organisations),
        funding_table(figures),
        outcomes_table(figures),
        reports_table(figures),
        feedback_table(figures),
        usefulness_table(figures),
        again_table(figures),
        comments_table(figures),
    ]
    return {table.key: table for table in tables}


def county_label(name: str, count: int) -> str:
    return ngettext("%(county)s: %(count)s provrum", "%(county)s: %(count)s provrum", count) % {
        "county": name,
        "count": count,
    }


# The dashboard as a whole --------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """What the page, the downloads and the API need: the period, the figures, the tables."""

    period: f.Period
    periods: list[f.Period]
    figures: f.Figures
    tables: dict[str, Table]
    # Organisation id → row: the participants and every region (names for the map).
    organisations: Mapping[int, f.OrganisationRow]
    known_period: bool = True
    # The cache's version token the figures were read under (``caching``).
    version: str = ""


def years_with_data() -> list[int]:
    """The years with data, cached until the data changes (``caching``)."""
    version = evaluation_version()
    return cached(version, "years", lambda: f.years_with_data(f.evaluation_data()))


def dashboard_for(period_key, *, fallback: bool = False) -> Dashboard | None:
    """The dashboard for the period a ``?period=`` value names (empty: the default).

    An unknown period gives None, or with ``fallback`` the default period and
    ``known_period=False``. The figures of each period are cached until the data
    changes; when they are not, the data is read once (``figures.evaluation_data``).
    The tables are built on each call, in the request's language.
    """
    version = evaluation_version()
    data = None

    def read() -> f.EvaluationData:
        nonlocal data
        if data is None:
            data = f.evaluation_data()
        return data

    years = cached(version, "years", lambda: f.years_with_data(read()))
    period = f.period_for(period_key or f.DEFAULT_PERIOD, years)
    known = period is not None
    if period is None:
        if not fallback:
            return None
        period = f.period_for(f.DEFAULT_PERIOD, years)
    figures, organisations = cached(
        version,
        f"figures:{period.key}",
        lambda: (f.compute(read(), period), dict(read().organisations)),
    )
    return Dashboard(
        period=period,
        periods=f.period_choices(years),
        figures=figures,
        tables=dashboard_tables(figures, organisations),
        organisations=organisations,
        known_period=known,
        version=version,
    )
