"""The API for meetings, documents and status updates: the same services and refusals."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reglab.provrum.models import Document, Meeting, State, StatusUpdate
from tests.provrum import work_samples as samples
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.work_fixtures import (
    MANAGERS,
    ROLES,
    add_document,
    add_meeting,
    in_a_week,
    people_fixture,  # noqa: F401 – a fixture
    running_fixture,  # noqa: F401 – a fixture
    set_state,
)

pytestmark = pytest.mark.django_db


def api(client, people, role):
    person = people[role]
    return ApiClient(client, None if role == "anonymous" else person)


def url(provrum, tail=""):
    return f"/api/v1/provrum/{provrum.pk}/{tail}"


def meeting_json(**changes):
    starts = in_a_week()
    data = {
        "title": "Digital avstämning",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "mode": "digital",
        "place": "https://meet.example.se/avstamning",
        "agenda": "Läget i regionerna",
    }
    data.update(changes)
    return data


def post_file(client, people, role, provrum, name, data, **fields):
    headers = api(client, people, role).headers
    return client.post(
        url(provrum, "documents"),
        {"file": SimpleUploadedFile(name, data), **fields},
        headers=headers,
    )


# Reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tail", ["meetings", "documents", "status-updates"])
def test_who_reads_the_lists(client, running, people, role, tail):
    response = api(client, people, role).get(url(running, tail))
    expected = 200 if role in MANAGERS else (401 if role == "anonymous" else 403)
    assert response.status_code == expected


def test_lists_before_the_go_ahead_are_not_found(client, make_provrum, people):
    provrum = make_provrum("interest")
    assert api(client, people, "leader").get(url(provrum, "meetings")).status_code == 404


def test_the_lists_show_what_was_written(client, running, people):
    meeting = add_meeting(running, people["leader"])
    document = add_document(running, people["participant"], meeting=meeting)
    from reglab.provrum.running import services as work

    work.status_post(provrum=running, by=people["leader"], progress="at_risk", body="Sent")
    reader = api(client, people, "partner_participant")
    meetings = reader.get(url(running, "meetings")).json()
    assert [(m["title"], m["version"], m["document_count"]) for m in meetings] == [
        ("Startmöte i Malmö", 1, 1)
    ]
    documents = reader.get(url(running, "documents")).json()
    assert documents["count"] == 1
    item = documents["items"][0]
    assert item["id"] == document.pk
    assert item["kind"] == "pdf"
    assert item["meeting"] == meeting.pk
    assert item["download_url"] == f"/provrum/{running.pk}/dokument/{document.pk}/"
    status = reader.get(url(running, "status-updates")).json()
    assert status["items"][0]["progress"] == "at_risk"
    assert status["items"][0]["organisation"] == "region-skane"


def test_one_document_and_one_meeting(client, running, people):
    meeting = add_meeting(running, people["leader"])
    document = add_document(running, people["leader"])
    reader = api(client, people, "office")
    assert reader.get(url(running, f"meetings/{meeting.pk}")).json()["title"] == meeting.title
    body = reader.get(url(running, f"documents/{document.pk}")).json()
    assert body["sha256"] == document.sha256
    assert body["size"] == document.size
    download = client.get(body["download_url"], headers=reader.headers)
    assert download.status_code == 200
    assert reader.get(url(running, "documents/99999")).status_code == 404
    assert reader.get(url(running, "meetings/99999")).status_code == 404


# Meetings --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_adds_a_meeting(client, running, people, role):
    response = api(client, people, role).post(url(running, "meetings"), meeting_json())
    expected = 201 if role in MANAGERS else (401 if role == "anonymous" else 403)
    assert response.status_code == expected
    assert Meeting.objects.count() == (1 if expected == 201 else 0)


def test_a_meeting_that_ends_before_it_starts_is_422(client, running, people):
    starts = in_a_week()
    data = meeting_json(ends_at=(starts - timedelta(hours=1)).isoformat())
    response = api(client, people, "leader").post(url(running, "meetings"), data)
    assert response.status_code == 422
    assert "ends_at" in response.json()["fields"]


def test_a_closed_provrum_answers_409(client, running, people):
    set_state(running, State.CLOSED)
    response = api(client, people, "participant").post(url(running, "meetings"), meeting_json())
    assert response.status_code == 409
    assert reason_codes(response) == ["work_closed"]
    assert response.json()["reasons"][0]["message"] != "work_closed"


def test_put_with_an_old_version_is_409_with_the_current_version(client, running, people):
    meeting = add_meeting(running, people["leader"])
    first = api(client, people, "leader")
    data = {**meeting_json(title=meeting.title), "notes": "Skåne skriver", "version": 1}
    response = first.put(url(running, f"meetings/{meeting.pk}"), data)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = {**data, "notes": "Örebro skriver", "version": 1}
    response = api(client, people, "participant").put(url(running, f"meetings/{meeting.pk}"), stale)
    assert response.status_code == 409
    assert reason_codes(response) == ["stale_version"]
    assert response.json()["version"] == 2
    assert Meeting.objects.get().notes == "Skåne skriver"


def test_delete_a_meeting(client, running, people):
    meeting = add_meeting(running, people["leader"])
    assert (
        api(client, people, "member").delete(url(running, f"meetings/{meeting.pk}")).status_code
        == 403
    )
    response = api(client, people, "office").delete(url(running, f"meetings/{meeting.pk}"))
    assert response.status_code == 204
    assert not Meeting.objects.exists()


# Documents -------------------------------------------------------------------------


def test_upload_a_document_as_multipart(client, running, people):
    meeting = add_meeting(running, people["leader"])
    data = samples.docx_bytes()
    response = post_file(
        client, people, "participant", running, "Protokoll.docx", data,
        description="Protokoll", meeting=str(meeting.pk),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Protokoll.docx"
    assert body["kind"] == "docx"
    assert body["meeting"] == meeting.pk
    assert body["size"] == len(data)
    again = post_file(client, people, "participant", running, "Protokoll.docx", data)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("setup.docx", b"MZ\x90\x00" + bytes(300), "program"),
        ("rapport.docx", samples.zip_bomb_docx(), "zip_bomb"),
        ("rapport.docx", samples.docm_bytes(), "office_macros"),
        ("rapport.pdf", samples.hand_pdf(b"/OpenAction << /S /JavaScript /JS (x) >>"), None),
        ("karta.png", samples.image_bytes(size=(400, 300))[:200], "image_broken"),
    ],
)
def test_a_refused_upload_is_422_with_its_message(client, running, people, name, data, code):
    response = post_file(client, people, "leader", running, name, data)
    assert response.status_code == 422
    body = response.json()
    assert name in body["fields"]["file"][0]
    assert not Document.objects.exists()
    if code:
        from reglab.core import uploads

        with pytest.raises(uploads.UploadRefused) as caught:
            uploads.inspect_upload(name, data)
        assert caught.value.code == code
        assert body["fields"]["file"][0] == caught.value.message


def test_an_outsider_cannot_upload(client, running, people):
    response = post_file(client, people, "partner", running, "a.pdf", samples.hand_pdf())
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_a_missing_file_is_422(client, running, people):
    response = client.post(
        url(running, "documents"),
        {"description": "x"},
        headers=api(client, people, "leader").headers,
    )
    assert response.status_code == 422


def test_delete_a_document(client, running, people, django_capture_on_commit_callbacks):
    document = add_document(running, people["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api(client, people, "partner_participant").delete(
            url(running, f"documents/{document.pk}")
        )
    assert response.status_code == 204
    assert not Document.objects.exists()


# Status updates --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_posts_status_updates(client, running, people, role):
    response = api(client, people, role).post(
        url(running, "status-updates"), {"progress": "on_track", "body": "Allt går enligt plan."}
    )
    expected = 201 if role == "leader" else (401 if role == "anonymous" else 403)
    assert response.status_code == expected
    assert StatusUpdate.objects.count() == (1 if expected == 201 else 0)


def test_a_bad_progress_is_422(client, running, people):
    response = api(client, people, "leader").post(
        url(running, "status-updates"), {"progress": "fine", "body": "Hej"}
    )
    assert response.status_code == 422
    assert "progress" in response.json()["fields"]


def test_the_status_list_is_paged(client, running, people):
    from reglab.provrum.running import services as work

    for index in range(3):
        work.status_post(
            provrum=running, by=people["leader"], progress="on_track", body=f"Status {index}"
        )
    body = api(client, people, "office").get(url(running, "status-updates"), {"limit": 2}).json()
    assert body["count"] == 3
    assert [item["body"] for item in body["items"]] == ["Status 2", "Status 1"]
