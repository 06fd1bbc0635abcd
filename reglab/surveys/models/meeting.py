"""A survey's results attached to a programme item, for the big screen and the look back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.surveys.models.survey import Survey


class ItemSurvey(models.Model):
    """The survey's results shown under a programme item; ``on_screen`` marks the one the
    meeting's big screen shows while no live question is open (at most one per meeting,
    kept so by ``services.meeting.survey_show_on_screen``)."""

    item = models.ForeignKey(
        "meetings.ProgrammeItem",
        verbose_name=_("programme item"),
        on_delete=models.CASCADE,
        related_name="survey_links",
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="item_links"
    )
    on_screen = models.BooleanField(_("on the big screen"), default=False)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(_("attached"), auto_now_add=True)

    class Meta:
        ordering = ["item__day", "item__start_time", "item", "pk"]
        verbose_name = _("survey at a meeting")
        verbose_name_plural = _("surveys at meetings")
        constraints = [
            models.UniqueConstraint(fields=["item", "survey"], name="survey_item_unique")
        ]

    def __str__(self):
        return f"{self.survey} – {self.item}"
