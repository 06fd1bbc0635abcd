"""In-app notifications about provrum events and meetings, and each person's choices.

A notification points to the provrum ``Event`` it was made from; its text is
rendered from the event when shown (``messages.notification_text``), so it
reads in the reader's language and follows a renamed organisation.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # The values are the provrum Event actions they come from.
    PUBLISHED = "published", _("New proposal")
    INTEREST_REGISTERED = "interest_registered", _("Interest registered")
    COMMENTED = "commented", _("New comment")
    BECAME_READY = "became_ready", _("Ready for a decision")
    GO_AHEAD = "go_ahead", _("Go-ahead")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")
    PLAN_SUBMITTED = "plan_submitted", _("Project plan submitted")
    PLAN_APPROVED = "plan_approved", _("Project plan approved")
    PLAN_RETURNED = "plan_returned", _("Project plan returned")
    MEETING_ADDED = "meeting_added", _("New meeting")
    STATUS_UPDATED = "status_updated", _("Status update")
    REPORTED = "reported", _("Final report submitted")
    REPORT_APPROVED = "report_approved", _("Final report approved")
    REPORT_RETURNED = "report_returned", _("Final report returned")
    CLOSED = "closed", _("Provrum closed: your feedback")
    MEETING_PLACE = "meeting_place", _("A place at a meeting")
    MEETING_PUBLISHED = "meeting_published", _("New meeting in a network")
    MEETING_CHANGED = "meeting_changed", _("A meeting has changed")
    SURVEY_REMINDER = "survey_reminder", _("Reminder of a survey")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each notification")
    DAILY = "daily", _("One e-mail a day with a summary")
    NEVER = "never", _("No e-mail, only notifications here on the platform")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user):
        return self.filter(recipient=user)

    def create_for_active(self, person_ids, **fields) -> list["Notification"]:
        """One notification with ``fields`` for each active person among ``person_ids``.

        A deactivated (or erased) person is not notified: they cannot sign in to
        read it, and it would keep them in one more list of whom to tell. One query
        for who is active and one insert, however many people.
        """
        recipients = (
            get_user_model()
            .objects.filter(pk__in=set(person_ids), is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return self.bulk_create([self.model(recipient_id=pk, **fields) for pk in recipients])


class Notification(models.Model):
    """Something happened on a provrum that concerns ``recipient``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    provrum = models.ForeignKey(
        "provrum.Provrum",
        verbose_name=_("provrum"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # A notification about a meeting (reglab.meetings) has a meeting and no provrum.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # A reminder of a survey (reglab.surveys) has a survey and no provrum.
    survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    event = models.ForeignKey(
        "provrum.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # notify_event may run twice for one event (a retried task): one row each.
            models.UniqueConstraint(
                fields=["event", "recipient"], name="notification_once_per_event_and_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            # The header badge counts these on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        about = self.provrum_id or (
            f"m{self.meeting_id}" if self.meeting_id else f"s{self.survey_id}"
        )
        return f"{self.get_kind_display()} – {about} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A person's choices about notifications; a person without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    email_frequency = models.CharField(
        _("e-mail"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    new_proposals = models.BooleanField(
        _("tell me about new proposals"),
        default=True,
        help_text=_(
            "A notification when a member organisation publishes a new proposal. "
            "You are always told about provrum your organisation takes part in."
        ),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty means Swedish."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)
