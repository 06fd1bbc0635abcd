"""The figures: the pure computations with plain values, then the whole world by hand count."""

from dataclasses import asdict
from datetime import date

import pytest

from reglab.evaluation import figures as f
from reglab.evaluation.api import evaluation_payload
from reglab.evaluation.selectors import evaluation_data
from reglab.evaluation.tables import dashboard_for
from reglab.provrum.plan import services as plans
from tests.evaluation.expected import EXPECTED, EXPECTED_REGIONS

# Pure computations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 1, 2], 2),  # odd: the middle one
        ([4, 1, 3, 2], 2.5),  # even: the mean of the two in the middle
        ([10, 20], 15),  # even, whole: stays an int
        ([7], 7),
        ([], None),  # no data
    ],
)
def test_median(values, expected):
    result = f.median(values)
    assert result == expected
    assert type(result) is type(expected)


def test_median_days_counts_calendar_days_and_skips_missing_dates():
    pairs = [
        (date(2024, 1, 10), date(2024, 2, 29)),  # 50 (leap year)
        (date(2024, 5, 2), date(2024, 6, 2)),  # 31
        (date(2024, 3, 1), date(2024, 3, 11)),  # 10
        (None, date(2024, 1, 1)),
        (date(2024, 1, 1), None),
    ]
    assert f.median_days(pairs) == f.Duration(31, 3)
    assert f.median_days(pairs[:2]) == f.Duration(40.5, 2)
    assert f.median_days([]) == f.Duration(None, 0)


def test_percent_and_mean():
    assert f.percent(1, 3) == 33.3
    assert f.percent(2, 3) == 66.7
    assert f.percent(5, 0) is None
    assert f.mean([5, 4, 3]) == 4.0
    assert f.mean([2, 4, 5]) == 3.67
    assert f.mean([]) is None


def region(pk, code, **kw):
    return f.OrganisationRow(pk, f"Region {pk}", "member", True, code, **kw)


def test_participation_by_county_counts_a_provrum_once_per_county():
    skane, skane_again, orebro = region(1, "12"), region(2, "12"), region(3, "18")
    agency = f.OrganisationRow(4, "Vinnova", "member", False, "")
    council = f.OrganisationRow(5, "Kommunförbundet", "none", False, "12")  # not a region
    participants = {
        10: [skane, skane_again, orebro],  # two Skåne regions: Skåne still counts once
        11: [orebro, agency],
        12: [council, agency],  # no region: no county
        13: [skane],  # not among the provrum asked about
    }
    assert f.participation_by_county(participants, [10, 11, 12]) == {"12": 1, "18": 2}
    assert f.participation_by_county(participants, []) == {}


def test_participation_counts_distinct_organisations():
    a, b = region(1, "12"), region(2, "18")
    partner = f.OrganisationRow(3, "Kontigo", "partner")
    other = f.OrganisationRow(4, "Nordens hus", "none")
    result = f.participation({1: [a, b, partner], 2: [a, other]}, [1, 2])
    assert result == f.Participation(
        provrum=2,
        organisations=4,
        members=2,
        partners=1,
        others=1,
        regions=2,
        mean_organisations=2.5,
        mean_regions=1.5,
    )
    assert f.participation({}, []) == f.Participation()


def test_cap_for_year_takes_the_cap_in_force_at_the_end_of_the_year():
    changes = [(date(2022, 12, 1), 200_000), (date(2024, 6, 1), 150_000)]
    assert f.cap_for_year(2021, changes, 999) == 200_000  # before any record: the first
    assert f.cap_for_year(2023, changes, 999) == 200_000
    assert f.cap_for_year(2024, changes, 999) == 150_000  # changed during the year
    assert f.cap_for_year(2030, changes, 999) == 150_000
    assert f.cap_for_year(2024, [], 123_000) == 123_000


def test_survey_belongs_to_the_period_its_participants_were_asked_in():
    invitations = [f.InvitationRow(1, date(2024, 12, 20)), f.InvitationRow(1, date(2024, 12, 21))]
    responses = [
        f.ResponseRow(1, date(2025, 1, 3), 4, "yes"),  # answered in January: still 2024
        f.ResponseRow(2, date(2025, 2, 1), 2, "no"),  # no invitations: its own date
    ]
    assert f.survey_dates(invitations, responses) == {1: date(2024, 12, 20), 2: date(2025, 2, 1)}


def test_period_for():
    years = [2023, 2024, 2025]
    assert f.period_for("all", years) == f.Period("all")
    assert f.period_for("development", years) == f.Period("development", 2023, 2024)
    assert f.period_for("2025", years) == f.Period("2025", 2025, 2025)
    assert f.period_for("2023", []) == f.Period("2023", 2023, 2023)  # in the phase
    assert f.period_for("2019", years) is None
    assert f.period_for("all'; --", years) is None
    assert f.period_for("", years) is None
    assert [p.key for p in f.period_choices(years)] == [
        "all",
        "development",
        "2025",
        "2024",
        "2023",
    ]


# The world, by hand count -------------------------------------------------------------


def as_expected(dashboard) -> dict:
    """The dashboard's figures in the shape of ``expected.py`` (the API's shape)."""
    payload = evaluation_payload(dashboard)
    keys = ("counts", "to_go_ahead", "to_report", "participation", "funding", "funding_total")
    result = {key: payload[key] for key in keys}
    result["counties"] = {c["code"]: c["provrum"] for c in payload["counties"] if c["provrum"]}
    result["outcomes"] = payload["outcomes"]
    result["feedback"] = payload["feedback"]
    return result


@pytest.mark.parametrize("period", ["2023", "2024", "development", "all"])
def test_every_figure_matches_the_hand_count(world, period):
    dashboard = dashboard_for(period)
    assert dashboard is not None
    figures = dashboard.figures
    assert as_expected(dashboard) == EXPECTED[period]
    # The dataclasses say the same as the JSON built from them.
    assert asdict(figures.counts) == EXPECTED[period]["counts"]
    assert figures.to_go_ahead == f.Duration(**EXPECTED[period]["to_go_ahead"])
    assert figures.to_report == f.Duration(**EXPECTED[period]["to_report"])


def test_years_and_the_table_per_year(world):
    data = evaluation_data()
    # The late answer of January 2025 belongs to P2's survey of 2024: no year 2025.
    assert f.years_with_data(data) == [2023, 2024]
    figures = f.compute(data, f.Period("all"))
    assert figures.years == (2023, 2024)
    for row in figures.per_year:
        expected = EXPECTED[str(row.year)]
        assert asdict(row.counts) == expected["counts"]
        assert asdict(row.to_go_ahead) == expected["to_go_ahead"]
        assert asdict(row.to_report) == expected["to_report"]
        assert asdict(row.participation) == expected["participation"]
        assert [
            {
                "year": row.funding.year,
                "granted_sek": row.funding.granted_sek,
                "cap_sek": row.funding.cap_sek,
                "percent": row.funding.percent,
            }
        ] == expected["funding"]


def test_provrum_per_region(world):
    payload = evaluation_payload(dashboard_for("all"))
    assert {r["organisation"]: r["provrum"] for r in payload["regions"]} == EXPECTED_REGIONS
    assert {
        r["organisation"]: r["provrum"]
        for r in evaluation_payload(dashboard_for("2023"))["regions"]
    } == {
        # P1 {Skåne, Örebro}, P2 {Örebro, Gävleborg}.
        "region-gavleborg": 1,
        "region-norrbotten": 0,
        "region-orebro-lan": 2,
        "region-skane": 1,
        "region-uppsala": 0,
    }


def test_funding_agrees_with_the_plans_module(world):
    """The dashboard counts the granted base funding as the annual-cap rule does."""
    figures = dashboard_for("all").figures
    for row in figures.funding:
        assert row.granted_sek == plans.base_funding_granted_in_year(row.year)


def test_the_selector_reads_with_a_fixed_number_of_queries(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        evaluation_data()
    # Twenty more provrum with go-ahead, participants, plans, reports and surveys.
    from tests.evaluation.test_views import add_provrum

    add_provrum(world, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        data = evaluation_data()
    assert len(data.provrum) == 7 + 20
