"""Around a provrum: interest, discussion, decisions, the event log and meetings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reglab.provrum.models.core import (
    Provrum,
    State,
)


class Interest(models.Model):
    """An organisation's interest in taking part, registered by one of its representatives."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="provrum_interests",
    )
    wants_to_lead = models.BooleanField(_("wants to lead"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "organisation"], name="provrum_one_interest_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.provrum}"


class Comment(models.Model):
    """A comment in a provrum's discussion; replies point to their parent."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="provrum_comments",
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The discussion shows the latest threads first (a thread is its first comment).
            models.Index(
                fields=["provrum", "-created_at", "-id"],
                condition=models.Q(parent__isnull=True),
                name="provrum_comment_threads_idx",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author} – {self.provrum}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class Decision(models.Model):
    """The office's go-ahead or decline, with its comment and acknowledged warnings."""

    class Outcome(models.TextChoices):
        GO_AHEAD = "go_ahead", _("Go-ahead")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    acknowledged_warnings = models.JSONField(_("acknowledged warnings"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_outcome_display()} – {self.provrum}"


class Event(models.Model):
    """One line of a provrum's history: who did what, when, and the state change."""

    class Action(models.TextChoices):
        CREATED = "created", _("created the draft")
        EDITED = "edited", _("edited the proposal")
        PUBLISHED = "published", _("published the proposal")
        INTEREST_REGISTERED = "interest_registered", _("registered interest")
        INTEREST_CHANGED = "interest_changed", _("changed the interest")
        INTEREST_WITHDRAWN = "interest_withdrawn", _("withdrew the interest")
        LEADER_CHOSEN = "leader_chosen", _("chose the leader")
        COMMENTED = "commented", _("commented")
        COMMENT_REMOVED = "comment_removed", _("removed a comment")
        GO_AHEAD = "go_ahead", _("gave the go-ahead")
        DECLINED = "declined", _("declined")
        LAPSED = "lapsed", _("marked as lapsed")
        WITHDRAWN = "withdrawn", _("withdrew the provrum")
        STATE_CHANGED = "state_changed", _("the state changed")
        BECAME_READY = "became_ready", _("the provrum became ready")
        STARTED = "started", _("started the provrum")
        REPORTED = "reported", _("reported the results")
        CLOSED = "closed", _("closed the provrum")
        PLAN_SUBMITTED = "plan_submitted", _("submitted the project plan")
        PLAN_APPROVED = "plan_approved", _("approved the project plan")
        PLAN_RETURNED = "plan_returned", _("returned the project plan")
        MEETING_ADDED = "meeting_added", _("added a meeting")
        DOCUMENT_UPLOADED = "document_uploaded", _("uploaded a document")
        STATUS_UPDATED = "status_updated", _("posted a status update")
        REPORT_APPROVED = "report_approved", _("approved the final report")
        REPORT_RETURNED = "report_returned", _("returned the final report")
        DISSEMINATED = "disseminated", _("recorded the dissemination")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The provrum page shows the latest events of a history.
            models.Index(fields=["provrum", "-created_at", "-id"], name="provrum_event_recent_idx"),
        ]
        verbose_name = _("history event")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.get_action_display()} – {self.provrum}"


class Meeting(models.Model):
    """A meeting of the provrum's group, in person or digital, with its notes."""

    class Mode(models.TextChoices):
        PHYSICAL = "physical", _("In person")
        DIGITAL = "digital", _("Digital")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices)
    place = models.CharField(
        _("place or link"),
        max_length=500,
        blank=True,
        help_text=_("An address for a meeting in person, a link for a digital meeting."),
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=5000)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: notes saved from an older version are refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title
