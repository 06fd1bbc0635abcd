"""The final report's API: read, save with optimistic locking, check, versions, submit,
approve, return, comments. Bad input answers 422 with a message per field path, never 500."""

import pytest

from reglab.provrum.models import Event, FinalReport, ReportVersion, State
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.report_fixtures import (
    ROWS,
    document,
    fresh,
    running,
    saved_report,
    submitted_report,
    valid_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provrum(cast):
    return running(cast)


@pytest.fixture
def leader(client, cast):
    return ApiClient(client, cast["people"]["skane"])


@pytest.fixture
def office(client, cast):
    return ApiClient(client, cast["office"])


def url(provrum, tail=""):
    return f"/api/v1/provrum/{provrum.pk}/report{tail}"


def test_a_new_report_reads_as_version_zero_prefilled_from_the_plan(leader, provrum):
    response = leader.get(url(provrum))
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["status"], body["can_edit"], body["can_submit"]) == (
        0,
        "draft",
        True,
        True,
    )
    assert [(row["kind"], row["text"], row["outcome"]) for row in body["data"]["results"]] == [
        (kind, text, "") for kind, text in ROWS
    ]
    assert "report_summary_missing" in [reason["code"] for reason in body["missing"]]
    assert body["published_at"] is None and body["attachments"] == []
    assert not FinalReport.objects.exists()


def test_save_and_read_back(leader, provrum):
    attached = document(provrum, "protokoll.pdf")
    data = valid_report(attachments=[attached.pk])
    response = leader.put(url(provrum), {"version": 0, "data": data})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 1
    assert body["data"] == data
    assert body["missing"] == []
    assert body["updated_by"] == "Skane"
    assert body["attachments"] == [
        {"id": attached.pk, "name": "protokoll.pdf", "kind": "pdf", "size": attached.size}
    ]
    versions = leader.get(url(provrum, "/versions")).json()
    assert [(v["number"], v["author"]) for v in versions] == [(1, "Skane")]
    check = leader.get(url(provrum, "/check")).json()
    assert check == {"passes": True, "reasons": []}


def test_outcomes_and_evidence_alone_follow_the_plans_rows(leader, provrum):
    data = {"summary": "Kort.", "results": [{"outcome": "met"}, {}, {"outcome": "partly"}]}
    body = leader.put(url(provrum), {"version": 0, "data": data}).json()
    assert [row["text"] for row in body["data"]["results"]] == [text for _kind, text in ROWS]
    assert [row["outcome"] for row in body["data"]["results"]] == ["met", "", "partly"]


def test_a_stale_save_is_409_with_the_current_version(client, cast, leader, provrum):
    leader.put(url(provrum), {"version": 0, "data": valid_report()})
    other = ApiClient(client, cast["people"]["orebro"])
    first = other.put(url(provrum), {"version": 1, "data": valid_report(lessons="Först.")})
    assert first.status_code == 200
    response = leader.put(url(provrum), {"version": 1, "data": valid_report(lessons="Sist.")})
    assert response.status_code == 409
    assert reason_codes(response) == ["stale_version"]
    assert response.json()["version"] == 2
    report = FinalReport.objects.get(provrum=provrum)
    assert report.data["lessons"] == "Först."
    assert ReportVersion.objects.filter(report=report).count() == 2


def _with(path, value):
    data = valid_report()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


BAD_INPUT = {
    "unknown outcome": (_with(("results", 0, "outcome"), "ja"), "results.0.outcome"),
    "evidence too long": (_with(("results", 2, "evidence"), "e" * 3001), "results.2.evidence"),
    "a row missing": (valid_report(results=valid_report()["results"][:2]), "results"),
    "another row": (_with(("results", 1, "text"), "Ett annat mål"), "results.1.text"),
    "results not a list": (valid_report(results="alla uppfyllda"), "results"),
    "unknown next step": (valid_report(follow_on="fortsätt"), "follow_on"),
    "someone else's document": (valid_report(attachments=[999_999]), "attachments"),
    "summary too long": (valid_report(summary="s" * 3001), "summary"),
    "a megabyte of lessons": (valid_report(lessons="a" * 1_000_000), "lessons"),
    "not an object": ("en rapport", "__all__"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_422_with_a_message_for_the_field(leader, provrum, case):
    data, field = BAD_INPUT[case]
    response = leader.put(url(provrum), {"version": 0, "data": data})
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not FinalReport.objects.exists()


@pytest.mark.parametrize("body", [{"data": {}}, {"version": "ett", "data": {}}, "{"])
def test_a_body_without_a_version_or_not_json_is_422(leader, provrum, body):
    response = leader.put(url(provrum), body)
    assert response.status_code == 422


def test_submit_is_refused_with_what_is_missing(leader, provrum, cast):
    data = valid_report(lessons="")
    data["results"][1]["outcome"] = ""
    leader.put(url(provrum), {"version": 0, "data": data})
    check = leader.get(url(provrum, "/check")).json()
    assert check["passes"] is False
    assert [r["code"] for r in check["reasons"]] == [
        "report_outcome_missing",
        "report_lessons_missing",
    ]
    response = leader.post(url(provrum, "/submit"), {"version": 1})
    assert response.status_code == 409
    assert reason_codes(response) == ["report_outcome_missing", "report_lessons_missing"]
    assert all(reason["message"] != reason["code"] for reason in response.json()["reasons"])
    assert fresh(provrum).state == State.RUNNING


def test_submit_then_again_is_one_submission(leader, provrum):
    leader.put(url(provrum), {"version": 0, "data": valid_report()})
    first = leader.post(url(provrum, "/submit"), {"version": 1})
    assert first.status_code == 200, first.content
    assert (first.json()["status"], first.json()["can_edit"]) == ("submitted", False)
    assert fresh(provrum).state == State.REPORTED
    second = leader.post(url(provrum, "/submit"))
    assert second.status_code == 200
    assert Event.objects.filter(provrum=provrum, action=Event.Action.REPORTED).count() == 1


def test_submit_of_an_older_version_is_stale(client, cast, leader, provrum):
    saved_report(cast, provrum)
    saved_report(cast, provrum, valid_report(lessons="Nytt."), by="orebro")
    response = leader.post(url(provrum, "/submit"), {"version": 1})
    assert response.status_code == 409
    assert reason_codes(response) == ["stale_version"]
    assert response.json()["version"] == 2


def test_the_office_approves(cast, office, provrum):
    submitted_report(cast, provrum)
    assert office.get(url(provrum)).json()["can_decide"] is True
    response = office.post(url(provrum, "/approve"), {"comment": "Bra."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["published_at"] is not None
    assert body["can_decide"] is False
    comments = office.get(url(provrum, "/comments")).json()
    assert [(c["kind"], c["body"], c["version_number"]) for c in comments] == [
        ("approved", "Bra.", 1)
    ]
    assert office.post(url(provrum, "/approve")).status_code == 200  # quiet


def test_approving_a_draft_is_409(cast, office, provrum):
    saved_report(cast, provrum)
    response = office.post(url(provrum, "/approve"), {})
    assert response.status_code == 409
    assert reason_codes(response) == ["report_not_submitted"]


def test_the_office_returns_with_a_comment(cast, office, leader, provrum):
    submitted_report(cast, provrum)
    empty = office.post(url(provrum, "/return"), {"comment": " "})
    assert empty.status_code == 422
    assert "comment" in empty.json()["fields"]
    missing = office.post(url(provrum, "/return"), {})
    assert missing.status_code == 422
    response = office.post(url(provrum, "/return"), {"comment": "Förtydliga."})
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert fresh(provrum).state == State.RUNNING
    assert leader.get(url(provrum)).json()["can_edit"] is True


def test_comments(cast, leader, provrum):
    response = leader.post(url(provrum, "/comments"), {"body": "Ska vi bifoga protokollen?"})
    assert response.status_code == 201
    body = response.json()
    assert (body["author"], body["kind"], body["version_number"]) == ("Skane", "comment", 0)
    assert leader.post(url(provrum, "/comments"), {"body": ""}).status_code == 422
    listed = leader.get(url(provrum, "/comments")).json()
    assert [c["body"] for c in listed] == ["Ska vi bifoga protokollen?"]


def test_the_schema_lists_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for tail in ("", "/check", "/versions", "/submit", "/approve", "/return", "/comments"):
        assert f"/api/v1/provrum/{{provrum_id}}/report{tail}" in paths
    assert set(paths["/api/v1/provrum/{provrum_id}/report"]) == {"get", "put"}


def test_a_text_field_given_as_something_else_is_refused(leader, provrum):
    response = leader.put(url(provrum), {"version": 0, "data": valid_report(summary={"a": 1})})
    assert response.status_code == 422
    assert "summary" in response.json()["fields"]
    assert not FinalReport.objects.exists()
