"""The evaluation API: the dashboard's figures as JSON, equal to the hand count."""

import pytest

from tests.evaluation.expected import EXPECTED, EXPECTED_REGIONS
from tests.provrum.api_client import ApiClient


@pytest.fixture
def api(client, world):
    return ApiClient(client, world.office)


@pytest.mark.parametrize("period", ["2023", "2024", "development", "all"])
def test_figures_per_period(api, period):
    response = api.get("/api/v1/evaluation", {"period": period})
    assert response.status_code == 200
    body = response.json()
    expected = EXPECTED[period]
    assert body["period"]["key"] == period
    for key in ("counts", "to_go_ahead", "to_report", "participation", "outcomes", "feedback"):
        assert body[key] == expected[key], key
    assert body["funding"] == expected["funding"]
    assert body["funding_total"] == expected["funding_total"]
    assert {c["code"]: c["provrum"] for c in body["counties"] if c["provrum"]} == expected[
        "counties"
    ]
    assert len(body["counties"]) == 21


def test_the_default_period_is_all_years(api):
    body = api.get("/api/v1/evaluation").json()
    assert body["period"]["key"] == "all"
    assert body["years"] == [2023, 2024]
    assert {r["organisation"]: r["provrum"] for r in body["regions"]} == EXPECTED_REGIONS
    assert [row["year"] for row in body["per_year"]] == [2023, 2024]
    assert body["per_year"][1]["counts"] == EXPECTED["2024"]["counts"]
    assert body["per_year"][1]["to_go_ahead"] == {"median_days": 40.5, "n": 2}


def test_an_unknown_period_is_422(api):
    response = api.get("/api/v1/evaluation", {"period": "1999"})
    assert response.status_code == 422
    assert "period" in response.json()["fields"]


def test_years(api):
    body = api.get("/api/v1/evaluation/years").json()
    assert body["years"] == [2023, 2024]
    assert [period["key"] for period in body["periods"]] == ["all", "development", "2024", "2023"]
    assert body["default"] == "all"


def test_the_answers_carry_no_names(api, world):
    from reglab.provrum.models import SurveyInvitation

    text = api.get("/api/v1/evaluation").content.decode()
    for invitation in SurveyInvitation.objects.select_related("person"):
        assert invitation.person.email not in text
