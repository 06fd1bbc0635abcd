"""A meeting's room (join code and presenter link), its questions and their options."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reglab.live import rules


def new_presenter_token() -> str:
    """The secret in the presenter link (about 190 bits)."""
    return secrets.token_urlsafe(24)


class Room(models.Model):
    """A meeting's live room: the join code the room types and the presenter link's token.

    The code is unique among all rooms, so it names one meeting; the host can
    give the meeting a new one (and a new presenter link) at any time.
    """

    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="room"
    )
    code = models.CharField(_("join code"), max_length=rules.CODE_LENGTH, unique=True)
    presenter_token = models.CharField(max_length=64, unique=True, default=new_presenter_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("live room")
        verbose_name_plural = _("live rooms")

    def __str__(self):
        return self.code


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Reflection (free text)")
    PRIORITISE = "prioritise", _("Prioritise with dots")
    SCALE = "scale", _("Scale")
    DATES = "dates", _("Date poll")


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Question(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="live_questions",
    )
    item = models.ForeignKey(
        "meetings.ProgrammeItem",
        verbose_name=_("programme item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_questions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=rules.QUESTION_MAX_LENGTH)
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_(
            "Answers are shown without names. Signed-in people's names are kept otherwise."
        ),
    )
    ask_why = models.BooleanField(_("ask “why?”"), default=False)
    dots = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)
    status = models.CharField(
        _("status"), max_length=8, choices=QuestionStatus.choices, default=QuestionStatus.DRAFT
    )
    show_results = models.BooleanField(_("results on the big screen"), default=True)
    next_meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("next meeting (draft made from the date poll)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("live question")
        verbose_name_plural = _("live questions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(status="open"), name="live_question_one_open"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN


class Option(models.Model):
    """A choice, an item to prioritise (perhaps the room's own "Annat?"), or a proposed date."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    text = models.CharField(_("text"), max_length=rules.OPTION_MAX_LENGTH, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), default=True)
    proposed_by = models.ForeignKey(
        "live.Participant",
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text or str(self.date)
