"""The project plan: a reviewed document with its versions and comments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    updated_by = person_field(_("updated by"))
    submitted_by = person_field(_("submitted by"))
    decided_by = person_field(_("decided by"))

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return f"{_('Project plan')} – {self.provrum}"


class PlanVersion(DocumentVersion):
    """One saved version of a project plan: what it said, who saved it, when."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField(_("plan"))

    class Meta(DocumentVersion.Meta):
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [one_version_per_number("plan", "provrum_plan_version_unique")]


class PlanComment(DocumentComment):
    """The office's (or the group's) comment on a plan; a return always has one."""

    plan = models.ForeignKey(ProjectPlan, on_delete=models.CASCADE, related_name="comments")

    class Meta(DocumentComment.Meta):
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")


# Running a provrum: meetings, documents and the leader's status updates -------------
