"""The API for running a provrum: meetings, documents and status updates.

Registered in reglab.api.api under /api/v1/. The endpoints call the same
selectors and services as the running page (``reglab.provrum.running.services``), so the
answers and refusals are the same: 404 for a provrum the person may not see
(or one without the go-ahead), 403 for people outside the group, 409 when the
provrum's state says no (or a meeting was saved in between: ``stale_version``
with the current version), 422 for input that is not valid – for an upload,
with the refusal's code (``program``, ``zip_bomb`` …) under ``errors``.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from reglab.core.api_pages import page_answer
from reglab.core.limits import limit_take
from reglab.provrum.models import Meeting, StatusUpdate
from reglab.provrum.reviewed.api import person_name
from reglab.provrum.running import selectors as reads
from reglab.provrum.running import services as work
from reglab.provrum.web import (
    REFUSALS,
    NotFoundOut,
    RefusalOut,
    unless_stale,
    with_stale,
)

router = Router(tags=["provrum-work"])

MAX_PAGE_SIZE = 200


# Answers ---------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    mode: str = Field(json_schema_extra={"enum": Meeting.Mode.values})
    place: str
    agenda: str
    notes: str
    version: int = Field(description=gettext_lazy("Send it back with an edit (PUT)."))
    document_count: int
    created_by: str | None
    created_at: datetime
    updated_by: str | None
    updated_at: datetime


class DocumentOut(Schema):
    id: int
    name: str = Field(description=gettext_lazy("The file's name as it was uploaded."))
    kind: str
    content_type: str = Field(description=gettext_lazy("The type found in the file's content."))
    size: int = Field(description=gettext_lazy("Bytes."))
    sha256: str
    description: str
    meeting: int | None
    uploaded_by: str | None
    uploaded_at: datetime
    download_url: str = Field(
        description=gettext_lazy(
            "Where to download the file (a path on this site, for a signed-in session "
            "or with the Authorization header)."
        )
    )


class DocumentPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DocumentOut]


class StatusOut(Schema):
    id: int
    progress: str = Field(json_schema_extra={"enum": StatusUpdate.Progress.values})
    body: str
    author: str | None
    organisation: str | None = Field(description=gettext_lazy("The leader organisation's slug."))
    created_at: datetime


class StatusPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[StatusOut]


# Input -----------------------------------------------------------------------------


class MeetingIn(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    # Checked by the service, which answers in the user's language.
    mode: str = Field(json_schema_extra={"enum": Meeting.Mode.values})
    place: str = Field(
        "", description=gettext_lazy("An address, or for a digital meeting an https:// link.")
    )
    agenda: str = ""
    notes: str = ""


class MeetingPut(MeetingIn):
    version: int = Field(description=gettext_lazy("The version the edit starts from."))


class StatusIn(Schema):
    progress: str = Field(json_schema_extra={"enum": StatusUpdate.Progress.values})
    body: str


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    # Beyond a million rows an offset means nothing, and a huge one overflowed SQLite.
    offset: int = Field(0, ge=0, le=1_000_000)


# Shaping ---------------------------------------------------------------------------


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "mode": meeting.mode,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
        "version": meeting.version,
        "document_count": getattr(meeting, "document_count", 0),
        "created_by": person_name(meeting.created_by),
        "created_at": meeting.created_at,
        "updated_by": person_name(meeting.updated_by),
        "updated_at": meeting.updated_at,
    }


def _document(document) -> dict:
    return {
        "id": document.pk,
        "name": document.name,
        "kind": document.kind,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "description": document.description,
        "meeting": document.meeting_id,
        "uploaded_by": person_name(document.uploaded_by),
        "uploaded_at": document.uploaded_at,
        "download_url": reverse("provrum:document", args=[document.provrum_id, document.pk]),
    }


def _status(update) -> dict:
    return {
        "id": update.pk,
        "progress": update.progress,
        "body": update.body,
        "author": person_name(update.author),
        "organisation": update.organisation.slug if update.organisation else None,
        "created_at": update.created_at,
    }


# Meetings --------------------------------------------------------------------------


@router.get(
    "/provrum/{provrum_id}/meetings",
    response={200: list[MeetingOut], 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("The provrum's meetings"),
    description=gettext_lazy("Earliest first, with their agendas and notes."),
)
def list_meetings(request, provrum_id: int):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    return [_meeting(meeting) for meeting in reads.meeting_list(provrum)]


@router.post(
    "/provrum/{provrum_id}/meetings",
    response={201: MeetingOut, **REFUSALS},
    summary=gettext_lazy("Add a meeting"),
    description=gettext_lazy(
        "The participating organisations and the office, from the go-ahead until the "
        "provrum closes. The participants and the office are told."
    ),
)
def add_meeting(request, provrum_id: int, payload: MeetingIn):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    meeting = work.meeting_create(provrum=provrum, by=request.user, **payload.dict())
    return Status(201, _meeting(reads.meeting_get(provrum, meeting.pk)))


@router.get(
    "/provrum/{provrum_id}/meetings/{meeting_id}",
    response={200: MeetingOut, 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("One meeting"),
)
def get_meeting(request, provrum_id: int, meeting_id: int):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    return _meeting(reads.meeting_get(provrum, meeting_id))


@router.put(
    "/provrum/{provrum_id}/meetings/{meeting_id}",
    response=with_stale({200: MeetingOut}),
    summary=gettext_lazy("Change a meeting"),
    description=gettext_lazy(
        "Also for the notes written afterwards. Send the version you started from; if "
        "someone saved in between, the answer is 409 stale_version with the current "
        "version, and nothing is saved."
    ),
)
def put_meeting(request, provrum_id: int, meeting_id: int, payload: MeetingPut):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    meeting = reads.meeting_get(provrum, meeting_id)
    values = payload.dict()
    version = values.pop("version")
    return unless_stale(
        lambda: work.meeting_update(meeting=meeting, by=request.user, version=version, **values),
        lambda _saved: _meeting(reads.meeting_get(provrum, meeting_id)),
    )


@router.delete(
    "/provrum/{provrum_id}/meetings/{meeting_id}",
    response={204: None, **REFUSALS},
    summary=gettext_lazy("Delete a meeting"),
    description=gettext_lazy("Its documents stay, without the meeting."),
)
def delete_meeting(request, provrum_id: int, meeting_id: int):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    work.meeting_delete(meeting=reads.meeting_get(provrum, meeting_id), by=request.user)
    return Status(204, None)


# Documents -------------------------------------------------------------------------


@router.get(
    "/provrum/{provrum_id}/documents",
    response={200: DocumentPageOut, 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("The provrum's documents"),
    description=gettext_lazy("Newest first."),
)
def list_documents(request, provrum_id: int, page: Query[Page]):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    return page_answer(
        reads.document_list(provrum), limit=page.limit, offset=page.offset, shape=_document
    )


@router.post(
    "/provrum/{provrum_id}/documents",
    response={201: DocumentOut, 200: DocumentOut, **REFUSALS, 429: RefusalOut},
    summary=gettext_lazy("Upload a document"),
    description=gettext_lazy(
        "multipart/form-data with file, description and meeting (a meeting's id). "
        "PDF, DOCX, XLSX, PPTX, PNG, JPEG or WebP; the type is decided by the content "
        "and the name's ending must agree. A refused file gives 422 with the reason's "
        "code. The same file sent again within a minute gives 200 and the first document."
    ),
)
def upload_document(
    request,
    provrum_id: int,
    file: File[UploadedFile],
    description: Form[str] = "",
    meeting: Form[int | None] = None,
):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    limit_take(request.user, "upload")
    started = timezone.now()
    document = work.document_upload(
        provrum=provrum,
        by=request.user,
        file=file,
        description=description,
        meeting=meeting,
    )
    document = reads.document_get(provrum, document.pk)
    # A document from before this request is the first of a double submit.
    return Status(200 if document.uploaded_at < started else 201, _document(document))


@router.get(
    "/provrum/{provrum_id}/documents/{document_id}",
    response={200: DocumentOut, 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("One document's details"),
    description=gettext_lazy("With the address to download it from."),
)
def get_document(request, provrum_id: int, document_id: int):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    return _document(reads.document_get(provrum, document_id))


@router.delete(
    "/provrum/{provrum_id}/documents/{document_id}",
    response={204: None, **REFUSALS},
    summary=gettext_lazy("Delete a document"),
    description=gettext_lazy(
        "Deletes the file too. Refused (409 document_in_report) while it is an "
        "attachment of a submitted or approved final report."
    ),
)
def delete_document(request, provrum_id: int, document_id: int):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    work.document_delete(document=reads.document_get(provrum, document_id), by=request.user)
    return Status(204, None)


# Status updates --------------------------------------------------------------------


@router.get(
    "/provrum/{provrum_id}/status-updates",
    response={200: StatusPageOut, 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("The status log"),
    description=gettext_lazy("Newest first."),
)
def list_status_updates(request, provrum_id: int, page: Query[Page]):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    return page_answer(
        reads.status_list(provrum), limit=page.limit, offset=page.offset, shape=_status
    )


@router.post(
    "/provrum/{provrum_id}/status-updates",
    response={201: StatusOut, **REFUSALS},
    summary=gettext_lazy("Post a status update"),
    description=gettext_lazy(
        "The leader organisation's representatives only. The participants and the office are told."
    ),
)
def post_status_update(request, provrum_id: int, payload: StatusIn):
    provrum = work.work_get_for(user=request.user, pk=provrum_id)
    update = work.status_post(
        provrum=provrum, by=request.user, progress=payload.progress, body=payload.body
    )
    update = reads.status_list(provrum).get(pk=update.pk)
    return Status(201, _status(update))
