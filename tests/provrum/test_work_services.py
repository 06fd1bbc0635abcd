"""Meetings, documents and the status log: who may write, in which states, and how.

Every role walks through the same running provrum (tests.provrum.work_fixtures).
"""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.http import Http404

from reglab.notifications.models import Notification
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.models import Document, Event, FinalReport, Meeting, State, StatusUpdate
from reglab.provrum.running import selectors as reads
from reglab.provrum.running import services as work
from tests.provrum import work_samples as samples
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


def stored_files():
    location = storages["documents"].location
    return sorted(str(path) for path in Path(location).rglob("*") if path.is_file())


# Who may see the work -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_meetings_documents_and_status(running, people, role):
    user = people[role]
    if role in MANAGERS:
        assert work.work_get_for(user=user, pk=running.pk) == running
    elif role == "anonymous":
        with pytest.raises(Http404):
            work.work_get_for(user=user, pk=running.pk)
    else:
        with pytest.raises(PermissionDenied):
            work.work_get_for(user=user, pk=running.pk)


def test_before_the_go_ahead_there_is_no_work_area(make_provrum, people):
    provrum = make_provrum("interest")
    with pytest.raises(Http404):
        work.work_get_for(user=people["leader"], pk=provrum.pk)


def test_a_closed_provrum_keeps_its_work_to_read(running, people):
    set_state(running, State.CLOSED)
    assert work.work_get_for(user=people["participant"], pk=running.pk) == running


# Meetings ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_adds_meetings(running, people, role):
    if role in MANAGERS:
        meeting = add_meeting(running, people[role])
        assert meeting.provrum == running
        assert meeting.created_by == people[role]
    else:
        with pytest.raises(PermissionDenied):
            add_meeting(running, people[role])
        assert not Meeting.objects.exists()


@pytest.mark.parametrize("state", [State.GO_AHEAD, State.RUNNING, State.REPORTED])
def test_meetings_can_be_added_from_the_go_ahead_until_closing(running, people, state):
    set_state(running, state)
    assert add_meeting(running, people["participant"]).pk


def test_a_participant_is_refused_by_the_state_before_the_go_ahead(make_provrum, people):
    provrum = make_provrum("interest")  # Skåne leads, Örebro takes part
    with pytest.raises(RuleViolation) as caught:
        add_meeting(provrum, people["participant"])
    assert [reason.code for reason in caught.value.reasons] == ["work_not_started"]
    with pytest.raises(PermissionDenied):
        add_meeting(provrum, people["member"])


def test_a_closed_provrum_takes_no_new_meetings(running, people):
    meeting = add_meeting(running, people["leader"])
    set_state(running, State.CLOSED)
    for action in (
        lambda: add_meeting(running, people["participant"], title="Efteråt"),
        lambda: work.meeting_update(meeting=meeting, by=people["leader"], version=1, notes="x"),
        lambda: work.meeting_delete(meeting=meeting, by=people["office"]),
    ):
        with pytest.raises(RuleViolation) as caught:
            action()
        assert caught.value.reasons[0].code == "work_closed"
    assert Meeting.objects.get().notes == ""


def test_adding_a_meeting_records_an_event_and_tells_the_group_and_the_office(
    running, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_meeting(running, people["participant"])
    event = Event.objects.get(provrum=running, action=Event.Action.MEETING_ADDED)
    assert event.actor == people["participant"]
    assert event.organisation.slug == "region-orebro-lan"
    told = set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))
    assert {"skane@example.se", "kontigo@example.se", "kansli@example.se"} <= told
    assert not told & {"gavleborg@example.se", "nordregio@example.se", "vinnova@example.se"}


def test_the_same_meeting_sent_twice_is_added_once(running, people):
    starts = in_a_week()
    first = add_meeting(running, people["leader"], starts_at=starts)
    second = add_meeting(running, people["leader"], starts_at=starts)
    assert first.pk == second.pk
    assert Meeting.objects.count() == 1
    assert Event.objects.filter(action=Event.Action.MEETING_ADDED).count() == 1
    # Another meeting at another time is another meeting.
    add_meeting(running, people["leader"], starts_at=starts + timedelta(days=1), ends_at=None)
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"mode": "hybrid"}, "mode"),
        ({"starts_at": None}, "starts_at"),
        ({"starts_at": "inte ett datum"}, "starts_at"),
        ({"ends_at": "__start__"}, "ends_at"),  # ends as it starts
        ({"ends_at": "__before__"}, "ends_at"),
        ({"mode": "digital", "place": "http://meet.example.se/x"}, "place"),
        ({"mode": "digital", "place": "Teams"}, "place"),
        ({"place": "x" * 501}, "place"),
        ({"agenda": "x" * 5001}, "agenda"),
        ({"notes": "x" * 20001}, "notes"),
    ],
)
def test_meeting_input_is_checked(running, people, values, field):
    starts = in_a_week()
    if values.get("ends_at") == "__start__":
        values["ends_at"] = starts
    if values.get("ends_at") == "__before__":
        values["ends_at"] = starts - timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        add_meeting(running, people["leader"], starts_at=values.pop("starts_at", starts), **values)
    assert field in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_a_digital_meeting_may_have_an_https_link_or_none(running, people):
    with_link = add_meeting(
        running, people["leader"], mode="digital", place=" https://meet.example.se/provrum "
    )
    assert with_link.place == "https://meet.example.se/provrum"
    without = add_meeting(running, people["leader"], title="Digitalt", mode="digital", place="")
    assert without.place == ""


def test_a_naive_time_is_read_in_swedish_time(running, people):
    from datetime import UTC, datetime

    meeting = add_meeting(
        running, people["leader"], starts_at=datetime(2027, 2, 10, 9, 30), ends_at=None
    )
    assert meeting.starts_at == datetime(2027, 2, 10, 8, 30, tzinfo=UTC)
    assert Meeting.objects.get().starts_at == datetime(2027, 2, 10, 8, 30, tzinfo=UTC)


# Editing and the optimistic lock ---------------------------------------------------


def test_notes_written_afterwards_make_a_new_version(running, people):
    meeting = add_meeting(running, people["leader"])
    saved = work.meeting_update(
        meeting=meeting, by=people["participant"], version=1, notes="Vi bestämde å ä ö."
    )
    assert saved.version == 2
    assert saved.notes == "Vi bestämde å ä ö."
    assert saved.title == "Startmöte i Malmö"  # fields left out keep their values
    assert saved.updated_by == people["participant"]


def test_an_edit_based_on_an_older_version_is_refused_and_nothing_is_lost(running, people):
    meeting = add_meeting(running, people["leader"])
    # Both open version 1; Örebro saves first.
    work.meeting_update(meeting=meeting, by=people["participant"], version=1, notes="Örebros text")
    with pytest.raises(ValidationError) as caught:
        work.meeting_update(meeting=meeting, by=people["leader"], version=1, notes="Skånes text")
    assert caught.value.code == "stale_version"
    assert caught.value.params["version"] == 2
    current = Meeting.objects.get()
    assert current.notes == "Örebros text"
    assert current.version == 2
    # Built on the saved version, the second edit goes through.
    work.meeting_update(
        meeting=meeting, by=people["leader"], version=2, notes="Örebros text\nSkånes text"
    )
    assert Meeting.objects.get().version == 3


def test_a_save_that_changes_nothing_keeps_the_version(running, people):
    meeting = add_meeting(running, people["leader"])
    again = work.meeting_update(
        meeting=meeting, by=people["leader"], version=1, title=meeting.title
    )
    assert again.version == 1


def test_an_edit_is_checked_like_a_new_meeting(running, people):
    meeting = add_meeting(running, people["leader"])
    with pytest.raises(ValidationError) as caught:
        work.meeting_update(
            meeting=meeting, by=people["leader"], version=1, ends_at=meeting.starts_at
        )
    assert "ends_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        work.meeting_update(meeting=meeting, by=people["leader"], version="gammal", notes="x")
    assert "version" in caught.value.message_dict


@pytest.mark.parametrize("role", ["member", "partner", "anonymous"])
def test_outsiders_cannot_edit_or_delete_meetings(running, people, role):
    meeting = add_meeting(running, people["leader"])
    with pytest.raises(PermissionDenied):
        work.meeting_update(meeting=meeting, by=people[role], version=1, notes="Intrång")
    with pytest.raises(PermissionDenied):
        work.meeting_delete(meeting=meeting, by=people[role])
    assert Meeting.objects.get().notes == ""


def test_deleting_a_meeting_keeps_its_documents(running, people):
    meeting = add_meeting(running, people["leader"])
    document = add_document(running, people["leader"], meeting=meeting)
    work.meeting_delete(meeting=meeting, by=people["partner_participant"])
    assert not Meeting.objects.exists()
    document.refresh_from_db()
    assert document.meeting is None


# Documents -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_uploads_documents(running, people, role):
    if role in MANAGERS:
        assert add_document(running, people[role]).uploaded_by == people[role]
    else:
        with pytest.raises(PermissionDenied):
            add_document(running, people[role])
        assert not Document.objects.exists()
        assert stored_files() == []


def test_an_upload_is_stored_under_a_random_name_with_its_checksum(running, people):
    data = samples.docx_bytes()
    meeting = add_meeting(running, people["leader"])
    document = add_document(
        running,
        people["participant"],
        name="Minnesanteckningar från mötet.docx",
        data=data,
        description="  Anteckningar   från startmötet ",
        meeting=meeting.pk,
    )
    assert document.name == "Minnesanteckningar från mötet.docx"
    assert document.kind == "docx"
    assert document.content_type.endswith("wordprocessingml.document")
    assert document.size == len(data)
    assert document.description == "Anteckningar från startmötet"
    assert document.meeting == meeting
    assert document.file.name.startswith(f"provrum/{running.pk}/")
    assert "Minnesanteckningar" not in document.file.name
    assert document.file.name.endswith(".docx")
    with reads.document_open(document) as opened:
        assert opened.read() == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert len(stored_files()) == 1
    event = Event.objects.get(action=Event.Action.DOCUMENT_UPLOADED)
    assert event.actor == people["participant"]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("rapport.docx", b"MZ\x90\x00" + bytes(300), "program"),
        ("rapport.docx", samples.zip_bomb_docx(), "zip_bomb"),
        ("rapport.pdf", b"", "empty"),
        ("rapport.pdf", samples.hand_pdf(b"/OpenAction << /S /JavaScript /JS (x) >>"), None),
    ],
)
def test_a_refused_file_leaves_nothing_behind(running, people, name, data, code):
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], name=name, data=data)
    errors = caught.value.error_dict["file"]
    assert errors[0].code == (code or "pdf_javascript")
    assert name in errors[0].message
    assert not Document.objects.exists()
    assert stored_files() == []
    assert not Event.objects.filter(action=Event.Action.DOCUMENT_UPLOADED).exists()


def test_the_size_limit_comes_from_the_settings(running, people, settings):
    data = samples.hand_pdf()
    settings.DOCUMENT_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], data=data)
    assert caught.value.error_dict["file"][0].code == "too_large"


def test_the_same_file_sent_twice_within_a_minute_is_kept_once(running, people):
    first = add_document(running, people["leader"])
    second = add_document(running, people["leader"], name="samma fil.pdf")
    assert first.pk == second.pk
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1
    # A minute later, the same file may be uploaded again on purpose.
    Document.objects.update(uploaded_at=first.uploaded_at - timedelta(minutes=2))
    add_document(running, people["leader"])
    assert Document.objects.count() == 2


def test_two_people_uploading_the_same_file_get_a_document_each(running, people):
    first = add_document(running, people["leader"])
    second = add_document(running, people["participant"], name="samma fil.pdf")
    assert first.pk != second.pk
    assert second.uploaded_by == people["participant"]
    assert Document.objects.count() == 2


def test_a_meeting_of_another_provrum_is_refused(running, people, cast):
    from tests.provrum.plan_fixtures import with_go_ahead

    other = set_state(with_go_ahead(cast, title="Ett annat provrum"), State.RUNNING)
    foreign = add_meeting(other, people["leader"])
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], meeting=foreign.pk)
    assert "meeting" in caught.value.message_dict


def test_a_description_may_be_at_most_500_characters(running, people):
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], description="x" * 501)
    assert "description" in caught.value.message_dict


def test_uploads_are_refused_by_the_state(running, people):
    set_state(running, State.CLOSED)
    with pytest.raises(RuleViolation) as caught:
        add_document(running, people["participant"])
    assert caught.value.reasons[0].code == "work_closed"
    assert stored_files() == []


def test_deleting_a_document_removes_its_file_after_the_commit(
    running, people, django_capture_on_commit_callbacks
):
    document = add_document(running, people["leader"])
    assert len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        work.document_delete(document=document, by=people["partner_participant"])
    assert not Document.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("role", ["member", "partner", "anonymous"])
def test_outsiders_cannot_delete_documents(running, people, role):
    document = add_document(running, people["leader"])
    with pytest.raises(PermissionDenied):
        work.document_delete(document=document, by=people[role])
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize(
    ("status", "refused"),
    [("draft", False), ("returned", False), ("submitted", True), ("approved", True)],
)
def test_an_attachment_of_a_submitted_report_cannot_be_deleted(running, people, status, refused):
    document = add_document(running, people["leader"])
    FinalReport.objects.create(
        provrum=running, status=status, data={"attachments": [document.pk], "summary": "x"}
    )
    if refused:
        with pytest.raises(RuleViolation) as caught:
            work.document_delete(document=document, by=people["leader"])
        assert caught.value.reasons[0].code == "document_in_report"
        assert Document.objects.filter(pk=document.pk).exists()
    else:
        work.document_delete(document=document, by=people["leader"])
        assert not Document.objects.exists()


# Status updates --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_leader_posts_status_updates(running, people, role):
    if role == "leader":
        update = work.status_post(
            provrum=running, by=people[role], progress="at_risk", body="Vi ligger efter."
        )
        assert update.organisation.slug == "region-skane"
        assert update.author == people["leader"]
    else:
        with pytest.raises(PermissionDenied):
            work.status_post(provrum=running, by=people[role], progress="on_track", body="Hej")
        assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize(
    ("state", "code"), [("closed", "work_closed"), ("withdrawn", "work_closed")]
)
def test_the_leader_is_refused_by_the_state(running, people, state, code):
    set_state(running, state)
    with pytest.raises(RuleViolation) as caught:
        work.status_post(provrum=running, by=people["leader"], progress="on_track", body="Klart")
    assert caught.value.reasons[0].code == code


def test_a_status_update_before_the_go_ahead_is_refused_by_the_state(make_provrum, people):
    provrum = make_provrum("interest")
    with pytest.raises(RuleViolation) as caught:
        work.status_post(provrum=provrum, by=people["leader"], progress="on_track", body="Hej")
    assert caught.value.reasons[0].code == "work_not_started"


@pytest.mark.parametrize(
    ("progress", "body", "field"),
    [("late", "Text", "progress"), ("on_track", "   ", "body"), ("delayed", "x" * 5001, "body")],
)
def test_status_input_is_checked(running, people, progress, body, field):
    with pytest.raises(ValidationError) as caught:
        work.status_post(provrum=running, by=people["leader"], progress=progress, body=body)
    assert field in caught.value.message_dict


def test_a_status_update_tells_the_group_and_the_office_once(
    running, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = work.status_post(
            provrum=running, by=people["leader"], progress="on_track", body="Allt går bra."
        )
        again = work.status_post(
            provrum=running, by=people["leader"], progress="on_track", body="Allt går bra."
        )
    assert first.pk == again.pk
    event = Event.objects.get(action=Event.Action.STATUS_UPDATED)
    assert event.organisation.slug == "region-skane"
    told = set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))
    assert {"orebro@example.se", "kontigo@example.se", "kansli@example.se"} <= told
    assert "gavleborg@example.se" not in told


def test_the_status_log_is_newest_first(running, people):
    for body in ("Första", "Andra", "Tredje"):
        work.status_post(provrum=running, by=people["leader"], progress="on_track", body=body)
    assert [update.body for update in reads.status_list(running)] == ["Tredje", "Andra", "Första"]


# The summary -----------------------------------------------------------------------


def test_the_summary_counts_and_names_the_latest_status(running, people):
    add_meeting(running, people["leader"])
    add_meeting(
        running,
        people["leader"],
        title="Förra veckan",
        starts_at=in_a_week() - timedelta(days=14),
        ends_at=in_a_week(2) - timedelta(days=14),
    )
    add_document(running, people["leader"])
    work.status_post(provrum=running, by=people["leader"], progress="on_track", body="Första")
    work.status_post(provrum=running, by=people["leader"], progress="delayed", body="Andra")
    summary = reads.work_summary(running)
    assert (summary.meetings, summary.upcoming_meetings) == (2, 1)
    assert summary.documents == 1
    assert summary.status_updates == 2
    assert summary.latest_status.progress == "delayed"
    coming, past = reads.meetings_split(reads.meeting_list(running))
    assert [m.title for m in coming] == ["Startmöte i Malmö"]
    assert [m.title for m in past] == ["Förra veckan"]


def test_meetings_and_documents_of_another_provrum_are_not_found(running, people, cast):
    from tests.provrum.plan_fixtures import with_go_ahead

    other = set_state(with_go_ahead(cast, title="Ett annat provrum"), State.RUNNING)
    meeting = add_meeting(other, people["leader"])
    document = add_document(other, people["leader"])
    with pytest.raises(Http404):
        reads.meeting_get(running, meeting.pk)
    with pytest.raises(Http404):
        reads.document_get(running, document.pk)
    with pytest.raises(Http404):
        reads.meeting_get(running, "abc")
