"""The running page: who sees it, its forms, uploads and downloads, and its query count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reglab.provrum.models import Document, Meeting, State, StatusUpdate
from reglab.provrum.running import services as work
from tests.provrum import work_samples as samples
from tests.provrum.views_helpers import LOGIN, outcome, sign_in
from tests.provrum.work_fixtures import (
    MANAGERS,
    ROLES,
    add_document,
    add_meeting,
    in_a_week,
    people_fixture,  # noqa: F401 – a fixture
    running_fixture,  # noqa: F401 – a fixture
    set_state,
    upload,
)

pytestmark = pytest.mark.django_db


def url(name, provrum, *args):
    return reverse(f"provrum:{name}", args=[provrum.pk, *args])


def as_(client, user):
    return sign_in(client, user)


def meeting_post(**changes):
    starts = timezone.localtime(in_a_week())
    data = {
        "title": "Workshop om indikatorer",
        "mode": "digital",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "https://meet.example.se/indikatorer",
        "agenda": "Genomgång av indikatorerna – å ä ö",
        "notes": "",
    }
    data.update(changes)
    return data


# Who sees the page ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_running_page(client, running, people, role):
    response = as_(client, people[role]).get(url("running", running))
    expected = 200 if role in MANAGERS else (LOGIN if role == "anonymous" else 403)
    assert outcome(response) == expected


def test_a_person_without_an_organisation_is_shown_how_to_get_access(client, running, plain_user):
    response = as_(client, plain_user).get(url("running", running))
    assert response.status_code == 403


def test_before_the_go_ahead_the_page_does_not_exist(client, make_provrum, people):
    provrum = make_provrum("interest")
    assert as_(client, people["leader"]).get(url("running", provrum)).status_code == 404


def test_an_empty_page_has_its_empty_states_and_the_forms_for_the_group(client, running, people):
    page = as_(client, people["participant"]).get(url("running", running)).content.decode()
    assert "No meetings yet." in page or "Inga möten" in page
    assert 'id="meeting-add"' in page
    assert 'id="document-upload"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'id="status-post"' not in page  # only the leader posts status


def test_the_leader_has_the_status_form(client, running, people):
    page = as_(client, people["leader"]).get(url("running", running)).content.decode()
    assert 'id="status-post"' in page


def test_a_closed_provrum_is_read_only(client, running, people):
    add_meeting(running, people["leader"])
    set_state(running, State.CLOSED)
    page = as_(client, people["leader"]).get(url("running", running)).content.decode()
    assert "data-read-only" in page
    assert "Startmöte i Malmö" in page
    for form in ('id="meeting-add"', 'id="document-upload"', 'id="status-post"'):
        assert form not in page
    assert url("meeting_edit", running, Meeting.objects.get().pk) not in page


# Meetings ------------------------------------------------------------------------


def test_adding_a_meeting_through_the_form(client, running, people):
    response = as_(client, people["participant"]).post(url("meeting_add", running), meeting_post())
    assert response.status_code == 302
    assert response["Location"].endswith("#meetings")
    meeting = Meeting.objects.get()
    assert meeting.mode == "digital"
    assert meeting.place == "https://meet.example.se/indikatorer"
    page = client.get(url("running", running)).content.decode()
    assert "Workshop om indikatorer" in page
    assert 'href="https://meet.example.se/indikatorer"' in page


def test_a_refused_meeting_keeps_what_was_typed(client, running, people):
    data = meeting_post(ends_at=meeting_post()["starts_at"], agenda="Min dagordning å ä ö")
    response = as_(client, people["participant"]).post(url("meeting_add", running), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Min dagordning å ä ö" in page
    assert "Workshop om indikatorer" in page
    assert 'aria-invalid="true"' in page
    assert not Meeting.objects.exists()


def test_a_digital_link_without_https_is_refused_on_the_form(client, running, people):
    data = meeting_post(place="http://osaker.example.se")
    response = as_(client, people["leader"]).post(url("meeting_add", running), data)
    assert response.status_code == 422
    assert "http://osaker.example.se" in response.content.decode()


def test_a_form_with_missing_fields_comes_back(client, running, people):
    response = as_(client, people["leader"]).post(url("meeting_add", running), {"title": ""})
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()


@pytest.mark.parametrize("role", ["member", "partner"])
def test_outsiders_cannot_post_meetings(client, running, people, role):
    response = as_(client, people[role]).post(url("meeting_add", running), meeting_post())
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_writing_notes_afterwards(client, running, people):
    meeting = add_meeting(running, people["leader"])
    page = as_(client, people["participant"]).get(url("meeting_edit", running, meeting.pk))
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    data = {
        **meeting_post(title=meeting.title, mode="physical", place=meeting.place),
        "agenda": meeting.agenda,
        "notes": "Vi beslutade att pröva metoden.",
        "version": "1",
    }
    response = client.post(url("meeting_edit", running, meeting.pk), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Vi beslutade att pröva metoden."
    assert meeting.version == 2


def test_a_stale_edit_is_refused_and_keeps_the_typed_notes(client, running, people):
    meeting = add_meeting(running, people["leader"])
    work.meeting_update(
        meeting=meeting, by=people["leader"], version=1, notes="Skånes anteckningar"
    )
    data = {
        **meeting_post(title=meeting.title, mode="physical", place=meeting.place),
        "notes": "Örebros anteckningar",
        "version": "1",
    }
    response = as_(client, people["participant"]).post(
        url("meeting_edit", running, meeting.pk), data
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Örebros anteckningar" in page  # what was typed
    assert "Skånes anteckningar" in page  # the saved version beside it
    assert 'data-codes="stale_version"' in page
    assert 'name="version" value="2"' in page  # the next save builds on the saved version
    meeting.refresh_from_db()
    assert meeting.notes == "Skånes anteckningar"


def test_outsiders_cannot_open_the_edit_page(client, running, people):
    meeting = add_meeting(running, people["leader"])
    response = as_(client, people["member"]).get(url("meeting_edit", running, meeting.pk))
    assert response.status_code == 403


def test_deleting_a_meeting_asks_first(client, running, people):
    meeting = add_meeting(running, people["leader"])
    confirm = as_(client, people["participant"]).get(url("meeting_delete", running, meeting.pk))
    assert confirm.status_code == 200
    assert "Startmöte i Malmö" in confirm.content.decode()
    assert Meeting.objects.exists()
    response = client.post(url("meeting_delete", running, meeting.pk))
    assert response.status_code == 302
    assert not Meeting.objects.exists()


# Documents -----------------------------------------------------------------------


def test_uploading_through_the_form(client, running, people):
    meeting = add_meeting(running, people["leader"])
    response = as_(client, people["participant"]).post(
        url("document_upload", running),
        {
            "file": upload("Minnesanteckningar 10 feb.pdf"),
            "description": "Anteckningar",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.meeting == meeting
    page = client.get(url("running", running)).content.decode()
    assert "Minnesanteckningar 10 feb.pdf" in page
    assert url("document", running, document.pk) in page
    assert "media/" not in page


def test_a_renamed_program_is_refused_on_the_form_and_the_description_is_kept(
    client, running, people
):
    response = as_(client, people["participant"]).post(
        url("document_upload", running),
        {
            "file": upload("Budget.docx", b"MZ\x90\x00" + bytes(300)),
            "description": "Budget för våren",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Budget.docx" in page
    assert "Budget för våren" in page
    assert 'data-codes="program"' in page
    assert not Document.objects.exists()


def test_a_double_submitted_upload_keeps_one_document(client, running, people):
    as_(client, people["leader"])
    for _ in range(2):
        response = client.post(url("document_upload", running), {"file": upload()})
        assert response.status_code == 302
    assert Document.objects.count() == 1


def test_no_file_is_a_message_by_the_field(client, running, people):
    response = as_(client, people["leader"]).post(url("document_upload", running), {})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_downloads_a_document(client, running, people, role):
    document = add_document(running, people["leader"])
    response = as_(client, people[role]).get(url("document", running, document.pk))
    expected = 200 if role in MANAGERS else (LOGIN if role == "anonymous" else 403)
    assert outcome(response) == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == samples.hand_pdf()


def test_a_pdf_is_downloaded_with_its_name_and_type(client, running, people):
    # Never shown in the browser's PDF viewer (issue 10, finding 4).
    document = add_document(running, people["leader"], name="Rapport – å ä ö.pdf")
    response = as_(client, people["office"]).get(url("document", running, document.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert (
        "filename*=utf-8''Rapport%20%E2%80%93%20%C3%A5%20%C3%A4%20%C3%B6.pdf"
        in (response["Content-Disposition"])
    )
    assert "private" in response["Cache-Control"]


def test_an_office_file_is_downloaded_as_an_attachment(client, running, people):
    data = samples.xlsx_bytes()
    document = add_document(running, people["leader"], name="Budget.xlsx", data=data)
    response = as_(client, people["participant"]).get(url("document", running, document.pk))
    assert response["Content-Disposition"].startswith('attachment; filename="Budget.xlsx"')
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert b"".join(response.streaming_content) == data


def test_a_document_of_a_provrum_the_person_cannot_see_is_not_found(
    client, running, people, make_provrum
):
    document = add_document(running, people["leader"])
    draft = make_provrum("draft", title="Ett utkast")  # Gävleborg cannot see it
    response = as_(client, people["member"]).get(url("document", draft, document.pk))
    assert response.status_code == 404
    # Another provrum's document under this provrum's address is not found either.
    other = add_document(
        set_state(make_provrum("go_ahead", title="Annat"), State.RUNNING), people["leader"]
    )
    response = as_(client, people["participant"]).get(url("document", running, other.pk))
    assert response.status_code == 404


def test_a_document_downloads_with_an_api_token(client, running, people):
    from reglab.api.services import api_token_create

    document = add_document(running, people["leader"])
    _, token = api_token_create(person=people["participant"])
    response = client.get(
        url("document", running, document.pk), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200


def test_deleting_a_document_asks_first_and_removes_it(client, running, people):
    document = add_document(running, people["leader"])
    confirm = as_(client, people["participant"]).get(url("document_delete", running, document.pk))
    assert confirm.status_code == 200
    assert "minnesanteckningar.pdf" in confirm.content.decode()
    response = client.post(url("document_delete", running, document.pk))
    assert response.status_code == 302
    assert not Document.objects.exists()


# Status updates --------------------------------------------------------------------


def test_the_leader_posts_a_status_update_through_the_form(client, running, people):
    response = as_(client, people["leader"]).post(
        url("status_post", running), {"progress": "at_risk", "body": "Vi saknar data från SCB."}
    )
    assert response.status_code == 302
    page = client.get(url("running", running)).content.decode()
    assert "Vi saknar data från SCB." in page
    assert "Region Skåne" in page
    assert 'data-progress="at_risk"' in page


def test_another_participant_cannot_post_status(client, running, people):
    response = as_(client, people["participant"]).post(
        url("status_post", running), {"progress": "on_track", "body": "Allt väl"}
    )
    assert response.status_code == 403
    assert 'data-codes="not_allowed"' in response.content.decode()
    assert not StatusUpdate.objects.exists()


def test_an_empty_status_update_comes_back_with_a_message(client, running, people):
    response = as_(client, people["leader"]).post(
        url("status_post", running), {"progress": "delayed", "body": ""}
    )
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()


# Many rows: pages and queries ------------------------------------------------------


def fill(provrum, people, count):
    """``count`` meetings, documents and status updates, written with the ORM."""
    leader = people["leader"]
    start = in_a_week()
    for index in range(count):
        meeting = Meeting.objects.create(
            provrum=provrum,
            title=f"Möte {index}",
            starts_at=start + timedelta(days=index - count // 2),
            mode="physical",
            place="Örebro",
            notes="Anteckningar" if index % 2 else "",
            created_by=leader,
            updated_by=leader,
        )
        Document.objects.create(
            provrum=provrum,
            meeting=meeting if index % 2 else None,
            file=f"provrum/{provrum.pk}/fil{index}.pdf",
            name=f"dokument-{index}.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=1000 * (index + 1),
            sha256=f"{index:064d}",
            uploaded_by=people["participant"],
        )
        StatusUpdate.objects.create(
            provrum=provrum,
            progress="on_track",
            body=f"Status {index}",
            author=leader,
            organisation=provrum.leader,
        )


def queries_for_page(client, provrum):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("running", provrum))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_page_costs_the_same_queries_for_one_row_and_many(client, running, people):
    as_(client, people["leader"])
    fill(running, people, 1)
    few, _ = queries_for_page(client, running)
    fill(running, people, 30)
    many, page = queries_for_page(client, running)
    assert many == few, (few, many)
    assert many <= 25, many
    # The documents and the status log are paged; the links keep the other list's page.
    assert "dokumentsida=2#documents" in page
    assert "statussida=2#status" in page
    second = client.get(url("running", running) + "?dokumentsida=2&statussida=2").content.decode()
    assert "?statussida=2&amp;dokumentsida=1#documents" in second
    assert "?dokumentsida=2&amp;statussida=1#status" in second


def test_the_page_stays_within_a_query_budget(
    client, running, people, django_assert_max_num_queries
):
    fill(running, people, 40)
    as_(client, people["participant"])
    with django_assert_max_num_queries(25):
        assert client.get(url("running", running)).status_code == 200


# The box on the provrum page -------------------------------------------------------


def test_the_provrum_page_shows_the_work_box_to_the_group(client, running, people):
    add_meeting(running, people["leader"])
    add_document(running, people["leader"])
    work.status_post(provrum=running, by=people["leader"], progress="delayed", body="Försenat")
    page = as_(client, people["participant"]).get(running.get_absolute_url()).content.decode()
    box = re.search(r'<div class="plan-notice work-notice".*?</div>', page, re.S).group(0)
    assert 'data-meetings="1"' in box
    assert 'data-documents="1"' in box
    assert 'data-status-updates="1"' in box
    assert 'data-progress="delayed"' in box
    assert url("running", running) in box


@pytest.mark.parametrize("role", ["member", "partner"])
def test_the_provrum_page_hides_the_work_box_from_others(client, running, people, role):
    page = as_(client, people[role]).get(running.get_absolute_url())
    assert page.status_code == 200
    assert "work-notice" not in page.content.decode()


def test_no_work_box_before_the_go_ahead(client, make_provrum, people):
    provrum = make_provrum("interest")
    page = as_(client, people["leader"]).get(provrum.get_absolute_url()).content.decode()
    assert "work-notice" not in page
