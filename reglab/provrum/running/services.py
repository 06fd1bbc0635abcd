"""Running a provrum: its meetings, its document area and the leader's status log.

This module writes; ``running/selectors.py`` reads. The pages (``running/views.py``)
and the API (``running/api.py``) call the same functions. Who may do what is in ``permissions``:
``provrum.view_work`` (the group and the office, from the go-ahead on, also
after closing), ``provrum.manage_work`` (the same people while the provrum has
the go-ahead, runs or is reported) and ``provrum.post_status`` (the leader's
representatives, in the same states).

Refusals as in ``services``: ``PermissionDenied`` (403) for people outside the
group; ``RuleViolation`` (409) for the group when the provrum's state or the
document's use in the final report says no; ``ValidationError`` (422) for bad
input, with ``code="stale_version"`` and ``params["version"]`` when a meeting
was saved by someone else in between; ``Http404`` for a missing meeting or document.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.accounts.permissions import is_office
from reglab.core import uploads
from reglab.provrum import lifecycle, rules
from reglab.provrum.messages import MESSAGES
from reglab.provrum.models import (
    FINAL_STATES,
    Document,
    Event,
    FinalReport,
    Meeting,
    Provrum,
    StatusUpdate,
    document_storage,
    document_upload_to,
)
from reglab.provrum.permissions import (
    WORK_STATES,
    WORK_VIEW_STATES,
    represented_organisations,
    represents_leader,
    represents_participant,
)
from reglab.provrum.selectors import provrum_get_for

# The reasons this module refuses with (409). Registered beside the format's
# reasons so that the API and the pages word them the same way.
WORK_MESSAGES = {
    "work_not_started": gettext_lazy(
        "Meetings, documents and status updates are added after the office's go-ahead."
    ),
    "work_closed": gettext_lazy(
        "The provrum has ended: its meetings, documents and status updates can be read "
        "but no longer changed."
    ),
    "document_in_report": gettext_lazy(
        "The document is an attachment of the final report, which is submitted or "
        "approved. It cannot be deleted."
    ),
}
for _code, _text in WORK_MESSAGES.items():
    MESSAGES.setdefault(_code, _text)

TEXT_LIMITS = {"title": 200, "place": 500, "agenda": 5000, "notes": 20000}
DESCRIPTION_LIMIT = 500
STATUS_LIMIT = 5000
MEETING_FIELDS = ("title", "starts_at", "ends_at", "mode", "place", "agenda", "notes")


# Access ----------------------------------------------------------------------------


def work_get_for(*, user, pk) -> Provrum:
    """The provrum whose meetings, documents and status log the person may see.

    404 for a provrum the person may not see at all, and for one that has not
    reached the go-ahead (its work area does not exist yet); 403 for a visible
    provrum whose group the person is not part of. The participants come
    prefetched.
    """
    provrum = pk if isinstance(pk, Provrum) else provrum_get_for(user=user, pk=pk)
    if provrum.state not in WORK_VIEW_STATES:
        raise Http404
    if not user.has_perm("provrum.view_work", provrum):
        raise PermissionDenied(
            _(
                "Only the participating organisations and the office see the provrum's "
                "meetings, documents and status updates."
            )
        )
    return provrum


def _state_reason(provrum: Provrum) -> rules.Reason:
    code = "work_closed" if provrum.state in FINAL_STATES else "work_not_started"
    return rules.Reason(code, rules.ERROR, {})


def _is_group(user, provrum: Provrum, *, leader_only: bool) -> bool:
    if leader_only:
        return represents_leader(user, provrum)
    return is_office(user) or represents_participant(user, provrum)


def _require(provrum: Provrum, by, permission: str, message: str, *, leader_only=False) -> None:
    """403 for people outside the group; 409 for the group when the state says no."""
    if by.has_perm(permission, provrum):
        return
    if (
        provrum.state not in WORK_STATES
        and _is_group(by, provrum, leader_only=leader_only)
        and by.has_perm("provrum.view_provrum", provrum)
    ):
        raise lifecycle.RuleViolation([_state_reason(provrum)])
    raise PermissionDenied(message)


def _locked(provrum: Provrum) -> Provrum:
    """The provrum under its row lock, read fresh with its participants."""
    locked = lifecycle.lock(provrum)
    return (
        Provrum.objects.select_related("leader", "proposer_organisation")
        .prefetch_related("interests__organisation")
        .get(pk=locked.pk)
    )


def _acting_organisation(user, provrum: Provrum):
    """The organisation a person acts for in the group: the leader first, then another."""
    if provrum.leader_id and represents_leader(user, provrum):
        return provrum.leader
    represented = set(represented_organisations(user))
    for interest in provrum.interests.all():
        if interest.organisation_id in represented:
            return interest.organisation
    return None


def _recent(seconds: int = lifecycle.DOUBLE_SUBMIT_SECONDS):
    return timezone.now() - timedelta(seconds=seconds)


# Meetings --------------------------------------------------------------------------


def _aware(value, field: str, errors: dict, label: str):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            errors[field] = _("%(field)s is not a date and time.") % {"field": label}
            return None
        value = parsed
    if not isinstance(value, datetime):
        errors[field] = _("%(field)s is not a date and time.") % {"field": label}
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def meeting_clean(values: dict) -> dict:
    """Trim and check a meeting's fields; ``ValidationError`` with a message per field."""
    errors = {}
    cleaned = {}
    labels = {
        "title": _("The title"),
        "place": _("The place or link"),
        "agenda": _("The agenda"),
        "notes": _("The notes"),
    }
    for name, limit in TEXT_LIMITS.items():
        text = str(values.get(name) or "").strip()
        if len(text) > limit:
            errors[name] = _("%(field)s may be at most %(limit)s characters (now %(count)s).") % {
                "field": labels[name],
                "limit": limit,
                "count": len(text),
            }
        cleaned[name] = text
    if not cleaned["title"]:
        errors["title"] = _("Give the meeting a title.")
    mode = values.get("mode") or ""
    if mode not in Meeting.Mode.values:
        errors["mode"] = _("Choose whether the meeting is in person or digital.")
    cleaned["mode"] = mode
    starts_at = _aware(values.get("starts_at"), "starts_at", errors, _("The start"))
    ends_at = _aware(values.get("ends_at"), "ends_at", errors, _("The end"))
    if starts_at is None and "starts_at" not in errors:
        errors["starts_at"] = _("Give the date and time the meeting starts.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    cleaned["starts_at"] = starts_at
    cleaned["ends_at"] = ends_at
    if mode == Meeting.Mode.DIGITAL and cleaned["place"] and "place" not in errors:
        try:
            URLValidator(schemes=["https"])(cleaned["place"])
        except ValidationError:
            errors["place"] = _(
                "Give the link to the digital meeting as a web address that starts with https://."
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def meeting_create(
    *,
    provrum: Provrum,
    by,
    title: str,
    starts_at,
    mode: str,
    ends_at=None,
    place: str = "",
    agenda: str = "",
    notes: str = "",
) -> Meeting:
    """Add a meeting, in person or digital, with its agenda (and notes, if any yet).

    The participants and the office are told (``MEETING_ADDED``). The same
    meeting sent twice by the same person within a minute is added once.
    """
    provrum = _locked_for_work(
        provrum, by, _("Only the participating organisations and the office can add meetings.")
    )
    values = meeting_clean(
        {
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "mode": mode,
            "place": place,
            "agenda": agenda,
            "notes": notes,
        }
    )
    recent = Meeting.objects.filter(
        provrum=provrum,
        created_by=by,
        title=values["title"],
        starts_at=values["starts_at"],
        created_at__gte=_recent(),
    ).first()
    if recent is not None:
        return recent
    meeting = Meeting.objects.create(provrum=provrum, created_by=by, updated_by=by, **values)
    lifecycle.record(
        provrum,
        Event.Action.MEETING_ADDED,
        by=by,
        organisation=_acting_organisation(by, provrum),
    )
    return meeting


def _version_number(version) -> int:
    try:
        return int(version)
    except (TypeError, ValueError):
        raise ValidationError(
            {"version": _("Send the version of the meeting you started from.")}
        ) from None


def _stale(meeting: Meeting) -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved the meeting while you were editing it (now version "
            "%(version)s). Your text is kept: compare it with the saved version and save again."
        ),
        code="stale_version",
        params={"version": meeting.version},
    )


def _locked_for_work(provrum: Provrum, by, message: str) -> Provrum:
    """The provrum under its row lock (``_locked``), if the person may work in it
    (``provrum.manage_work``); else refused as ``_require`` refuses, with ``message``."""
    provrum = _locked(provrum)
    _require(provrum, by, "provrum.manage_work", message)
    return provrum


def _locked_work_row(model, row, by, message: str) -> tuple[Provrum, Meeting | Document | None]:
    """The row's provrum as ``_locked_for_work`` gives it, and then the row (a meeting or
    a document of that provrum) under its own lock as it is now: None once it is gone."""
    provrum = _locked_for_work(row.provrum, by, message)
    current = model.objects.select_for_update().filter(pk=row.pk, provrum=provrum).first()
    return provrum, current


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, version, **values) -> Meeting:
    """Change a meeting: its time, place, agenda, or the notes written afterwards.

    ``version`` is the version the person started from; an older one is refused
    with ``ValidationError(code="stale_version")`` and nothing is saved, so no
    one's notes are overwritten unseen. Fields left out keep their values. A
    save that changes nothing returns the meeting as it is.
    """
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {', '.join(sorted(unknown))}")
    version = _version_number(version)
    refused = _("Only the participating organisations and the office can change meetings.")
    _provrum, current = _locked_work_row(Meeting, meeting, by, refused)
    if current is None:
        raise Http404
    if version != current.version:
        raise _stale(current)
    merged = {name: values.get(name, getattr(current, name)) for name in MEETING_FIELDS}
    cleaned = meeting_clean(merged)
    if all(getattr(current, name) == cleaned[name] for name in MEETING_FIELDS):
        return current
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current.save()
    return current


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by) -> None:
    """Delete a meeting. Its documents stay in the document area, without the meeting."""
    refused = _("Only the participating organisations and the office can delete meetings.")
    _provrum, current = _locked_work_row(Meeting, meeting, by, refused)
    if current is None:
        return
    current.delete()


# Documents -------------------------------------------------------------------------


def upload_limits() -> uploads.UploadLimits:
    """The upload checks' limits, with the largest file from the settings."""
    return uploads.UploadLimits(max_bytes=settings.DOCUMENT_MAX_BYTES)


def _file_error(refusal: uploads.UploadRefused) -> ValidationError:
    return ValidationError({"file": ValidationError(refusal.message, code=refusal.code)})


def _read(file, limits: uploads.UploadLimits) -> bytes:
    """The uploaded file's bytes, reading at most one byte past the limit."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limits.max_bytes + 1)
    return data if isinstance(data, bytes) else bytes(data)


def _meeting_of(provrum: Provrum, meeting) -> Meeting | None:
    if meeting in (None, ""):
        return None
    meeting_id = getattr(meeting, "pk", meeting)
    found = Meeting.objects.filter(provrum=provrum, pk=_int_or_none(meeting_id)).first()
    if found is None:
        raise ValidationError({"meeting": _("Choose one of the provrum's meetings.")})
    return found


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def document_upload(*, provrum: Provrum, by, file, description: str = "", meeting=None) -> Document:
    """Keep a file in the provrum's document area, with a description and maybe a meeting.

    The file is checked by ``uploads.inspect_upload`` (its type by content, its
    safety); a refusal is a ``ValidationError`` on ``file`` whose code is the
    refusal's. It is stored under a random name, with its SHA-256, detected type
    and size. The same file sent twice to the same provrum within a minute is
    kept once (the first document is returned).
    """
    _require(
        provrum,
        by,
        "provrum.manage_work",
        _("Only the participating organisations and the office can upload documents."),
    )
    description = " ".join(str(description or "").split())
    if len(description) > DESCRIPTION_LIMIT:
        raise ValidationError(
            {
                "description": _(
                    "The description may be at most %(limit)s characters (now %(count)s)."
                )
                % {"limit": DESCRIPTION_LIMIT, "count": len(description)}
            }
        )
    if not file:
        raise ValidationError({"file": _("Choose a file to upload.")})
    limits = upload_limits()
    name = uploads.clean_file_name(getattr(file, "name", "") or "")
    try:
        uploads.check_size(name, getattr(file, "size", None) or 0, limits)
        data = _read(file, limits)
        inspected = uploads.inspect_upload(name, data, limits=limits)
    except uploads.UploadRefused as refusal:
        raise _file_error(refusal) from None
    # The checks above may take a moment; the lock is only taken to store the result.
    provrum = _locked_for_work(
        provrum, by, _("Only the participating organisations and the office can upload documents.")
    )
    chosen_meeting = _meeting_of(provrum, meeting)
    # A double submit is the same person sending the same file again; two people who
    # upload the same file each get their own document (with their own description).
    recent = Document.objects.filter(
        provrum=provrum, sha256=inspected.sha256, uploaded_by=by, uploaded_at__gte=_recent()
    ).first()
    if recent is not None:
        return recent
    document = Document(
        provrum=provrum,
        meeting=chosen_meeting,
        name=inspected.name,
        kind=inspected.kind,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        description=description,
        uploaded_by=by,
    )
    storage = document_storage()
    stored = storage.save(document_upload_to(document, inspected.name), ContentFile(data))
    try:
        document.file = stored
        document.save()
        lifecycle.record(
            provrum,
            Event.Action.DOCUMENT_UPLOADED,
            by=by,
            organisation=_acting_organisation(by, provrum),
        )
    except Exception:
        storage.delete(stored)
        raise
    # Should the surrounding transaction be rolled back later, the row is gone but
    # the file stays: a stray file is harmless and never served.
    return document


def _attached_to_locked_report(provrum: Provrum, document: Document) -> bool:
    report = FinalReport.objects.filter(provrum=provrum).first()
    if report is None or not report.is_locked:
        return False
    attachments = (report.data or {}).get("attachments") or []
    return document.pk in {_int_or_none(value) for value in attachments}


@transaction.atomic
def document_delete(*, document: Document, by) -> None:
    """Delete a document and, once the deletion is committed, its file.

    Refused (409 ``document_in_report``) while it is an attachment of a final
    report that is submitted or approved.
    """
    refused = _("Only the participating organisations and the office can delete documents.")
    provrum, current = _locked_work_row(Document, document, by, refused)
    if current is None:
        return
    if _attached_to_locked_report(provrum, current):
        raise lifecycle.RuleViolation(
            [rules.Reason("document_in_report", rules.ERROR, {"document": current.pk})]
        )
    stored = current.file.name
    current.delete()
    storage = document_storage()
    transaction.on_commit(lambda: storage.delete(stored))


# Status updates --------------------------------------------------------------------


@transaction.atomic
def status_post(*, provrum: Provrum, by, progress: str, body: str) -> StatusUpdate:
    """The leader's status update: on track, at risk or delayed, and a few words.

    Posted in the leader organisation's name; the participants and the office
    are told (``STATUS_UPDATED``). The same text sent twice within a minute is
    posted once.
    """
    provrum = _locked(provrum)
    _require(
        provrum,
        by,
        "provrum.post_status",
        _("Only the leader organisation's representatives can post status updates."),
        leader_only=True,
    )
    errors = {}
    if progress not in StatusUpdate.Progress.values:
        errors["progress"] = _("Choose whether the work is on track, at risk or delayed.")
    body = str(body or "").strip()
    if not body:
        errors["body"] = _("Write how the work is going.")
    elif len(body) > STATUS_LIMIT:
        errors["body"] = _(
            "A status update may be at most %(limit)s characters (now %(count)s)."
        ) % {
            "limit": STATUS_LIMIT,
            "count": len(body),
        }
    if errors:
        raise ValidationError(errors)
    recent = StatusUpdate.objects.filter(
        provrum=provrum, author=by, progress=progress, body=body, created_at__gte=_recent()
    ).first()
    if recent is not None:
        return recent
    update = StatusUpdate.objects.create(
        provrum=provrum, progress=progress, body=body, author=by, organisation=provrum.leader
    )
    lifecycle.record(provrum, Event.Action.STATUS_UPDATED, by=by, organisation=provrum.leader)
    return update
