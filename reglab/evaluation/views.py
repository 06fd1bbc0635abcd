"""The office's evaluation dashboard and its downloads.

Signed-out visitors go to the sign-in page (a download also accepts an API
token); anyone signed in without
``provrum.view_evaluation`` (everyone but the office) gets 403. The views read
the figures once (``selectors.evaluation_data``), compute them for the chosen
period, and hand the same tables to the page and to the downloads.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reglab.core.limits import export_limited
from reglab.evaluation import charts, exports, texts
from reglab.evaluation import figures as f
from reglab.evaluation import tables as t
from reglab.evaluation.caching import TIMEOUT
from reglab.evaluation.sweden_map import sweden_map_svg
from reglab.provrum.export_views import bearer_token_accepted

WORKBOOK_SLUG = "alla-figurer"
OUTCOME_COLORS = ("#0b4f6c", "#c05a00", "#8a1c1c")
AGAIN_COLORS = ("#1e5631", "#4f5b66", "#8a1c1c")


def _require_office(user) -> None:
    if not user.has_perm("provrum.view_evaluation"):
        raise PermissionDenied(_("Only the office can see the evaluation of the format."))


def _charts(dashboard: t.Dashboard) -> dict[str, str]:
    """The SVG of every chart, by the key of the table that is its text alternative."""
    figures = dashboard.figures
    label = texts.period_label(dashboard.period)
    years = [str(row.year) for row in figures.per_year]
    counts = dashboard.tables["counts"]
    result = {
        "counts": charts.bar_chart(
            chart_id="chart-counts",
            title=_("Proposals and decisions per year"),
            description=_(
                "Bar chart per year: proposals, go-aheads, declined, lapsed and withdrawn, "
                "%(period)s."
            )
            % {"period": label},
            categories=years,
            series=[
                charts.Series(column.label, tuple(row[index] for row in counts.rows))
                for index, column in enumerate(counts.columns[1:], start=1)
            ],
            value_text=texts.number_text,
        ),
        "counties": sweden_map_svg(
            figures.counties,
            map_id="map-counties",
            title=_("Map of Sweden's counties: provrum with the go-ahead per county"),
            description=_(
                "The darker a county, the more provrum a region of it takes part in, %(period)s."
            )
            % {"period": label},
            legend_title=_("Provrum"),
            county_label=texts.county_label,
        ),
    }
    if figures.funding:
        result["funding"] = charts.meter_chart(
            chart_id="chart-funding",
            title=_("Base funding granted against the annual cap"),
            description=_("One bar per year: the granted base funding inside the annual cap."),
            rows=[
                (
                    str(row.year),
                    row.granted_sek,
                    row.cap_sek,
                    _("%(granted)s of %(cap)s (%(percent)s)")
                    % {
                        "granted": texts.sek_text(row.granted_sek),
                        "cap": texts.sek_text(row.cap_sek),
                        "percent": texts.percent_text(row.percent),
                    },
                )
                for row in figures.funding
            ],
        )
    outcomes = figures.outcomes
    if outcomes.all.total:
        result["outcomes"] = charts.stacked_bar_chart(
            chart_id="chart-outcomes",
            title=_("Outcomes in the approved final reports"),
            description=_("Success criteria and indicators met, partly met and not met."),
            rows=[
                (
                    _("Success criteria"),
                    [outcomes.criteria.met, outcomes.criteria.partly, outcomes.criteria.not_met],
                ),
                (
                    _("Indicators"),
                    [
                        outcomes.indicators.met,
                        outcomes.indicators.partly,
                        outcomes.indicators.not_met,
                    ],
                ),
            ],
            segments=list(
                zip((_("Met"), _("Partly met"), _("Not met")), OUTCOME_COLORS, strict=True)
            ),
            value_text=texts.number_text,
        )
    feedback = figures.feedback
    if feedback.responses:
        result["usefulness"] = charts.bar_chart(
            chart_id="chart-usefulness",
            title=_("How useful the provrum was: answers per score"),
            description=_("Bar chart: the number of answers for each score from 1 to 5."),
            categories=[str(score) for score in f.SCORES],
            series=[charts.Series(_("Answers"), feedback.usefulness)],
            value_text=texts.number_text,
            height=240,
        )
        labels = texts.again_labels()
        result["again"] = charts.stacked_bar_chart(
            chart_id="chart-again",
            title=_("Would take part in a provrum again"),
            description=_("The answers yes, maybe and no as parts of one bar."),
            rows=[(_("Answers"), list(feedback.again))],
            segments=[
                (labels[answer], color) for answer, color in zip(f.AGAIN, AGAIN_COLORS, strict=True)
            ],
            value_text=texts.number_text,
        )
    # The charts module escapes every text it puts into the SVG (tests/evaluation).
    return {key: mark_safe(svg) for key, svg in result.items()}  # noqa: S308  # nosec B308 B703


def _download_links(dashboard: t.Dashboard) -> dict[str, dict[str, str]]:
    query = urlencode({"period": dashboard.period.key})

    def url(figure: str, fmt: str) -> str:
        return f"{reverse('evaluation:export', kwargs={'figure': figure, 'fmt': fmt})}?{query}"

    links = {
        key: {fmt: url(table.slug, fmt) for fmt in ("csv", "xlsx")}
        for key, table in dashboard.tables.items()
    }
    links["all"] = {"xlsx": url(WORKBOOK_SLUG, "xlsx")}
    return links


def _funding_summary(figures: f.Figures) -> str:
    total = figures.funding_total
    if total is None:
        return ""
    return _("Over the period: %(granted)s granted of %(cap)s (%(percent)s).") % {
        "granted": texts.sek_text(total.granted_sek),
        "cap": texts.sek_text(total.cap_sek),
        "percent": texts.percent_text(total.percent),
    }


@require_safe
@login_required
def dashboard(request):
    """The evaluation of the format for a period: figures, charts, tables and the map."""
    _require_office(request.user)
    current = t.dashboard_for(request.GET.get("period"), fallback=True)
    figures = current.figures
    tables = current.tables
    context = {
        # The page's content is cached with the figures (the template's {% cache %}):
        # the charts are drawn only when it is not.
        "cache_key": (current.version, current.period.key, not current.known_period),
        "cache_seconds": TIMEOUT,
        "dashboard": current,
        "period": current.period,
        "period_label": texts.period_label(current.period),
        "periods": [(p.key, texts.period_label(p)) for p in current.periods],
        "unknown_period": not current.known_period,
        "figures": figures,
        "tables": tables,
        "charts": SimpleLazyObject(lambda: _charts(current)),
        "downloads": _download_links(current),
        "funding_summary": _funding_summary(figures),
        "usefulness_mean": texts.number_text(figures.feedback.mean_usefulness),
        "response_rate": texts.percent_text(figures.feedback.response_rate),
        "again_yes": texts.percent_text(figures.feedback.again_shares[0]),
    }
    return render(request, "evaluation/dashboard.html", context)


@require_safe
@bearer_token_accepted
@login_required
@export_limited
def export(request, figure: str, fmt: str):
    """One table as CSV or XLSX, or every table as one XLSX workbook, for ``?period=``.

    An API client without a session may send its token (``Authorization: Bearer``).
    """
    _require_office(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    current = t.dashboard_for(request.GET.get("period"))
    if current is None:
        raise Http404
    period_text = exports.period_line(texts.period_label(current.period))
    stem = f"reglab-utvardering-{figure}-{current.period.key}"
    if figure == WORKBOOK_SLUG:
        if fmt != "xlsx":
            raise Http404
        content = exports.tables_xlsx(
            list(current.tables.values()),
            period_text=period_text,
            title=_("Evaluation of the provrum format"),
        )
        return _file(content, exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")
    table = next((table for table in current.tables.values() if table.slug == figure), None)
    if table is None:
        raise Http404
    if fmt == "csv":
        content = exports.table_csv(table).encode("utf-8")
        return _file(content, exports.CSV_CONTENT_TYPE, f"{stem}.csv")
    content = exports.tables_xlsx([table], period_text=period_text, title=table.title)
    return _file(content, exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # The figures are for the office: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-cache"
    return response
