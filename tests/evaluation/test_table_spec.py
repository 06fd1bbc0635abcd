"""The tables' spec: one declaration that the page, the downloads and the API read.

Pure: the figures are computed from hand-made rows, without the database.
"""

from datetime import date

import pytest
from django.utils import translation

from reglab.evaluation import api, texts
from reglab.evaluation import figures as f
from reglab.evaluation import tables as t

TWO_YEARS = f.EvaluationData(
    provrum=(
        f.ProvrumRow(1, "P1", "closed", date(2023, 2, 1), go_ahead_on=date(2023, 3, 15)),
        f.ProvrumRow(2, "P2", "running", date(2024, 1, 10), go_ahead_on=date(2024, 2, 29)),
    ),
    organisations={7: f.OrganisationRow(7, "Region Skåne", "member", True, "12", "region-skane")},
    participants={1: frozenset({7}), 2: frozenset({7})},
    base_funding={1: 50_000, 2: 100_000},
)


def dashboard(data: f.EvaluationData, period: f.Period) -> t.Dashboard:
    figures = f.compute(data, period)
    organisations = dict(data.organisations)
    return t.Dashboard(
        period=period,
        periods=[period],
        figures=figures,
        tables=t.dashboard_tables(figures, organisations),
        organisations=organisations,
    )


def names(columns, prefix: str = "") -> list[str]:
    return [
        column.name.removeprefix(prefix) for column in columns if column.name.startswith(prefix)
    ]


def test_every_table_has_a_unique_key_and_slug():
    assert len({spec.key for spec in t.SPECS}) == len({spec.slug for spec in t.SPECS}) == 11
    assert [spec.key for spec in t.SPECS] == list(dashboard(TWO_YEARS, f.Period("all")).tables)


@pytest.mark.parametrize("data", [f.EvaluationData(), TWO_YEARS], ids=["no data", "two years"])
def test_every_row_has_a_cell_per_column(data):
    for table in dashboard(data, f.Period(f.ALL)).tables.values():
        assert table.columns[0].kind == texts.TEXT
        for row in table.all_rows():
            assert len(row) == len(table.columns), table.key


def test_the_labels_are_translated_when_the_table_is_built():
    figures = f.compute(TWO_YEARS, f.Period(f.ALL))
    with translation.override("en"):
        english = t.COUNTS.build(figures, {})
    with translation.override("sv"):
        swedish = t.COUNTS.build(figures, {})
    assert english.columns[0].label == "Year"
    assert english.title == "Proposals and decisions per year"
    assert swedish.columns[0].label != "Year"
    assert isinstance(swedish.title, str) and swedish.title != english.title


def test_the_whole_period_is_a_footer_only_for_two_years_or_more():
    both = dashboard(TWO_YEARS, f.Period(f.ALL)).tables
    one = dashboard(TWO_YEARS, f.year_period(2024)).tables
    for key in ("counts", "durations", "participation", "funding"):
        assert len(both[key].rows) == 2 and len(both[key].footer) == 1, key
        assert len(one[key].rows) == 1 and one[key].footer == [], key
    assert both["funding"].footer[0][1:] == [150_000, 400_000, 37.5]


def test_record_reads_by_name_and_nests_dotted_names():
    figures = f.compute(TWO_YEARS, f.Period(f.ALL))
    assert t.record(t.DURATIONS.columns, figures) == {
        "to_go_ahead": {"median_days": 46, "n": 2},
        "to_report": {"median_days": None, "n": 0},
    }
    assert t.record(t.FUNDING.columns, figures.funding[0]) == {
        "granted_sek": 50_000,
        "cap_sek": 200_000,
        "percent": 25.0,
    }


def test_the_api_and_the_tables_say_the_same():
    current = dashboard(TWO_YEARS, f.Period(f.ALL))
    payload = api.evaluation_payload(current)
    counts = current.tables["counts"]
    for row, year in zip(counts.rows, payload["per_year"], strict=True):
        assert row[1:] == list(year["counts"].values())
    assert counts.footer[0][1:] == list(payload["counts"].values())
    funding = current.tables["funding"]
    assert [row[1:] for row in funding.rows] == [
        [year["granted_sek"], year["cap_sek"], year["percent"]] for year in payload["funding"]
    ]
    counties = {row[0]: row for row in current.tables["counties"].rows}
    for county in payload["counties"]:
        assert counties[county["code"]] == [
            county["code"],
            county["name"],
            ", ".join(county["regions"]),
            county["provrum"],
        ]


def fields(schema) -> list[str]:
    return list(schema.model_fields)


def test_the_api_schema_names_the_spec_columns():
    """The schema is written out (its OpenAPI must not change); the spec's names must match it."""
    assert fields(api.EvaluationCountsOut) == names(t.COUNTS.columns, "counts.")
    assert fields(api.EvaluationParticipationOut) == names(
        t.PARTICIPATION.columns, "participation."
    )
    assert (
        fields(api.EvaluationDurationOut)
        == names(t.DURATIONS.columns, "to_go_ahead.")
        == names(t.DURATIONS.columns, "to_report.")
    )
    assert fields(api.EvaluationFundingOut) == ["year", *names(t.FUNDING.columns)]
    assert fields(api.EvaluationOutcomeCountsOut) == names(t.OUTCOMES.columns)
    assert fields(api.EvaluationOutcomesOut) == [
        "criteria",
        "indicators",
        "all",
        *names(t.REPORT_FIGURES),
    ]
    assert fields(api.EvaluationFeedbackOut)[:4] == names(t.FEEDBACK_FIGURES)
    yearly = {column.name.split(".")[0] for column in t.YEARLY_COLUMNS}
    assert set(fields(api.EvaluationYearOut)) == {"year", "funding", *yearly}
    assert yearly <= set(fields(api.EvaluationOut))
