"""A survey, its recipients and its questions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    MEMBERS = "members", _("All member organisations")
    NETWORK = "network", _("A network's organisations")
    REGIONS = "regions", _("Regions only")
    CHOSEN = "chosen", _("Chosen organisations")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")
    SCALE = "scale", _("Scale")
    STAGE = "stage", _("Stage in a process")
    YEAR = "year", _("Year")


class Survey(models.Model):
    """A survey to a stored set of organisations, open from ``opens_on`` to ``closes_on``.

    The audience is resolved once, when the survey is saved, into ``recipients``:
    an organisation that joins later is not asked unless the survey is saved again.
    """

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, max_length=5000)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Results do not name organisations and appear once three have answered."),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    network = models.ForeignKey(
        "meetings.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    recipients = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("recipients"), related_name="surveys"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="survey_closes_after_opening",
                violation_error_message=_("A survey cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=~Q(audience="network") | Q(network__isnull=False),
                name="survey_network_audience_has_network",
                violation_error_message=_("Choose the network whose organisations are asked."),
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


class Question(models.Model):
    """One question. ``options`` are the choices (or the ordered stages of a process),
    each ``{"id": n, "label": "…"}``; an answer names them by id."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("options"), default=list, blank=True)
    ask_why = models.BooleanField(_("ask why"), default=False)
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__in=[5, 10]), name="survey_question_scale_5_or_10"
            )
        ]

    def __str__(self):
        return self.text

    def option_label(self, option_id) -> str:
        for option in self.options:
            if option["id"] == option_id:
                return option["label"]
        return ""


class RespondentGroup(models.Model):
    """A grouping the office defines for a survey's results ("storregioner",
    "nybildade", "blivande"): the respondents are counted per group."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    organisations = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("organisations"), related_name="+", blank=True
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("group of respondents")
        verbose_name_plural = _("groups of respondents")
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="survey_group_name_unique")
        ]

    def __str__(self):
        return self.name
