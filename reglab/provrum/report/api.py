"""The final report's API: /api/v1/provrum/{id}/report…

The routes are the review workflow's (``reviewed.api.register``); here is
what is the report's own: its schemas, how a report is shaped and checked, and
the routes' texts. They call the same selectors and services as the report
pages (``reglab.provrum.report.services``); a refused check is 409 with what is
missing.
"""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from reglab.provrum.messages import reason_dict
from reglab.provrum.report import services as reports
from reglab.provrum.reviewed.api import ApiKind, person_name, register
from reglab.provrum.web import ReasonOut

router = Router(tags=["final report"])


# Answers ---------------------------------------------------------------------------


class ReportAttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int


class ReportOut(Schema):
    provrum: int
    status: Literal["draft", "submitted", "approved", "returned"]
    version: int = Field(
        description=gettext_lazy("Send it back with a save (PUT); 0 before the first save.")
    )
    data: dict = Field(
        description=gettext_lazy(
            "The report in Reglab's template (see ReportIn): before the first save, "
            "prefilled from the approved project plan."
        )
    )
    missing: list[ReasonOut] = Field(
        description=gettext_lazy("What is missing before the report can be submitted.")
    )
    attachments: list[ReportAttachmentOut]
    updated_at: datetime | None
    updated_by: str | None
    submitted_at: datetime | None
    decided_at: datetime | None
    published_at: datetime | None
    can_edit: bool
    can_submit: bool
    can_decide: bool


class ReportCheckOut(Schema):
    passes: bool = Field(description=gettext_lazy("True when the report can be submitted."))
    reasons: list[ReasonOut]


class ReportVersionOut(Schema):
    number: int
    author: str | None
    created_at: datetime


class ReportCommentOut(Schema):
    id: int
    author: str | None
    body: str
    kind: Literal["comment", "returned", "approved"]
    version_number: int
    created_at: datetime


# Input -----------------------------------------------------------------------------

REPORT_DATA_DOC = {
    "type": "object",
    "example": {
        "summary": "…",
        "results": [
            {
                "kind": "criterion",
                "text": "At least three regions use the method",
                "outcome": "partly",
                "evidence": "…",
            },
            {"kind": "indicator", "text": "Number of analyses", "outcome": "met", "evidence": "…"},
        ],
        "lessons": "…",
        "recommendations": "…",
        "follow_on": "learning_project",
        "attachments": [12],
    },
}


class ReportIn(Schema):
    version: int = Field(description=gettext_lazy("The version the save starts from."))
    # Checked by report_validation, which answers per field in the user's language.
    data: object = Field(json_schema_extra=REPORT_DATA_DOC)


class ReportSubmitIn(Schema):
    version: int | None = Field(None, description=gettext_lazy("The version you submit."))


class ReportCommentIn(Schema):
    body: str


# Shaping ---------------------------------------------------------------------------


def _report(request, report) -> dict:
    provrum = report.provrum
    user = request.user
    return {
        "provrum": provrum.pk,
        "status": report.status,
        "version": report.version,
        "data": report.data,
        "missing": [reason_dict(reason) for reason in reports.report_check(report.data)],
        "attachments": [
            {"id": doc.pk, "name": doc.name, "kind": doc.kind, "size": doc.size}
            for doc in reports.report_attachments(provrum, report.data)
        ],
        "updated_at": report.updated_at,
        "updated_by": person_name(report.updated_by),
        "submitted_at": report.submitted_at,
        "decided_at": report.decided_at,
        "published_at": report.published_at,
        "can_edit": user.has_perm("provrum.edit_report", provrum),
        "can_submit": user.has_perm("provrum.submit_report", provrum),
        "can_decide": report.pk is not None and user.has_perm("provrum.decide_report", provrum),
    }


def _report_check(report) -> dict:
    reasons = reports.report_check(report.data)
    return {"passes": not reasons, "reasons": [reason_dict(reason) for reason in reasons]}


# Endpoints -------------------------------------------------------------------------

REPORT_API = ApiKind(
    name="report",
    module=__name__,
    # The router's tag.
    tags=None,
    out=ReportOut,
    check_out=ReportCheckOut,
    version_out=ReportVersionOut,
    data_in=ReportIn,
    submit_in=ReportSubmitIn,
    texts={
        "get": (
            gettext_lazy("The final report"),
            gettext_lazy(
                "For the office and the participating organisations. With its version and "
                "what is missing before it can be submitted."
            ),
        ),
        "put": (
            gettext_lazy("Save the final report"),
            gettext_lazy(
                "While the provrum runs. Every save is a new version. Send the version you "
                "started from; if someone saved in between, the answer is 409 stale_version "
                "with the current version, and nothing is saved. The results follow the "
                "approved plan's criteria and indicators, in its order. Input that is not "
                "valid gives 422 with a message per field path (results.0.outcome)."
            ),
        ),
        "check": (gettext_lazy("What the final report lacks before it can be submitted"), None),
        "versions": (
            gettext_lazy("The final report's versions"),
            gettext_lazy("Newest first: who saved each version, and when."),
        ),
        "submit": (
            gettext_lazy("Submit the final report to the office"),
            gettext_lazy(
                "The leader organisation's representative only. Refused (409) while an "
                "outcome, the summary or the lessons are missing, with a reason for each; the "
                "provrum becomes reported. A second submit answers with the report as it is."
            ),
        ),
        "approve": (
            gettext_lazy("Approve the final report"),
            gettext_lazy(
                "The office only, once the report is submitted. The report is published on "
                "the public results page; the provrum stays reported until it is disseminated."
            ),
        ),
        "return": (
            gettext_lazy("Return the final report"),
            gettext_lazy(
                "The office only, with a comment saying what to change; the provrum runs again."
            ),
        ),
        "comments": (
            gettext_lazy("Comments on the final report"),
            gettext_lazy("Oldest first, the office's returns and approvals among them."),
        ),
        "comment": (
            gettext_lazy("Comment on the final report"),
            gettext_lazy("The office and the participating organisations."),
        ),
    },
    get_for=reports.report_get_for,
    history_get_for=reports.report_get_for,
    shape=_report,
    check=_report_check,
    versions=reports.report_versions,
    save=reports.report_save,
    submit=reports.report_submit,
    approve=reports.report_approve,
    return_=reports.report_return,
    comment_out=ReportCommentOut,
    comment_in=ReportCommentIn,
    comments=reports.report_comments,
    comment=reports.report_comment,
)

register(router, REPORT_API)
