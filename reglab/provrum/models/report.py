"""The final report (a reviewed document), dissemination and the closing survey."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reglab.core.validators import validate_web_address
from reglab.provrum.models.core import (
    Provrum,
)
from reglab.provrum.reviewed.models import (
    DocumentComment,
    DocumentVersion,
    ReviewedDocument,
    one_version_per_number,
    person_field,
)


class Outcome(models.TextChoices):
    """How a success criterion or an indicator turned out."""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


def empty_report_data() -> dict:
    """A new final report: every field of the report's JSON shape, empty."""
    return {
        "summary": "",
        "results": [],
        "lessons": "",
        "recommendations": "",
        "follow_on": "",
        "attachments": [],
    }


class FinalReport(ReviewedDocument):
    """The final report on Reglab's template, versioned like the plan.

    Submitted by the leader, approved or returned by the office (quality
    assurance); approval publishes it on the public results page.
    """

    provrum = models.OneToOneField(
        Provrum,
        verbose_name=pgettext_lazy("singular", "provrum"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    data = models.JSONField(_("report"), default=empty_report_data)
    updated_by = person_field()
    submitted_by = person_field()
    decided_by = person_field()
    # Set when the office approves the report: from then on it is public.
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Stemmed words of the published report for the results search.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self):
        return f"{_('Final report')} – {self.provrum}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.APPROVED and self.published_at is not None


class ReportVersion(DocumentVersion):
    """One saved version of a final report."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("report"))

    class Meta(DocumentVersion.Meta):
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [one_version_per_number("report", "provrum_report_version_unique")]


class ReportComment(DocumentComment):
    """A comment on a final report; the office's return always has one."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="comments")

    class Meta(DocumentComment.Meta):
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")


# Dissemination and the participants' feedback ------------------------------------------


class Channel(models.TextChoices):
    """Reglab's channels for spreading a provrum's results."""

    WEB = "web", _("Reglab's website")
    NEWSLETTER = "newsletter", _("Newsletter")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ANNUAL_CONFERENCE = "annual_conference", _("Annual conference")


class Dissemination(models.Model):
    """One line of the dissemination checklist: a channel, when, where and who."""

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="disseminations")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_web_address])
    responsible = models.CharField(_("who"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["provrum", "pk"]
        verbose_name = _("dissemination")
        verbose_name_plural = _("dissemination")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "channel"], name="provrum_one_dissemination_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} – {self.provrum}"

    @property
    def is_done(self) -> bool:
        return self.date is not None


class SurveyInvitation(models.Model):
    """A participant asked for feedback when their provrum closed; answered once."""

    provrum = models.ForeignKey(
        Provrum, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provrum_surveys"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["provrum", "person"], name="provrum_one_survey_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.provrum}"


class SurveyResponse(models.Model):
    """A participant's answers; not linked to the person, only to the organisation."""

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="survey_responses")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was the provrum (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    take_part_again = models.CharField(
        _("would you take part in a provrum again"), max_length=10, choices=Again.choices
    )
    format_change = models.TextField(
        _("what should change in the format"), blank=True, max_length=3000
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="provrum_survey_usefulness_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.usefulness} – {self.provrum}"
