"""The project plan: a reviewed document with its versions and comments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reglab.provrum.models.core import (
    Provrum,
)
from reglab.provrum.reviewed.models import DocumentComment, DocumentVersion, ReviewedDocument


def empty_plan_data() -> dict:
    """A new project plan: every field of the plan's JSON shape, empty."""
    return {
        "purpose": "",
        "expected_result": "",
        "main_question": "",
        "delimitations": "",
        "start": None,
        "end": None,
        "milestones": [],
        "resources": [],
        "success_criteria": [],
        "indicators": [],
        "budget_lines": [],
        "financing": [],
    }


class ProjectPlan(ReviewedDocument):
    """The project plan a provrum with the go-ahead writes on Reglab's template.

    ``data`` holds the plan in the one JSON shape that validation, the rules, the
    exports and the API share (see ``plan_validation``). Every save is also kept
    as a ``PlanVersion``; ``version`` is the optimistic lock: a save based on an
    older version is refused.
    """

    provrum = models.OneToOneField(
        Provrum,
        verbose_name=pgettext_lazy("singular", "provrum"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    data = models.JSONField(_("plan"), default=empty_plan_data)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return f"{_('Project plan')} – {self.provrum}"


class PlanVersion(DocumentVersion):
    """One saved version of a project plan: what it said, who saved it, when."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("plan"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="provrum_plan_version_unique")
        ]

    def __str__(self):
        return f"{self.plan} – {self.number}"


class PlanComment(DocumentComment):
    """The office's (or the group's) comment on a plan; a return always has one."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")

    def __str__(self):
        return f"{self.author} – {self.plan}"


# Running a provrum: meetings, documents and the leader's status updates -------------
