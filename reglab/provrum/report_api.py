"""The final report's API: /api/v1/provrum/{id}/report…

The endpoints call the same selectors and services as the report pages
(``reglab.provrum.reports``). Refusals are not handled here, except the stale
save (409 with the current version): the services raise ``PermissionDenied``
(403), ``RuleViolation`` (409, with what is missing or the state),
``ValidationError`` (422, per field path) and the selectors ``Http404``.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from reglab.provrum import reports
from reglab.provrum.api import DecisionIn
from reglab.provrum.messages import reason_dict
from reglab.provrum.web import REFUSALS, NotFoundOut, ReasonOut, is_stale, stale_answer, with_stale

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


def _name(person) -> str | None:
    return (person.name or str(person)) if person else None


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
        "updated_by": _name(report.updated_by),
        "submitted_at": report.submitted_at,
        "decided_at": report.decided_at,
        "published_at": report.published_at,
        "can_edit": user.has_perm("provrum.edit_report", provrum),
        "can_submit": user.has_perm("provrum.submit_report", provrum),
        "can_decide": report.pk is not None and user.has_perm("provrum.decide_report", provrum),
    }


def _fresh(request, provrum_id: int) -> dict:
    """The report as it is after a write, read the way GET reads it."""
    return _report(request, reports.report_get_for(user=request.user, pk=provrum_id))


def _comment(comment) -> dict:
    return {
        "id": comment.pk,
        "author": _name(comment.author),
        "body": comment.body,
        "kind": comment.kind,
        "version_number": comment.version_number,
        "created_at": comment.created_at,
    }


# Endpoints -------------------------------------------------------------------------

WITH_STALE = with_stale({200: ReportOut})


@router.get(
    "/provrum/{provrum_id}/report",
    response={200: ReportOut, 404: NotFoundOut},
    summary=gettext_lazy("The final report"),
    description=gettext_lazy(
        "For the office and the participating organisations. With its version and what "
        "is missing before it can be submitted."
    ),
)
def get_report(request, provrum_id: int):
    return _fresh(request, provrum_id)


@router.put(
    "/provrum/{provrum_id}/report",
    response=WITH_STALE,
    summary=gettext_lazy("Save the final report"),
    description=gettext_lazy(
        "While the provrum runs. Every save is a new version. Send the version you started "
        "from; if someone saved in between, the answer is 409 stale_version with the current "
        "version, and nothing is saved. The results follow the approved plan's criteria and "
        "indicators, in its order. Input that is not valid gives 422 with a message per "
        "field path (results.0.outcome)."
    ),
)
def put_report(request, provrum_id: int, payload: ReportIn):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    try:
        reports.report_save(
            provrum=report.provrum, by=request.user, data=payload.data, version=payload.version
        )
    except ValidationError as error:
        if not is_stale(error):
            raise
        return stale_answer(error)
    return _fresh(request, provrum_id)


@router.get(
    "/provrum/{provrum_id}/report/check",
    response={200: ReportCheckOut, 404: NotFoundOut},
    summary=gettext_lazy("What the final report lacks before it can be submitted"),
)
def check_report(request, provrum_id: int):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    reasons = reports.report_check(report.data)
    return {"passes": not reasons, "reasons": [reason_dict(reason) for reason in reasons]}


@router.get(
    "/provrum/{provrum_id}/report/versions",
    response={200: list[ReportVersionOut], 404: NotFoundOut},
    summary=gettext_lazy("The final report's versions"),
    description=gettext_lazy("Newest first: who saved each version, and when."),
)
def list_report_versions(request, provrum_id: int):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    return [
        {
            "number": version.number,
            "author": _name(version.author),
            "created_at": version.created_at,
        }
        for version in reports.report_versions(report)
    ]


@router.post(
    "/provrum/{provrum_id}/report/submit",
    response=WITH_STALE,
    summary=gettext_lazy("Submit the final report to the office"),
    description=gettext_lazy(
        "The leader organisation's representative only. Refused (409) while an outcome, the "
        "summary or the lessons are missing, with a reason for each; the provrum becomes "
        "reported. A second submit answers with the report as it is."
    ),
)
def submit_report(request, provrum_id: int, payload: ReportSubmitIn = None):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    version = payload.version if payload else None
    try:
        reports.report_submit(provrum=report.provrum, by=request.user, version=version)
    except ValidationError as error:
        if not is_stale(error):
            raise
        return stale_answer(error)
    return _fresh(request, provrum_id)


@router.post(
    "/provrum/{provrum_id}/report/approve",
    response={200: ReportOut, **REFUSALS},
    summary=gettext_lazy("Approve the final report"),
    description=gettext_lazy(
        "The office only, once the report is submitted. The report is published on the "
        "public results page; the provrum stays reported until it is disseminated."
    ),
)
def approve_report(request, provrum_id: int, payload: DecisionIn = None):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    comment = payload.comment if payload else ""
    reports.report_approve(provrum=report.provrum, by=request.user, comment=comment)
    return _fresh(request, provrum_id)


@router.post(
    "/provrum/{provrum_id}/report/return",
    response={200: ReportOut, **REFUSALS},
    summary=gettext_lazy("Return the final report"),
    description=gettext_lazy(
        "The office only, with a comment saying what to change; the provrum runs again."
    ),
)
def return_report(request, provrum_id: int, payload: DecisionIn):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    reports.report_return(provrum=report.provrum, by=request.user, comment=payload.comment)
    return _fresh(request, provrum_id)


@router.get(
    "/provrum/{provrum_id}/report/comments",
    response={200: list[ReportCommentOut], 404: NotFoundOut},
    summary=gettext_lazy("Comments on the final report"),
    description=gettext_lazy("Oldest first, the office's returns and approvals among them."),
)
def list_report_comments(request, provrum_id: int):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    return [_comment(comment) for comment in reports.report_comments(report)]


@router.post(
    "/provrum/{provrum_id}/report/comments",
    response={201: ReportCommentOut, **REFUSALS},
    summary=gettext_lazy("Comment on the final report"),
    description=gettext_lazy("The office and the participating organisations."),
)
def add_report_comment(request, provrum_id: int, payload: ReportCommentIn):
    report = reports.report_get_for(user=request.user, pk=provrum_id)
    comment = reports.report_comment(provrum=report.provrum, by=request.user, body=payload.body)
    return Status(201, _comment(comment))
