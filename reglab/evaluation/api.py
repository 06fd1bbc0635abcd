"""The evaluation's figures in the API: /api/v1/evaluation and /api/v1/evaluation/years.

For the office only (``provrum.view_evaluation``); anyone else gets 403 and a
request without a session or token 401, as everywhere in the API. The figures
are the dashboard's own (``tables.dashboard_for``), so the API and the page
never disagree, and each group of figures is written through the columns of the
table that shows it (``tables.record``): the JSON keys are the columns' names.
The schemas below are written out so that the OpenAPI document stays stable;
a test checks that they name the same fields as the tables' spec. Counts are
whole numbers, money whole SEK, shares percent with one decimal, and a median
or mean with no data is null.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from reglab.evaluation import figures as f
from reglab.evaluation import tables as t
from reglab.evaluation import texts

router = Router(tags=["evaluation"])

# Schema names carry the prefix "Evaluation": the OpenAPI schema has one namespace
# for the whole API, and a second class of the same name would replace the first.


class EvaluationPeriodOut(Schema):
    key: str = Field(description=gettext_lazy('A year ("2024"), "development" or "all".'))
    label: str


class EvaluationYearsOut(Schema):
    years: list[int]
    periods: list[EvaluationPeriodOut]
    default: str


class EvaluationCountsOut(Schema):
    proposals: int
    go_aheads: int
    declined: int
    lapsed: int
    withdrawn: int


class EvaluationDurationOut(Schema):
    median_days: float | None
    n: int


class EvaluationParticipationOut(Schema):
    provrum: int
    organisations: int
    members: int
    partners: int
    others: int
    regions: int
    mean_organisations: float | None
    mean_regions: float | None


class EvaluationCountyOut(Schema):
    code: str
    name: str
    regions: list[str]
    provrum: int


class EvaluationRegionOut(Schema):
    organisation: str = Field(description=gettext_lazy("The organisation's slug."))
    name: str
    county_code: str
    provrum: int


class EvaluationFundingOut(Schema):
    year: int | None
    granted_sek: int
    cap_sek: int
    percent: float | None


class EvaluationOutcomeCountsOut(Schema):
    met: int
    partly: int
    not_met: int
    total: int


class EvaluationOutcomesOut(Schema):
    criteria: EvaluationOutcomeCountsOut
    indicators: EvaluationOutcomeCountsOut
    all: EvaluationOutcomeCountsOut
    reports_submitted: int
    reports_approved: int
    follow_on_learning_project: int
    disseminated: int
    closed: int


class EvaluationFeedbackOut(Schema):
    invitations: int
    responses: int
    response_rate: float | None
    mean_usefulness: float | None
    usefulness: dict[str, int] = Field(description=gettext_lazy("Answers per score 1–5."))
    take_part_again: dict[str, int]
    comments: list[str] = Field(description=gettext_lazy("Anonymous free-text answers."))


class EvaluationYearOut(Schema):
    year: int
    counts: EvaluationCountsOut
    to_go_ahead: EvaluationDurationOut
    to_report: EvaluationDurationOut
    participation: EvaluationParticipationOut
    funding: EvaluationFundingOut


class EvaluationOut(Schema):
    period: EvaluationPeriodOut
    years: list[int]
    counts: EvaluationCountsOut
    to_go_ahead: EvaluationDurationOut
    to_report: EvaluationDurationOut
    participation: EvaluationParticipationOut
    counties: list[EvaluationCountyOut]
    regions: list[EvaluationRegionOut]
    funding: list[EvaluationFundingOut]
    funding_total: EvaluationFundingOut | None
    outcomes: EvaluationOutcomesOut
    feedback: EvaluationFeedbackOut
    per_year: list[EvaluationYearOut]


def _require_office(request) -> None:
    if not request.user.has_perm("provrum.view_evaluation"):
        raise PermissionDenied(_("Only the office can see the evaluation of the format."))


def _period(period: f.Period) -> dict:
    return {"key": period.key, "label": texts.period_label(period)}


def _funding(row: f.FundingYear | None) -> dict | None:
    if row is None:
        return None
    return {"year": row.year or None, **t.record(t.FUNDING.columns, row)}


def evaluation_payload(dashboard: t.Dashboard) -> dict:
    """Every figure of the dashboard as plain JSON values, named as the tables' columns."""
    figures = dashboard.figures
    outcomes = figures.outcomes
    feedback = figures.feedback
    return {
        "period": _period(figures.period),
        "years": list(figures.years),
        **t.record(t.YEARLY_COLUMNS, figures),
        "counties": t.counties(figures, dashboard.organisations),
        "regions": [
            {
                "organisation": organisation.slug,
                "name": organisation.name,
                "county_code": organisation.county_code,
                "provrum": figures.regions.get(organisation.id, 0),
            }
            for organisation in t.regions_by_name(dashboard.organisations)
        ],
        "funding": [_funding(row) for row in figures.funding],
        "funding_total": _funding(figures.funding_total),
        "outcomes": {
            "criteria": t.record(t.OUTCOMES.columns, outcomes.criteria),
            "indicators": t.record(t.OUTCOMES.columns, outcomes.indicators),
            "all": t.record(t.OUTCOMES.columns, outcomes.all),
            **t.record(t.REPORT_FIGURES, outcomes),
        },
        "feedback": {
            **t.record(t.FEEDBACK_FIGURES, feedback),
            "usefulness": {
                str(score): count
                for score, count in zip(f.SCORES, feedback.usefulness, strict=True)
            },
            "take_part_again": dict(zip(f.AGAIN, feedback.again, strict=True)),
            "comments": list(feedback.comments),
        },
        "per_year": [
            {"year": row.year, **t.record(t.YEARLY_COLUMNS, row), "funding": _funding(row.funding)}
            for row in figures.per_year
        ],
    }


@router.get("/evaluation", response=EvaluationOut)
def evaluation(request, period: str = f.DEFAULT_PERIOD):
    """The evaluation's figures for a period: a year, ``development`` (2023–2024) or ``all``."""
    _require_office(request)
    dashboard = t.dashboard_for(period)
    if dashboard is None:
        raise ValidationError(
            {"period": _("Choose a year with data, “development” or “all”.")}, code="period"
        )
    return evaluation_payload(dashboard)


@router.get("/evaluation/years", response=EvaluationYearsOut)
def evaluation_years(request):
    """The years with data and the periods the figures can be asked for."""
    _require_office(request)
    years = t.years_with_data()
    return {
        "years": years,
        "periods": [_period(period) for period in f.period_choices(years)],
        "default": f.DEFAULT_PERIOD,
    }
