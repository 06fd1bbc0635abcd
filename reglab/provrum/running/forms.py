"""Forms for the running page: a meeting, an upload, a status update.

They read what was typed and check its shape; the services in ``work`` decide
(permission, state, the file's content) and their refusals are put back on the
form, next to the field they concern.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.provrum.models import Meeting, StatusUpdate
from reglab.provrum.running.services import DESCRIPTION_LIMIT, STATUS_LIMIT, TEXT_LIMITS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class MeetingForm(forms.Form):
    """A meeting: adding it, or editing it (with the version it started from)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TEXT_LIMITS["title"],
        error_messages={"required": _("Give the meeting a title.")},
    )
    mode = forms.ChoiceField(
        label=_("Form of meeting"),
        choices=Meeting.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the meeting is in person or digital.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("Date and time, for example 2027-02-10 09:30."),
        error_messages={
            "required": _("Give the date and time the meeting starts."),
            "invalid": _("Give the start as a date and time, for example 2027-02-10 09:30."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "invalid": _("Give the end as a date and time, for example 2027-02-10 12:00."),
        },
    )
    place = forms.CharField(
        label=_("Place or link"),
        required=False,
        max_length=TEXT_LIMITS["place"],
        help_text=_(
            "An address for a meeting in person; for a digital meeting, the link "
            "(starting with https://)."
        ),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=TEXT_LIMITS["agenda"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_LIMITS["notes"],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was said and decided. Can be written after the meeting."),
    )

    def service_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting named by its title and date, as people tell meetings apart."""

    def label_from_instance(self, obj):
        from django.utils import timezone
        from django.utils.formats import date_format

        when = date_format(timezone.localtime(obj.starts_at), "j F Y")
        return f"{obj.title} ({when})"


class DocumentForm(forms.Form):
    """An upload: the file, what it is, and the meeting it belongs to (if any)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), or a PNG, JPEG or "
            "WebP image; at most %(size)s."
        ),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty. Choose a file with content."),
            "invalid": _("No file was received. Choose the file again."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        help_text=_("What the document is, in a few words."),
    )
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        required=False,
        queryset=Meeting.objects.none(),
        empty_label=_("No meeting"),
        error_messages={"invalid_choice": _("Choose one of the provrum's meetings.")},
    )

    def __init__(self, *args, meetings=None, max_size_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        self.fields["file"].help_text = self.fields["file"].help_text % {"size": max_size_text}
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.webp"


class StatusForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("How is the work going?"),
        choices=StatusUpdate.Progress.choices,
        widget=forms.RadioSelect,
        initial=StatusUpdate.Progress.ON_TRACK,
        error_messages={
            "required": _("Choose whether the work is on track, at risk or delayed."),
        },
    )
    body = forms.CharField(
        label=_("Status update"),
        max_length=STATUS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has been done, what comes next, and anything the group should know."),
        error_messages={"required": _("Write how the work is going.")},
    )


class PlannedMeetingForm(forms.Form):
    """A meeting of the approved plan, offered to be added: the plan's day, title, form
    and place filled in; the person gives the times (the plan has only the day)."""

    milestone = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = MeetingForm.base_fields["title"]
    mode = MeetingForm.base_fields["mode"]
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Give the date of the meeting."),
            "invalid": _("Give the date as year, month and day, for example 2027-02-10."),
        },
    )
    start = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": _("Give the time the meeting starts, for example 09:30."),
            "invalid": _("Give the time as hours and minutes, for example 09:30."),
        },
    )
    end = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Give the time as hours and minutes, for example 12:00.")},
    )
    place = MeetingForm.base_fields["place"]

    def service_values(self) -> dict:
        """The values for ``meeting_create``: the day and the times as Swedish time."""
        from datetime import datetime

        from django.utils import timezone

        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        ends_at = None
        if data.get("end"):
            ends_at = timezone.make_aware(datetime.combine(data["day"], data["end"]))
        return {
            "title": data["title"],
            "mode": data["mode"],
            "place": data["place"],
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
