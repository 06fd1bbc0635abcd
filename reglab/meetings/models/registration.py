"""Registrations (a person's or a guest's), their answers, and the slides of programme items."""

import re
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_registration_token() -> str:
    """The secret in a guest's confirmation link (about 190 bits)."""
    return secrets.token_urlsafe(24)


TOKEN_FORM = re.compile(r"[A-Za-z0-9_-]{16,64}")


def is_token_shaped(text: str) -> bool:
    """Whether ``text`` could be a registration token at all. Anything else in a link
    (a NUL, which PostgreSQL cannot compare, a line break, 300 characters) is
    answered as a link that does not exist, without asking the database."""
    return bool(TOKEN_FORM.fullmatch(text or ""))


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def of_active_person(self):
        """Guests' registrations, and those of people whose account is active.

        A deactivated (or erased) person's registration stays as the record, but
        they are no longer waiting for anything: the queue moves past them, no
        count of those waiting counts them and nobody writes to them. (The
        ``person`` join is an outer one, so a guest, who has no account, stays.)
        """
        return self.filter(Q(person__isnull=True) | Q(person__is_active=True))

    def waiting(self):
        """The waiting list as it moves: the waitlisted guests and active people.

        The queue's order, first in line first, is ``order_by("queued_at", "pk")``.
        """
        return self.filter(status=RegistrationStatus.WAITLISTED).of_active_person()


class Registration(models.Model):
    """One place (or a place in the queue) at a meeting.

    A guest (no account) gives name, organisation and e-mail address and holds
    the place only once the address is confirmed by the link sent to it; an
    unconfirmed place is released after ``MEETING_GUEST_CONFIRM_HOURS``.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_registration_token)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    queued_at = models.DateTimeField(_("in the queue since"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False) & ~Q(status="cancelled"),
                name="registration_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status", "created_at"], name="registration_queue_idx")
        ]

    def __str__(self):
        return f"{self.name} – {self.meeting}"

    @property
    def is_guest(self) -> bool:
        return self.person_id is None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def awaits_confirmation(self) -> bool:
        """Whether this is a guest's place whose address is not confirmed yet: released
        (``release_expired``) unless confirmed in time, so the host's list, its exports
        and the name list say "not confirmed" next to it."""
        return self.is_guest and not self.is_confirmed

    @property
    def has_deactivated_person(self) -> bool:
        """Whether this is the registration of a person whose account is deactivated (or
        erased): the row-wise twin of ``RegistrationQuerySet.of_active_person``. Such a
        seat is taken until cancelled, but nobody expects the person; select ``person``
        with the row, or this costs a query."""
        return self.person_id is not None and not self.person.is_active


class Answer(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        "meetings.HostQuestion",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    text = models.CharField(_("answer"), max_length=1000, blank=True)

    class Meta:
        ordering = ["registration", "question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self):
        return self.text[:60]


def slide_upload_to(instance, filename: str) -> str:
    """A random name with the file's ending: the name people gave it is kept in ``name``
    (a long one, or one in many-byte letters, would be longer than a file system allows)."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"meetings/{instance.item.meeting_id}/{secrets.token_hex(16)}{suffix}"


def slide_storage():
    from django.core.files.storage import storages

    return storages["documents"]


class SlideAttachment(models.Model):
    """Slides (or another document) of a programme item, inspected when uploaded.

    Kept in the private document storage and served only through a view that
    asks whether the person may see the meeting.
    """

    item = models.ForeignKey(
        "meetings.ProgrammeItem",
        verbose_name=_("programme item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=slide_upload_to, storage=slide_storage, max_length=300
    )
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("slides")
        verbose_name_plural = _("slides")

    def __str__(self):
        return self.name
