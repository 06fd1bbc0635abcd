"""An organisation's one answer to a survey: a kind of the shared reviewed document."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.provrum.reviewed.models import DocumentComment, DocumentVersion, ReviewedDocument
from reglab.surveys.models.survey import Survey


class SurveyAnswer(ReviewedDocument):
    """The organisation's answer: ``data`` is ``{"<question id>": value}`` (with
    ``"<question id>_why"`` for a choice's reasons). One per survey and organisation."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="survey_answers"
    )
    data = models.JSONField(_("answers"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_answer_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.survey} – {self.organisation}"


class AnswerVersion(DocumentVersion):
    """One saved version of an answer: what it said, who saved it, when."""

    answer = models.ForeignKey(SurveyAnswer, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("answers"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "number"], name="survey_answer_version_unique"
            )
        ]


class AnswerComment(DocumentComment):
    """A comment on an answer (the review workflow's comments)."""

    answer = models.ForeignKey(SurveyAnswer, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        ordering = ["created_at", "pk"]
