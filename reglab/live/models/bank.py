"""The question bank: questions a host keeps to ask again at other meetings.

A network's bank is written and read by those who host its meetings (the
office and the network's coordinators); the office's bank (no network) is
written by the office and read by every host, for the questions all networks
share (check-in, check-out). Dates are not kept: a date poll's dates belong to
its meeting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.live import rules
from reglab.live.models.question import QuestionKind


class BankQuestion(models.Model):
    network = models.ForeignKey(
        "meetings.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bank_questions",
        help_text=_("Empty for the office's bank, which every host can use."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=rules.QUESTION_MAX_LENGTH)
    options = models.JSONField(_("options"), default=list, blank=True)
    anonymous = models.BooleanField(_("anonymous answers"), default=True)
    ask_why = models.BooleanField(_("ask “why?”"), default=False)
    dots = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["text", "pk"]
        verbose_name = _("bank question")
        verbose_name_plural = _("bank questions")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "kind", "text"],
                name="live_bank_question_once",
            ),
        ]

    def __str__(self):
        return self.text
