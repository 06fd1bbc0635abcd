"""Creating meetings, their programme, questions, slides and documentation."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from reglab.core.text import single_line
from reglab.core.uploads import (
    UploadLimits,
    UploadRefused,
    check_size,
    clean_file_name,
    inspect_upload,
)
from reglab.meetings import rules
from reglab.meetings.access import can_create_meeting, can_host_meeting
from reglab.meetings.messages import message
from reglab.meetings.models import (
    HostQuestion,
    Meeting,
    MeetingKind,
    ProgrammeItem,
    SlideAttachment,
    Speaker,
)
from reglab.meetings.services.registration import waitlist_fill
from reglab.meetings.services.reminders import CHANGE_FIELDS, tell_about_change
from reglab.meetings.signals import meeting_published

MEETING_FIELDS = (
    "network",
    "kind",
    "title",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "address",
    "digital_link",
    "description",
    "visibility",
    "registration_opens",
    "registration_closes",
    "capacity",
    "is_draft",
)
# Shown on one line, in e-mail subjects and calendar titles: line breaks become spaces.
SINGLE_LINE_FIELDS = ("title", "address")


def meeting_times(meeting) -> rules.MeetingTimes:
    return rules.MeetingTimes(
        date=meeting.date,
        last_date=meeting.last_date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
    )


def meeting_check(meeting: Meeting) -> None:
    """Raise ValidationError (per field, in Swedish) when the meeting does not hold together."""
    codes = rules.check_meeting(
        times=meeting_times(meeting),
        address=meeting.address,
        digital_link=meeting.digital_link,
        registration_opens=meeting.registration_opens,
        registration_closes=meeting.registration_closes,
    )
    field_of = {
        rules.MEETING_ENDS_BEFORE_START: "end_time",
        rules.MEETING_LAST_DAY_BEFORE_FIRST: "end_date",
        rules.MEETING_NO_PLACE: "address",
        rules.REGISTRATION_CLOSES_BEFORE_OPENS: "registration_closes",
    }
    if codes:
        raise ValidationError(
            {field_of[code]: ValidationError(message(code), code=code) for code in codes}
        )
    if meeting.kind == MeetingKind.NETWORK_MEETING and meeting.network_id is None:
        raise ValidationError({"network": _("A network meeting belongs to a network.")})


def _require_host(by, meeting) -> None:
    if not can_host_meeting(by, meeting):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def meeting_create(*, by, **fields) -> Meeting:
    """Create a meeting; raises PermissionDenied or ValidationError (nothing is saved)."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    if not can_create_meeting(by, fields.get("network")):
        raise PermissionDenied(_("You are not allowed to do this."))
    for name in SINGLE_LINE_FIELDS:
        if name in fields:
            fields[name] = single_line(fields[name])
    meeting = Meeting(created_by=by if by and by.is_authenticated else None, **fields)
    meeting_check(meeting)
    meeting.save()
    if not meeting.is_draft:
        transaction.on_commit(lambda: meeting_published.send(sender=Meeting, meeting=meeting))
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by) -> Meeting:
    """Publish a draft: everyone who may see the meeting sees it from now on (and is told,
    as of a new meeting). Publishing twice publishes once."""
    _require_host(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_draft:
        meeting.is_draft = False
        meeting.save(update_fields=["is_draft", "updated_at"])
        transaction.on_commit(lambda: meeting_published.send(sender=Meeting, meeting=meeting))
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    """Change a meeting's facts; programme items must still fit in its time.

    Those registered (or waiting) are told what changed in time or place: by
    e-mail, and on the platform through ``meeting_changed``. The returned meeting's
    ``change_mail_held`` is true when the change was saved but its e-mail was not sent
    (the meeting's change e-mails reached their limit; ``tell_about_change``).
    """
    _require_host(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    # Moving a meeting to another network, or out of every network, is creating it
    # there: a coordinator cannot hand a meeting to a network they do not coordinate.
    if "network" in fields and fields["network"] != meeting.network:
        if not can_create_meeting(by, fields["network"]):
            raise PermissionDenied(_("You are not allowed to do this."))
    before = {name: getattr(meeting, name) for name in CHANGE_FIELDS}
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(f"Unknown meeting field: {name}")
        setattr(meeting, name, single_line(value) if name in SINGLE_LINE_FIELDS else value)
    meeting_check(meeting)
    times = meeting_times(meeting)
    for item in meeting.items.all():
        if rules.check_item_time(times=times, day=item.day, start_time=item.start_time):
            raise ValidationError(
                _("“%(item)s” would be outside the meeting's time. Move it first.")
                % {"item": item.title},
                code=rules.ITEM_OUTSIDE_MEETING,
            )
    meeting.save()
    meeting.change_mail_held = tell_about_change(before=before, meeting=meeting).mail_held
    # More places (or no limit any more): the waiting list moves up at once.
    waitlist_fill(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_document(*, meeting: Meeting, by, notes: str, decisions: str) -> Meeting:
    """Save the notes and decisions of a meeting (its documentation)."""
    _require_host(by, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(notes=notes.strip(), decisions=decisions.strip())
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def programme_item_add(
    *,
    meeting: Meeting,
    by,
    start_time,
    title: str,
    kind: str,
    day=None,
    description="",
    speakers=(),
) -> ProgrammeItem:
    """Add an item to the programme. ``speakers``: (name, organisation or None, organisation
    text) triples. Raises ValidationError when the item is outside the meeting's time."""
    _require_host(by, meeting)
    codes = rules.check_item_time(times=meeting_times(meeting), day=day, start_time=start_time)
    if codes:
        raise ValidationError({"start_time": ValidationError(message(codes[0]), code=codes[0])})
    title = single_line(title)
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    item = ProgrammeItem.objects.create(
        meeting=meeting,
        day=day if day and day != meeting.date else None,
        start_time=start_time,
        title=title,
        kind=kind,
        description=description.strip(),
    )
    Speaker.objects.bulk_create(
        [
            Speaker(
                item=item,
                name=single_line(name),
                organisation=organisation,
                organisation_name=single_line(text),
            )
            for name, organisation, text in speakers
            if single_line(name)
        ]
    )
    return item


@transaction.atomic
def programme_item_remove(*, item: ProgrammeItem, by) -> None:
    """Remove an item, its speakers and slides from the programme."""
    _require_host(by, item.meeting)
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item.delete()


def slide_limits() -> UploadLimits:
    """The upload checks' limits, with the platform's largest document (``DOCUMENT_MAX_BYTES``)."""
    return UploadLimits(max_bytes=settings.DOCUMENT_MAX_BYTES)


def slide_read(upload, limits: UploadLimits) -> bytes:
    """An uploaded file's bytes, refused by its stated size before anything is read, and
    read at most one byte past the limit (so ``inspect_upload`` refuses it too).
    Raises ValidationError on ``file``."""
    name = clean_file_name(getattr(upload, "name", "") or "")
    try:
        check_size(name, getattr(upload, "size", None) or 0, limits)
    except UploadRefused as refused:
        raise ValidationError(
            {"file": ValidationError(refused.message, code=refused.code)}
        ) from refused
    if hasattr(upload, "seek"):
        upload.seek(0)
    return bytes(upload.read(limits.max_bytes + 1))


def shortened_name(name: str, limit: int) -> str:
    """A file name of at most ``limit`` characters, its ending kept."""
    if len(name) <= limit:
        return name
    suffix = PurePosixPath(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix


@transaction.atomic
def slide_attach(*, item: ProgrammeItem, by, name: str, data: bytes) -> SlideAttachment:
    """Attach slides to an item after inspecting the file (``reglab.core.uploads``), within
    the platform's document size limit.

    Raises ValidationError with the inspection's Swedish message when refused.
    """
    _require_host(by, item.meeting)
    try:
        inspected = inspect_upload(name, data, limits=slide_limits())
    except UploadRefused as refused:
        raise ValidationError(
            {"file": ValidationError(refused.message, code=refused.code)}
        ) from refused
    attachment = SlideAttachment(
        item=item,
        name=shortened_name(inspected.name, SlideAttachment._meta.get_field("name").max_length),
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=by,
    )
    attachment.file.save(inspected.name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def host_question_add(*, meeting: Meeting, by, text: str, required: bool = False) -> HostQuestion:
    """Add a question everyone who registers is asked."""
    _require_host(by, meeting)
    text = single_line(text)
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    return HostQuestion.objects.create(meeting=meeting, text=text, required=required)


@transaction.atomic
def host_question_remove(*, question: HostQuestion, by) -> None:
    _require_host(by, question.meeting)
    question.delete()
