"""A meeting (of a network, or an event of its own), its programme and the host's questions."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reglab.core.validators import validate_web_address


class MeetingKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ANNUAL_CONFERENCE = "annual_conference", _("Annual conference")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    LEARNING_PROJECT = "learning_project", _("Learning-project meeting")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(date__gte=today)

    def earlier(self, today=None):
        today = today or timezone.localdate()
        return self.filter(date__lt=today)


class Meeting(models.Model):
    network = models.ForeignKey(
        "meetings.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        help_text=_("Empty for an event of its own, such as the annual conference."),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.NETWORK_MEETING
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for a meeting of several days.")
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    address = models.CharField(_("place (address)"), max_length=300, blank=True)
    digital_link = models.URLField(_("digital link"), blank=True, validators=[validate_web_address])
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Seen only by the meeting's hosts until it is published."),
    )
    notes = models.TextField(_("notes from the meeting"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["network", "-date"], name="meeting_network_date_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.date

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.last_date, self.end_time))

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS


class ItemKind(models.TextChoices):
    THEME = "theme", _("Theme")
    TALK = "talk", _("Talk")
    DIALOG = "dialog", _("Dialog")
    BREAK = "break", _("Break")
    SUMMARY = "summary", _("Summary")


class ProgrammeItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("Empty: the first day."))
    start_time = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["meeting", "day", "start_time", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return f"{self.start_time:%H.%M} {self.title}"


class Speaker(models.Model):
    """A speaker of an item: a name, and an organisation that may be one of Reglab's."""

    item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("programme item"),
        on_delete=models.CASCADE,
        related_name="speakers",
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation at Reglab"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("As it was called then; empty: the name of the organisation at Reglab."),
    )

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.name}, {self.organisation_text}" if self.organisation_text else self.name

    @property
    def organisation_text(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        return self.organisation.name if self.organisation_id else ""


class HostQuestion(models.Model):
    """A question the host asks everyone who registers (besides dietary needs)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("question to participants")
        verbose_name_plural = _("questions to participants")

    def __str__(self):
        return self.text
