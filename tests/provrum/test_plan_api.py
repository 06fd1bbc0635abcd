"""The project plan's API: read, save with optimistic locking, check, submit, approve, return.

Bad input answers 422 with a message per field path, never 500.
"""

import pytest

from reglab.provrum.models import PlanVersion, ProjectPlan, State
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.conftest import ready_provrum
from tests.provrum.plan_fixtures import saved_plan, submitted_plan, valid_plan, with_go_ahead

pytestmark = pytest.mark.django_db


@pytest.fixture
def go_ahead(cast):
    return with_go_ahead(cast)


@pytest.fixture
def leader(client, cast):
    return ApiClient(client, cast["people"]["skane"])


@pytest.fixture
def office(client, cast):
    return ApiClient(client, cast["office"])


def url(provrum, tail=""):
    return f"/api/v1/provrum/{provrum.pk}/plan{tail}"


def test_a_new_plan_reads_as_empty_version_zero(leader, go_ahead):
    response = leader.get(url(go_ahead))
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["status"], body["can_edit"]) == (0, "draft", True)
    assert body["data"]["budget_lines"] == []
    assert "plan_dates_missing" in [reason["code"] for reason in body["reasons"]]


def test_save_and_read_back(leader, go_ahead):
    response = leader.put(url(go_ahead), {"version": 0, "data": valid_plan()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 1
    assert body["sums"] == {
        "budget": 100_000,
        "not_working_time": 60_000,
        "working_time": 40_000,
        "base_funding": 50_000,
        "other_financing": 50_000,
        "financing": 100_000,
    }
    assert body["updated_by"] == "Skane"
    assert body["reasons"] == []
    again = leader.get(url(go_ahead)).json()
    assert again["data"] == body["data"]
    assert again["data"]["milestones"][1]["place"] == "https://meet.example.se/ai"
    versions = leader.get(url(go_ahead, "/versions")).json()
    assert [(v["number"], v["author"]) for v in versions] == [(1, "Skane")]


def test_amounts_typed_with_spaces_are_whole_kronor(leader, go_ahead):
    data = valid_plan()
    data["budget_lines"][0]["amount"] = "60 000"
    response = leader.put(url(go_ahead), {"version": 0, "data": data})
    assert response.status_code == 200
    assert response.json()["data"]["budget_lines"][0]["amount"] == 60_000


def test_a_stale_save_is_409_with_the_current_version(client, cast, leader, go_ahead):
    leader.put(url(go_ahead), {"version": 0, "data": valid_plan()})
    other = ApiClient(client, cast["people"]["orebro"])
    first = other.put(url(go_ahead), {"version": 1, "data": valid_plan(purpose="Först.")})
    assert first.status_code == 200
    response = leader.put(url(go_ahead), {"version": 1, "data": valid_plan(purpose="Sist.")})
    assert response.status_code == 409
    body = response.json()
    assert reason_codes(response) == ["stale_version"]
    assert body["version"] == 2
    assert "2" in body["detail"]
    plan = ProjectPlan.objects.get(provrum=go_ahead)
    assert plan.data["purpose"] == "Först."
    assert PlanVersion.objects.filter(plan=plan).count() == 2


BAD_INPUT = {
    "negative": (("budget_lines", 0, "amount"), -5, "budget_lines.0.amount"),
    "fractional": (("budget_lines", 0, "amount"), "1250,50", "budget_lines.0.amount"),
    "fractional number": (("budget_lines", 0, "amount"), 12.5, "budget_lines.0.amount"),
    "absurd": (("financing", 0, "amount"), 100_000_001, "financing.0.amount"),
    "absurd text": (("financing", 0, "amount"), "9" * 40, "financing.0.amount"),
    "not a number": (("financing", 1, "amount"), "tjugo tusen", "financing.1.amount"),
    "a list as amount": (("financing", 1, "amount"), [1], "financing.1.amount"),
    "end before start": (("end",), "2027-01-01", "end"),
    "not a date": (("start",), "15/1 2027", "start"),
    "impossible date": (("start",), "2027-02-30", "start"),
    "milestone outside": (("milestones", 0, "date"), "2028-01-01", "milestones.0.date"),
    "milestone without title": (("milestones", 0, "title"), "", "milestones.0.title"),
    "physical meeting without place": (("milestones", 0, "place"), "", "milestones.0.place"),
    "unknown category": (("budget_lines", 1, "category"), "lyx", "budget_lines.1.category"),
    "unknown source": (("financing", 1, "source"), "lotteri", "financing.1.source"),
    "a megabyte of text": (("purpose",), "a" * 1_000_000, "purpose"),
    "rows not a list": (("resources",), "Region Skåne", "resources"),
    "a row not an object": (("indicators",), ["Antal"], "indicators"),
}


def _put_value(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_422_with_a_message_for_the_field(leader, go_ahead, case):
    path, value, field = BAD_INPUT[case]
    data = valid_plan()
    _put_value(data, path, value)
    response = leader.put(url(go_ahead), {"version": 0, "data": data})
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["fields"], body["fields"]
    assert all(message for message in body["fields"][field])
    assert not ProjectPlan.objects.filter(provrum=go_ahead, version__gt=0).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"version": 0, "data": ["not", "a", "plan"]},
        {"version": 0, "data": None},
        {"version": 0, "data": "text"},
    ],
)
def test_a_plan_that_is_not_an_object_is_422(leader, go_ahead, body):
    response = leader.put(url(go_ahead), body)
    assert response.status_code == 422
    assert "__all__" in response.json()["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"data": {}},
        {"version": "tre", "data": {}},
        "{not json",
        [],
    ],
)
def test_a_malformed_request_is_422(leader, go_ahead, body):
    response = leader.put(url(go_ahead), body)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_empty_plan_saves(leader, go_ahead):
    response = leader.put(url(go_ahead), {"version": 0, "data": {}})
    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_check_reports_the_funding_rules(cast, leader, go_ahead):
    data = valid_plan()
    data["financing"][0]["amount"] = 50_001
    saved_plan(cast, go_ahead, data=data)
    body = leader.get(url(go_ahead, "/check")).json()
    assert body["passes"] is False
    codes = [reason["code"] for reason in body["reasons"]]
    assert "base_funding_over_half" in codes
    assert all(reason["message"] for reason in body["reasons"])


def test_submit_while_over_half_is_409_then_fixed_and_approved(cast, leader, office, go_ahead):
    data = valid_plan()
    data["financing"][0]["amount"] = 60_000
    leader.put(url(go_ahead), {"version": 0, "data": data})
    response = leader.post(url(go_ahead, "/submit"), {"version": 1})
    assert response.status_code == 409
    assert "base_funding_over_half" in reason_codes(response)

    assert leader.put(url(go_ahead), {"version": 1, "data": valid_plan()}).status_code == 200
    response = leader.post(url(go_ahead, "/submit"), {"version": 2})
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert office.get(url(go_ahead)).json()["can_decide"] is True

    response = office.post(url(go_ahead, "/approve"), {"comment": "Godkänd."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    state = office.get(f"/api/v1/provrum/{go_ahead.pk}").json()["state"]
    assert state == State.RUNNING


def test_submit_needs_a_complete_plan(cast, leader, go_ahead):
    saved_plan(cast, go_ahead, data=valid_plan(main_question="", end=None))
    response = leader.post(url(go_ahead, "/submit"))
    assert response.status_code == 422
    assert {"main_question", "end"} <= set(response.json()["fields"])


def test_submit_with_a_stale_version_is_409(cast, leader, go_ahead):
    saved_plan(cast, go_ahead)
    saved_plan(cast, go_ahead, data=valid_plan(purpose="Nytt."), by="orebro")
    response = leader.post(url(go_ahead, "/submit"), {"version": 1})
    assert response.status_code == 409
    assert reason_codes(response) == ["stale_version"]
    assert response.json()["version"] == 2


def test_return_needs_a_comment_then_the_group_edits_again(cast, leader, office, go_ahead):
    submitted_plan(cast, go_ahead)
    response = office.post(url(go_ahead, "/return"), {"comment": ""})
    assert response.status_code == 422
    assert "comment" in response.json()["fields"]
    response = office.post(url(go_ahead, "/return"), {"comment": "Lägg till indikatorer."})
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["can_edit"] is False  # the office does not edit
    again = leader.get(url(go_ahead)).json()
    assert again["can_edit"] is True
    response = leader.put(url(go_ahead), {"version": 1, "data": valid_plan(purpose="Bättre.")})
    assert response.status_code == 200


def test_the_office_cannot_approve_a_plan_not_submitted(cast, office, go_ahead):
    saved_plan(cast, go_ahead)
    response = office.post(url(go_ahead, "/approve"))
    assert response.status_code == 409
    assert reason_codes(response) == ["plan_not_submitted"]


def test_approval_refused_while_over_half_keeps_the_state(cast, office, go_ahead):
    submitted_plan(cast, go_ahead)
    office.put(
        "/api/v1/format-rules",
        {
            "min_organisations": 2,
            "max_organisations": 6,
            "min_regions": 2,
            "min_region_share_percent": 50,
            "max_go_aheads_per_year": 2,
            "min_duration_months": 2,
            "max_duration_months": 6,
            "max_base_funding_sek": 100_000,
            "max_base_funding_share_percent": 40,
            "office_annual_cap_sek": 200_000,
        },
    )
    response = office.post(url(go_ahead, "/approve"))
    assert response.status_code == 409
    assert reason_codes(response) == ["base_funding_over_half"]
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.GO_AHEAD


def test_a_submitted_plan_cannot_be_saved(cast, leader, go_ahead):
    submitted_plan(cast, go_ahead)
    response = leader.put(url(go_ahead), {"version": 1, "data": valid_plan(purpose="Ändrat.")})
    assert response.status_code == 409
    assert reason_codes(response) == ["plan_locked"]


def test_no_plan_before_the_go_ahead_or_for_a_missing_provrum(cast, leader):
    provrum = ready_provrum(cast)
    assert leader.get(url(provrum)).status_code == 404
    assert leader.put(url(provrum), {"version": 0, "data": valid_plan()}).status_code == 404
    assert leader.get("/api/v1/provrum/999999/plan").status_code == 404
    assert not ProjectPlan.objects.exists()


def test_a_megabyte_of_text_is_explained_not_refused_unread(leader, go_ahead):
    # JSON escapes "å" as \u00e5: 6 MB on the wire, under the 10 MB upload limit.
    response = leader.put(
        url(go_ahead), {"version": 0, "data": valid_plan(purpose="å" * 1_000_000)}
    )
    assert response.status_code == 422
    assert "purpose" in str(response.json())
    assert not ProjectPlan.objects.exists()


def test_a_body_over_the_upload_limit_is_413_json(leader, go_ahead):
    response = leader.put(
        url(go_ahead), {"version": 0, "data": valid_plan(purpose="å" * 2_000_000)}
    )
    assert response.status_code == 413
    assert response.json()["detail"]
    assert not ProjectPlan.objects.exists()
