"""The review workflow's API routes (``reviewed.api.register``), for the plan and the report.

The same routes, registered once per kind: read, a stale save, the versions,
submit, return and approve; the answers' bodies are checked.
"""

import pytest

from tests.provrum.api_client import ApiClient

pytestmark = pytest.mark.django_db


def test_a_save_answers_with_the_new_version_and_a_stale_one_with_409(client, document):
    api = ApiClient(client, document.cast["people"]["skane"])
    first = api.get(document.api).json()
    assert (first["provrum"], first["status"], first["version"]) == (
        document.provrum.pk,
        "draft",
        0,
    )
    saved = api.put(document.api, {"version": 0, "data": document.first})
    assert saved.status_code == 200
    assert (saved.json()["version"], saved.json()["updated_by"]) == (1, "Skane")
    stale = api.put(document.api, {"version": 0, "data": document.second})
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
    assert [reason["code"] for reason in stale.json()["reasons"]] == ["stale_version"]
    assert document.current().data == saved.json()["data"]


def test_the_versions_newest_first_with_who_saved_them(client, document):
    document.save(document.first, version=0)
    document.save(document.second, version=1, by="orebro")
    answer = ApiClient(client, document.cast["people"]["skane"]).get(f"{document.api}/versions")
    assert answer.status_code == 200
    assert [(row["number"], row["author"]) for row in answer.json()] == [
        (2, "Orebro"),
        (1, "Skane"),
    ]


def test_submit_return_and_approve(client, document):
    document.save(document.first, version=0)
    group = ApiClient(client, document.cast["people"]["skane"])
    submitted = group.post(f"{document.api}/submit", {"version": 1})
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    office = ApiClient(client, document.cast["office"])
    no_comment = office.post(f"{document.api}/return", {"comment": " "})
    assert no_comment.status_code == 422
    assert "comment" in no_comment.json()["fields"]
    returned = office.post(f"{document.api}/return", {"comment": "Förtydliga."})
    assert (returned.status_code, returned.json()["status"]) == (200, "returned")
    again = group.post(f"{document.api}/submit", {"version": 1})
    assert again.json()["status"] == "submitted"
    refused = group.post(f"{document.api}/approve")
    assert refused.status_code == 403
    assert refused.json()["reasons"][0]["code"] == "not_allowed"
    approved = office.post(f"{document.api}/approve", {"comment": "Bra."})
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")


def test_the_check_answers_whether_the_document_passes(client, document):
    document.save(document.first, version=0)
    answer = ApiClient(client, document.cast["people"]["skane"]).get(f"{document.api}/check")
    assert answer.json()["passes"] is True
    assert all(reason["severity"] != "error" for reason in answer.json()["reasons"])


def test_a_person_outside_the_group_gets_404_for_a_draft(client, document):
    document.save(document.first, version=0)
    outsider = ApiClient(client, document.cast["people"]["gavleborg"])
    for suffix in ("", "/check", "/versions"):
        answer = outsider.get(f"{document.api}{suffix}")
        assert answer.status_code == 404
        assert set(answer.json()) == {"detail", "code"}
        assert answer.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("name", "module", "tag"),
    [
        ("plan", "reglab_provrum_api", "project plan"),
        ("report", "reglab_provrum_report_api", "final report"),
    ],
)
def test_each_kind_keeps_its_operation_ids_and_tag(client, name, module, tag):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    base = f"/api/v1/provrum/{{provrum_id}}/{name}"
    operations = {
        (path, method): (operation["operationId"], operation["tags"])
        for path, methods in paths.items()
        if path.startswith(base)
        for method, operation in methods.items()
    }
    assert operations[(base, "get")] == (f"{module}_get_{name}", [tag])
    assert operations[(base, "put")] == (f"{module}_put_{name}", [tag])
    assert operations[(f"{base}/versions", "get")] == (f"{module}_list_{name}_versions", [tag])
    assert operations[(f"{base}/return", "post")] == (f"{module}_return_{name}", [tag])
    assert ((f"{base}/comments", "post") in operations) == (name == "report")
