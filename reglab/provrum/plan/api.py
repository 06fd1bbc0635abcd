"""The project plan's REST API: /api/v1/provrum/{id}/plan and its check, versions,
submit, approve and return – the shared review routes of ``reviewed.api``
parametrised for the plan.

The operation ids keep the module these endpoints were first written in
(``reglab.provrum.api``), so the published schema names the same operations.
"""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from reglab.provrum.messages import reason_dict
from reglab.provrum.plan import services as plans
from reglab.provrum.plan.validation import plan_sums
from reglab.provrum.reviewed.api import ApiKind, person_name, register
from reglab.provrum.web import (
    ReasonOut,
)

router = Router(tags=["project plan"])


class PlanSumsOut(Schema):
    budget: int
    not_working_time: int
    working_time: int
    base_funding: int
    other_financing: int
    financing: int


class PlanExportsOut(Schema):
    docx: str = Field(description=gettext_lazy("The plan as a Word document."))
    pdf: str = Field(description=gettext_lazy("The plan as a PDF."))
    xlsx: str = Field(description=gettext_lazy("The budget as an Excel workbook."))
    csv: str = Field(description=gettext_lazy("The budget as CSV (semicolons, UTF-8)."))
    ics: str = Field(description=gettext_lazy("The milestones as an iCalendar file."))


# The export views' URL names, by the key they have in PlanOut.exports.
PLAN_EXPORT_URLS = {
    "docx": "provrum:plan_docx",
    "pdf": "provrum:plan_pdf",
    "xlsx": "provrum:budget_xlsx",
    "csv": "provrum:budget_csv",
    "ics": "provrum:calendar_ics",
}


class PlanOut(Schema):
    provrum: int
    status: Literal["draft", "submitted", "approved", "returned"]
    version: int = Field(
        description=gettext_lazy("Send it back with a save (PUT); 0 before the first save.")
    )
    data: dict = Field(description=gettext_lazy("The plan in Reglab's template (see PlanIn)."))
    sums: PlanSumsOut
    reasons: list[ReasonOut]
    updated_at: datetime | None
    updated_by: str | None
    submitted_at: datetime | None
    decided_at: datetime | None
    can_edit: bool
    can_decide: bool
    exports: PlanExportsOut | None = Field(
        description=gettext_lazy(
            "Where to download the plan, the budget and the milestones (paths on this "
            "site, for a signed-in session); null until the plan has been saved."
        )
    )


class PlanCheckOut(Schema):
    passes: bool = Field(description=gettext_lazy("True when no error remains among the rules."))
    reasons: list[ReasonOut]


class PlanVersionOut(Schema):
    number: int
    author: str | None
    created_at: datetime


PLAN_DATA_DOC = {
    "type": "object",
    "example": {
        "purpose": "…",
        "expected_result": "…",
        "main_question": "…",
        "delimitations": "…",
        "start": "2026-02-01",
        "end": "2026-06-30",
        "milestones": [
            {"date": "2026-03-10", "title": "Workshop", "meeting": "digital", "place": "https://…"}
        ],
        "resources": [{"who": "Region Skåne", "what": "Leads the work"}],
        "success_criteria": ["…"],
        "indicators": [{"indicator": "…", "measured_by": "…"}],
        "budget_lines": [
            {
                "category": "expertise",
                "description": "…",
                "amount": 60000,
                "is_working_time": False,
            }
        ],
        "financing": [
            {"source": "base_funding", "organisation": "", "label": "", "amount": 30000},
            {
                "source": "organisation",
                "organisation": "region-skane",
                "label": "",
                "amount": 30000,
            },
        ],
    },
}


class PlanIn(Schema):
    version: int = Field(description=gettext_lazy("The version the save starts from."))
    # Checked by plan_validation, which answers per field in the user's language.
    data: object = Field(json_schema_extra=PLAN_DATA_DOC)


class PlanSubmitIn(Schema):
    version: int | None = Field(None, description=gettext_lazy("The version you submit."))


def _plan(request, plan) -> dict:
    provrum = plan.provrum
    sums = plan_sums(plan.data)
    return {
        "provrum": provrum.pk,
        "status": plan.status,
        "version": plan.version,
        # Outside the group an approved plan comes without its join links.
        "data": plans.plan_data_for(request.user, provrum, plan.data),
        "sums": {key: value for key, value in sums.items() if key != "by_category"},
        "reasons": [reason_dict(reason) for reason in plans.plan_check(provrum, plan.data)],
        "updated_at": plan.updated_at,
        "updated_by": person_name(plan.updated_by),
        "submitted_at": plan.submitted_at,
        "decided_at": plan.decided_at,
        "can_edit": request.user.has_perm("provrum.edit_plan", provrum),
        "can_decide": request.user.has_perm("provrum.decide_plan", provrum)
        and plan.status == "submitted",
        "exports": _plan_exports(plan),
    }


def _plan_exports(plan) -> dict | None:
    """The export views' paths; None while the plan is unsaved, as they answer 404 then."""
    if plan.pk is None:
        return None
    return {key: reverse(name, args=[plan.provrum_id]) for key, name in PLAN_EXPORT_URLS.items()}


def _plan_check(plan) -> dict:
    reasons = plans.plan_check(plan.provrum, plan.data)
    return {
        "passes": not any(reason.is_error for reason in reasons),
        "reasons": [reason_dict(reason) for reason in reasons],
    }


PLAN_API = ApiKind(
    name="plan",
    module="reglab.provrum.api",
    # The router's tag.
    tags=None,
    out=PlanOut,
    check_out=PlanCheckOut,
    version_out=PlanVersionOut,
    data_in=PlanIn,
    submit_in=PlanSubmitIn,
    texts={
        "get": (
            gettext_lazy("The project plan"),
            gettext_lazy(
                "After the go-ahead. With its version, the budget's sums and the rule reasons. "
                "While the plan is written, submitted or returned only the group and the office "
                "read it (others get 404); once approved every confirmed representative does, "
                "without the digital meetings' links unless they are in the group."
            ),
        ),
        "put": (
            gettext_lazy("Save the project plan"),
            gettext_lazy(
                "Every save is a new version. Send the version you started from; if someone "
                "saved in between, the answer is 409 stale_version with the current version, "
                "and nothing is saved. Input that is not valid gives 422 with a message per "
                "field path (budget_lines.0.amount)."
            ),
        ),
        "check": (gettext_lazy("Check the project plan against the funding rules"), None),
        "versions": (
            gettext_lazy("The project plan's versions"),
            gettext_lazy(
                "Newest first: who saved each version, and when. For the group and the office: "
                "others get 404, also for an approved plan they may read."
            ),
        ),
        "submit": (
            gettext_lazy("Submit the project plan to the office"),
            gettext_lazy(
                "The plan must be complete (422 per field) and free of rule errors "
                "(409 with the reasons)."
            ),
        ),
        "approve": (
            gettext_lazy("Approve the project plan"),
            gettext_lazy(
                "The office only. Refused (409) while an error remains among the rules; "
                "approval moves the provrum to running."
            ),
        ),
        "return": (
            gettext_lazy("Return the project plan"),
            gettext_lazy("The office only, with a comment saying what to change."),
        ),
    },
    get_for=plans.plan_get_for,
    # The earlier versions are the group's drafts: outside it, 404 also for an approved plan.
    history_get_for=plans.plan_history_get_for,
    shape=_plan,
    check=_plan_check,
    versions=plans.plan_versions,
    save=plans.plan_save,
    submit=plans.plan_submit,
    approve=plans.plan_approve,
    return_=plans.plan_return,
)

register(router, PLAN_API)
