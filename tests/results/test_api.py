"""The public results API: no sign-in, only published reports, no people."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.provrum.models import FinalReport, State
from tests.provrum.api_client import ApiClient
from tests.results.conftest import assert_no_people, bare_provrum, publish, report_data

LIST = "/api/v1/results"


def _detail(provrum_pk):
    return f"/api/v1/results/{provrum_pk}"


def test_anyone_reads_a_published_result(client, published, settings):
    settings.SITE_URL = "https://reglab.example"
    provrum = published["provrum"]
    response = client.get(_detail(provrum.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == provrum.pk
    assert body["title"] == "AI och visualisering i regional utveckling"
    assert body["question"] == "Hur kan regionerna använda AI för analys?"
    assert body["themes"] == ["AI och visualisering"]
    assert body["organisations"] == [
        {"slug": "kontigo", "name": "Kontigo", "is_region": False},
        {"slug": "region-skane", "name": "Region Skåne", "is_region": True},
        {"slug": "region-orebro-lan", "name": "Region Örebro län", "is_region": True},
    ]
    assert body["leader"] == "region-skane"
    assert body["summary"].startswith("Regionerna prövade AI")
    assert body["results"] == report_data()["results"]
    assert body["lessons"].startswith("Öppna data")
    assert body["recommendations"] == "Starta ett lärprojekt om datakvalitet."
    assert body["follow_on"] == "learning_project"
    assert body["published_at"].startswith("2026-03-10T09:30:00")
    assert body["url"] == f"https://reglab.example/resultat/{provrum.pk}/"
    pdf, docx = published["pdf"], published["docx"]
    assert body["attachments"] == [
        {
            "id": pdf.pk,
            "name": "Analysrapport.pdf",
            "content_type": "application/pdf",
            "size": pdf.size,
            "url": f"https://reglab.example/resultat/{provrum.pk}/bilagor/{pdf.pk}/",
        },
        {
            "id": docx.pk,
            "name": "Underlag.docx",
            "content_type": docx.content_type,
            "size": docx.size,
            "url": f"https://reglab.example/resultat/{provrum.pk}/bilagor/{docx.pk}/",
        },
    ]


def test_the_attachment_addresses_work_without_sign_in(client, published, settings):
    settings.SITE_URL = ""
    body = client.get(_detail(published["provrum"].pk)).json()
    documents = {published["pdf"].pk: published["pdf"], published["docx"].pk: published["docx"]}
    assert sorted(attachment["id"] for attachment in body["attachments"]) == sorted(documents)
    for attachment in body["attachments"]:
        response = client.get(attachment["url"])
        assert response.status_code == 200
        # The file itself, under its own name and type: what the reader downloads.
        document = documents[attachment["id"]]
        assert response["Content-Type"] == document.content_type
        assert document.name in response["Content-Disposition"]
        with document.file.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize(
    ("status", "published_at", "state"),
    [
        (FinalReport.Status.DRAFT, None, State.RUNNING),
        (FinalReport.Status.SUBMITTED, None, State.REPORTED),
        (FinalReport.Status.RETURNED, None, State.RUNNING),
        (FinalReport.Status.APPROVED, None, State.REPORTED),
        (FinalReport.Status.APPROVED, datetime(2026, 3, 1, tzinfo=UTC), State.RUNNING),
    ],
)
def test_an_unpublished_report_is_a_404(client, cast, people, status, published_at, state):
    provrum = bare_provrum(cast, title="Inte publicerad")
    publish(provrum, status=status, published_at=published_at, state=state)
    response = client.get(_detail(provrum.pk))
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "code": "not_found"}
    assert client.get(LIST).json()["count"] == 0


def test_a_missing_provrum_is_a_404(client, db):
    assert client.get(_detail(999999)).status_code == 404


def test_a_signed_in_person_or_a_token_gets_the_same(client, cast, published):
    anonymous = client.get(_detail(published["provrum"].pk)).json()
    with_token = ApiClient(client, cast["people"]["gavleborg"]).get(
        _detail(published["provrum"].pk)
    )
    assert with_token.status_code == 200
    assert with_token.json() == anonymous


def test_no_participant_email_or_name_in_the_api(client, cast, published):
    detail = client.get(_detail(published["provrum"].pk)).content.decode()
    listing = client.get(LIST).content.decode()
    for text in (detail, listing):
        assert_no_people(text, cast)
        # And with any \u escapes decoded.
        assert_no_people(json.dumps(json.loads(text), ensure_ascii=False), cast)


@pytest.fixture
def listed(cast, people):
    rows = {
        "ai": bare_provrum(cast, title="AI för regional analys", themes=["AI och visualisering"]),
        "gron": bare_provrum(cast, title="Grön omställning", themes=["Grön omställning"]),
        "draft": bare_provrum(cast, title="Utkast"),
    }
    publish(
        rows["ai"],
        data=report_data(summary="Regionerna visualiserade data med AI."),
        published_at=datetime(2025, 10, 1, tzinfo=UTC),
    )
    publish(
        rows["gron"],
        data=report_data(summary="Industrins omställning kräver samverkan."),
        published_at=datetime(2026, 2, 1, tzinfo=UTC),
        state=State.CLOSED,
    )
    publish(rows["draft"], status=FinalReport.Status.DRAFT, published_at=None, state=State.RUNNING)
    return rows


def _titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_the_list_has_only_published_results_newest_first(client, listed):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert _titles(response) == ["Grön omställning", "AI för regional analys"]
    item = body["items"][1]
    assert item["id"] == listed["ai"].pk
    assert item["themes"] == ["AI och visualisering"]
    assert item["leader"] == "region-skane"
    assert [o["slug"] for o in item["organisations"]] == ["region-skane", "region-orebro-lan"]
    assert item["summary"] == "Regionerna visualiserade data med AI."
    assert set(item) == {
        "id",
        "title",
        "summary",
        "themes",
        "organisations",
        "leader",
        "published_at",
        "url",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "regionernas"}, ["AI för regional analys"]),
        ({"q": "samverkan"}, ["Grön omställning"]),
        ({"q": "utkast"}, []),
        ({"theme": "gron-omstallning"}, ["Grön omställning"]),
        ({"year": 2025}, ["AI för regional analys"]),
        ({"year": 2026, "theme": "ai-och-visualisering"}, []),
    ],
)
def test_the_list_is_searched_and_filtered(client, listed, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert _titles(response) == expected
    assert response.json()["count"] == len(expected)


def test_the_list_is_paginated(client, cast, people):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(5):
        publish(
            bare_provrum(cast, title=f"Resultat {number}"),
            published_at=start + timedelta(days=number),
        )
    response = client.get(LIST, {"limit": 2, "offset": 2})
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (5, 2, 2)
    assert _titles(response) == ["Resultat 2", "Resultat 1"]
    assert client.get(LIST, {"limit": 0}).status_code == 422
    assert client.get(LIST, {"limit": 101}).status_code == 422


@pytest.mark.usefixtures("no_page_cache")
def test_list_queries_do_not_grow_with_the_rows(client, cast, people):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    publish(bare_provrum(cast, title="Ett", themes=["AI och visualisering"]))
    one = count()
    for number in range(19):
        publish(bare_provrum(cast, title=f"Resultat {number}", themes=["Grön omställning"]))
    assert count() == one
    assert one <= 4


def test_the_endpoints_are_public_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "security" in schema["paths"]["/api/v1/provrum"]["get"]
    for path in ("/api/v1/results", "/api/v1/results/{provrum_id}"):
        assert "security" not in schema["paths"][path]["get"]
