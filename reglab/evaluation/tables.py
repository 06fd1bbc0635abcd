"""The dashboard's tables: one declarative spec, read by the page, the downloads and the API.

``SPECS`` lists every table of the dashboard in the page's order. A ``TableSpec``
says what a table is (its key, the download's slug, its caption and note, the
label of its row headers and its value columns) and where its rows come from; a
``ColumnSpec`` names one figure: its stable English name, its header, how it is
written (``kind``) and how it is read from a row's record. ``TableSpec.build``
turns a spec and the computed ``Figures`` into a ``Table`` in the request's
language: the page renders it (next to each chart, as its text alternative) and
``exports`` writes the very same rows to CSV and XLSX, so what is downloaded is
what is shown. The API writes each record through the same columns
(``record``), so its keys are the columns' names. Cells hold plain values (int,
float, str or None); ``Column.kind`` says how to write them (``texts``).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reglab.evaluation import figures as f
from reglab.evaluation.caching import cached, evaluation_version
from reglab.evaluation.selectors import evaluation_data
from reglab.evaluation.sweden_map import county_names
from reglab.evaluation.texts import COUNT, DECIMAL, PERCENT, SEK, TEXT, again_labels, cell_text


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


# The spec ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    """One figure of a table: its stable name, its header, how it is written and read.

    The name is English and is the API's key. A row's record (an object, or a
    dict such as a county) is read by the name, so a dotted name reads an
    attribute of an attribute (``"to_go_ahead.n"``) and nests in the API's
    JSON; ``value`` reads it otherwise.
    """

    name: str
    label: Promise
    kind: str = COUNT
    value: Callable[[Any], Any] | None = None

    def read(self, record):
        if self.value is not None:
            return self.value(record)
        for part in self.name.split("."):
            record = record[part] if isinstance(record, Mapping) else getattr(record, part)
        return record


# A row: its header (the first column's text) and the record its columns read.
Row = tuple[str, Any]


def _no_rows(figures: f.Figures) -> list[Row]:
    return []


@dataclass(frozen=True)
class TableSpec:
    """What one table of the dashboard shows, and where its rows and its footer come from.

    ``rows(figures, organisations)`` and ``footer(figures)`` give ``Row`` pairs;
    the first column (headed ``head``) is the rows' header text, the others are
    ``columns`` read from the row's record.
    """

    key: str  # stable, English: the API and the tests use it
    slug: str  # Swedish: the download's address and file name
    title: Promise
    head: Promise
    columns: tuple[ColumnSpec, ...]
    rows: Callable[[f.Figures, Mapping[int, f.OrganisationRow]], list[Row]]
    footer: Callable[[f.Figures], list[Row]] = _no_rows
    note: Promise | str = ""

    def build(self, figures: f.Figures, organisations: Mapping[int, f.OrganisationRow]) -> Table:
        """The table in the active language, its cells read from the figures."""

        def line(header: str, record) -> list:
            return [header, *(column.read(record) for column in self.columns)]

        return Table(
            self.key,
            self.slug,
            str(self.title),
            [Column(str(self.head), TEXT)]
            + [Column(str(column.label), column.kind) for column in self.columns],
            rows=[line(*row) for row in self.rows(figures, organisations)],
            footer=[line(*row) for row in self.footer(figures)],
            note=str(self.note),
        )


def record(columns: Iterable[ColumnSpec], obj) -> dict:
    """The columns' values read from ``obj``, by name, as the API writes them.

    A dotted name nests: ``"to_go_ahead.n"`` is ``{"to_go_ahead": {"n": …}}``.
    """
    result: dict = {}
    for column in columns:
        *path, name = column.name.split(".")
        target = result
        for part in path:
            target = target.setdefault(part, {})
        target[name] = column.read(obj)
    return result


# Where the rows come from ----------------------------------------------------------


def _per_year(figures: f.Figures, organisations=None) -> list[Row]:
    """One row per year; the record is the ``YearRow``."""
    return [(str(row.year), row) for row in figures.per_year]


def _whole_period(figures: f.Figures) -> list[Row]:
    """Under the years, the period as a whole (the record is the ``Figures``): for two or more."""
    return [(gettext("The whole period"), figures)] if len(figures.per_year) > 1 else []


def _funding_years(figures: f.Figures, organisations=None) -> list[Row]:
    return [(str(row.year), row) for row in figures.funding]


def _funding_total(figures: f.Figures) -> list[Row]:
    total = figures.funding_total
    return [] if total is None else [(gettext("The whole period"), total)]


def _outcomes(figures: f.Figures, organisations=None) -> list[Row]:
    outcomes = figures.outcomes
    return [
        (gettext("Success criteria"), outcomes.criteria),
        (gettext("Indicators"), outcomes.indicators),
    ]


def _all_outcomes(figures: f.Figures) -> list[Row]:
    return [(gettext("All"), figures.outcomes.all)]


def _listed(items: tuple[ColumnSpec, ...], part: Callable[[f.Figures], Any]):
    """A table of named figures: one row per item, headed by its label, its value as the record."""

    def rows(figures: f.Figures, organisations=None) -> list[Row]:
        source = part(figures)
        return [(str(item.label), item.read(source)) for item in items]

    return rows


@dataclass(frozen=True)
class Answers:
    """How many answered one way, and their share of all answers (percent)."""

    count: int
    share: float | None


def _usefulness(figures: f.Figures, organisations=None) -> list[Row]:
    feedback = figures.feedback
    return [
        (str(score), Answers(count, f.percent(count, feedback.responses)))
        for score, count in zip(f.SCORES, feedback.usefulness, strict=True)
    ]


def _again(figures: f.Figures, organisations=None) -> list[Row]:
    feedback = figures.feedback
    labels = again_labels()
    return [
        (labels[answer], Answers(count, share))
        for answer, count, share in zip(f.AGAIN, feedback.again, feedback.again_shares, strict=True)
    ]


def _comments(figures: f.Figures, organisations=None) -> list[Row]:
    return [(comment, None) for comment in figures.feedback.comments]


def regions_by_name(organisations: Mapping[int, f.OrganisationRow]) -> list[f.OrganisationRow]:
    """The regions among the organisations, by name."""
    return [o for o in sorted(organisations.values(), key=lambda o: o.name) if o.is_region]


def counties(figures: f.Figures, organisations: Mapping[int, f.OrganisationRow]) -> list[dict]:
    """Every county in the map's order: its code, name, member regions by name and provrum.

    The provrum are those with the go-ahead in the period in which a region of
    the county takes part (the numbers the map shades it by). Plain dicts, as the API writes them.
    """
    regions: dict[str, list[str]] = {}
    for organisation in regions_by_name(organisations):
        if organisation.county_code:
            regions.setdefault(organisation.county_code, []).append(organisation.name)
    return [
        {
            "code": code,
            "name": name,
            "regions": regions.get(code, []),
            "provrum": figures.counties.get(code, 0),
        }
        for code, name in county_names().items()
    ]


def _counties(figures: f.Figures, organisations) -> list[Row]:
    return [(county["code"], county) for county in counties(figures, organisations)]


# The tables ----------------------------------------------------------------------

YEAR = _("Year")
FIGURE = _("Figure")
ANSWER_COLUMNS = (
    ColumnSpec("count", _("Answers")),
    ColumnSpec("share", _("Share"), PERCENT),
)

COUNTS = TableSpec(
    "counts",
    "forslag-och-beslut",
    _("Proposals and decisions per year"),
    YEAR,
    (
        ColumnSpec("counts.proposals", _("Proposals")),
        ColumnSpec("counts.go_aheads", _("Go-aheads")),
        ColumnSpec("counts.declined", pgettext_lazy("number of provrum", "Declined")),
        ColumnSpec("counts.lapsed", pgettext_lazy("number of provrum", "Lapsed")),
        ColumnSpec("counts.withdrawn", pgettext_lazy("number of provrum", "Withdrawn")),
    ),
    rows=_per_year,
    footer=_whole_period,
)

DURATIONS = TableSpec(
    "durations",
    "handlaggningstid",
    _("Median days from proposal to go-ahead and from go-ahead to final report"),
    YEAR,
    (
        ColumnSpec("to_go_ahead.median_days", _("Proposal to go-ahead (median days)"), DECIMAL),
        ColumnSpec("to_go_ahead.n", _("Number of go-aheads")),
        ColumnSpec("to_report.median_days", _("Go-ahead to final report (median days)"), DECIMAL),
        ColumnSpec("to_report.n", _("Number of reports")),
    ),
    rows=_per_year,
    footer=_whole_period,
    note=_(
        "The time to the go-ahead counts in the year of the go-ahead; the time to the "
        "final report in the year the report was submitted."
    ),
)

PARTICIPATION = TableSpec(
    "participation",
    "deltagande",
    _("Organisations and regions taking part, per year"),
    YEAR,
    (
        ColumnSpec("participation.provrum", _("Provrum with the go-ahead")),
        ColumnSpec("participation.organisations", _("Participating organisations")),
        ColumnSpec("participation.members", _("of which members")),
        ColumnSpec("participation.partners", _("of which partners")),
        ColumnSpec("participation.others", _("of which neither")),
        ColumnSpec("participation.regions", _("Regions")),
        ColumnSpec(
            "participation.mean_organisations",
            _("Organisations per provrum (mean)"),
            DECIMAL,
        ),
        ColumnSpec("participation.mean_regions", _("Regions per provrum (mean)"), DECIMAL),
    ),
    rows=_per_year,
    footer=_whole_period,
    note=_(
        "Each organisation counts once per row, however many provrum it takes part in. "
        "A provrum counts in the year of its go-ahead."
    ),
)

COUNTIES = TableSpec(
    "counties",
    "lan",
    _("Provrum per county and region"),
    _("County code"),
    (
        ColumnSpec("name", _("County"), TEXT),
        ColumnSpec("regions", _("Region"), TEXT, value=lambda county: ", ".join(county["regions"])),
        ColumnSpec("provrum", _("Provrum")),
    ),
    rows=_counties,
    note=_("Provrum with the go-ahead in the period in which a region of the county takes part."),
)

FUNDING = TableSpec(
    "funding",
    "grundfinansiering",
    _("Base funding granted against the office's annual cap"),
    YEAR,
    (
        ColumnSpec("granted_sek", _("Base funding granted"), SEK),
        ColumnSpec("cap_sek", _("Annual cap"), SEK),
        ColumnSpec("percent", _("Share of the cap used"), PERCENT),
    ),
    rows=_funding_years,
    footer=_funding_total,
    note=_(
        "The base funding of the approved project plans, counted in the year of the "
        "provrum's go-ahead, as the annual cap counts it."
    ),
)

OUTCOMES = TableSpec(
    "outcomes",
    "utfall",
    _("Success criteria and indicators in the approved final reports"),
    _("Results"),
    (
        ColumnSpec("met", _("Met")),
        ColumnSpec("partly", _("Partly met")),
        ColumnSpec("not_met", _("Not met")),
        ColumnSpec("total", _("Total")),
    ),
    rows=_outcomes,
    footer=_all_outcomes,
    note=_("Final reports approved by the office in the period."),
)

# The named figures of the reports' and the survey's tables, read from ``Outcomes``
# and ``Feedback``; in the table the one value column says how they are written.
REPORT_FIGURES = (
    ColumnSpec("reports_submitted", _("Final reports submitted")),
    ColumnSpec("reports_approved", _("Final reports approved")),
    ColumnSpec(
        "follow_on_learning_project",
        _("Approved reports recommending a follow-on learning project"),
    ),
    ColumnSpec("disseminated", _("Provrum whose results were disseminated")),
    ColumnSpec("closed", _("Provrum closed")),
)
FEEDBACK_FIGURES = (
    ColumnSpec("invitations", _("Participants asked")),
    ColumnSpec("responses", _("Answers")),
    ColumnSpec("response_rate", _("Response rate (%)"), DECIMAL),
    ColumnSpec("mean_usefulness", _("Usefulness, mean (1–5)"), DECIMAL),
)


def _itself(value):
    return value


REPORTS = TableSpec(
    "reports",
    "rapporter",
    _("Final reports, dissemination and closing"),
    FIGURE,
    (ColumnSpec("value", _("Number"), value=_itself),),
    rows=_listed(REPORT_FIGURES, attrgetter("outcomes")),
)

FEEDBACK = TableSpec(
    "feedback",
    "enkat",
    _("The participants' survey"),
    FIGURE,
    (ColumnSpec("value", _("Value"), DECIMAL, value=_itself),),
    rows=_listed(FEEDBACK_FIGURES, attrgetter("feedback")),
    note=_(
        "A provrum's survey counts in the period its participants were asked, when the "
        "provrum closed."
    ),
)

USEFULNESS = TableSpec(
    "usefulness",
    "nytta",
    _("How useful the provrum was (1 = not at all, 5 = very)"),
    _("Score"),
    ANSWER_COLUMNS,
    rows=_usefulness,
)

AGAIN = TableSpec(
    "again",
    "delta-igen",
    _("Would take part in a provrum again"),
    _("Answer"),
    ANSWER_COLUMNS,
    rows=_again,
)

# One column only: the answer is the row's header.
COMMENTS = TableSpec(
    "comments",
    "synpunkter",
    _("What should change in the format: the participants' answers"),
    _("Answer"),
    (),
    rows=_comments,
    note=_("The answers are anonymous: they are not linked to a person."),
)

# Every table of the dashboard, in the page's order.
SPECS = (
    COUNTS,
    DURATIONS,
    PARTICIPATION,
    COUNTIES,
    FUNDING,
    OUTCOMES,
    REPORTS,
    FEEDBACK,
    USEFULNESS,
    AGAIN,
    COMMENTS,
)

# The figures every year has, and the period as a whole: the per-year tables' columns.
YEARLY_COLUMNS = (*COUNTS.columns, *DURATIONS.columns, *PARTICIPATION.columns)


def dashboard_tables(figures: f.Figures, organisations) -> dict[str, Table]:
    """Every table of the dashboard, by key, in the page's order."""
    return {spec.key: spec.build(figures, organisations) for spec in SPECS}


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
    return cached(version, "years", lambda: f.years_with_data(evaluation_data()))


def dashboard_for(period_key, *, fallback: bool = False) -> Dashboard | None:
    """The dashboard for the period a ``?period=`` value names (empty: the default).

    An unknown period gives None, or with ``fallback`` the default period and
    ``known_period=False``. The figures of each period are cached until the data
    changes; when they are not, the data is read once (``selectors.evaluation_data``).
    The tables are built on each call, in the request's language.
    """
    version = evaluation_version()
    data = None

    def read() -> f.EvaluationData:
        nonlocal data
        if data is None:
            data = evaluation_data()
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
