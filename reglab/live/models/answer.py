"""Who answers (a participant of one meeting) and what they answered."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reglab.live import rules


def token_hash(token: str) -> str:
    """What is stored of a participant's token (its SHA-256), and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()


class Participant(models.Model):
    """Someone in the room: a signed-in person, or a guest known by a token in a cookie.

    Only the token's SHA-256 is stored; the token itself is shown once, to the
    phone that joined. A token belongs to one meeting and works nowhere else.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="live_participants",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="live_participations",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="live_participant_one_per_person",
            ),
        ]

    def __str__(self):
        return self.name or f"#{self.pk}"

    @property
    def name(self) -> str:
        return self.person.name if self.person_id else ""


class Answer(models.Model):
    """One participant's answer to one question: answering again replaces it.

    ``choice`` holds what was chosen, by kind: option ids (single, multiple),
    ``{option id: dots}`` (prioritise), a number (scale) or ``{option id:
    "yes"|"maybe"|"no"}`` (dates); ``text`` is a reflection or the "why?".
    """

    question = models.ForeignKey(
        "live.Question",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="answers"
    )
    choice = models.JSONField(_("choice"), default=None, null=True, blank=True)
    text = models.CharField(_("text"), max_length=rules.TEXT_MAX_LENGTH, blank=True)
    volunteer_name = models.CharField(
        _("volunteer for the planning group"), max_length=150, blank=True
    )
    volunteer_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    hidden = models.BooleanField(_("hidden by the host"), default=False)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["question", "created_at", "pk"]
        verbose_name = _("live answer")
        verbose_name_plural = _("live answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="live_answer_one_per_participant"
            ),
        ]

    def __str__(self):
        return self.text[:60] or str(self.choice)
