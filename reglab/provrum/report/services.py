"""The final report: reads and writes, while the provrum runs and after.

The group (representatives of the participating organisations) writes the
report on Reglab's template, prefilled from the approved project plan: one
result per success criterion and indicator. Every save is a new
``ReportVersion``. The leader's representative submits it (the provrum becomes
reported); the office approves it – which publishes it – or returns it with a
comment, and the provrum runs again until the report is submitted anew.

Refusals as in ``services`` and ``plans``: ``PermissionDenied`` (403),
``RuleViolation`` (409, with the reasons: what is missing, or the state),
``ValidationError`` (422, messages per field path of the report;
``code="stale_version"`` when someone saved in between, with the current
version in ``params["version"]``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.core.text import stems
from reglab.provrum import lifecycle, rules
from reglab.provrum.models import (
    Document,
    Event,
    FinalReport,
    ProjectPlan,
    Provrum,
    ReportComment,
    ReportVersion,
    State,
    empty_report_data,
)
from reglab.provrum.permissions import represents_leader, represents_participant
from reglab.provrum.report.validation import (
    FOLLOW_ON,
    OUTCOMES,
    RESULT_KINDS,
    check_report_complete,
    clean_report_data,
)
from reglab.provrum.reviewed import services as review
from reglab.provrum.reviewed.selectors import comment_list, version_get, version_list
from reglab.provrum.reviewed.services import DiffLine, lines_diff
from reglab.provrum.selectors import provrum_get_for

LOCKED_STATUSES = {FinalReport.Status.SUBMITTED, FinalReport.Status.APPROVED}


# The final report as a kind of reviewed document.
REPORT = review.ReviewKind(
    name="report",
    version_model=ReportVersion,
    comment_model=ReportComment,
    document_field="report",
    stale_message=lambda: _(
        "Someone else saved the report while you were editing it (now version %(version)s). "
        "Your text is kept: compare it with the saved version and save again."
    ),
    version_missing_message=lambda: _("Send the version of the report you started from."),
    return_needs_comment_message=lambda: _("Write what the group should change in the report."),
    document_model=FinalReport,
    document_of=lambda provrum: report_of(provrum),
)


# Reads -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """A success criterion or an indicator of the approved plan, which the report answers.

    ``detail`` is how an indicator is measured (empty for a criterion).
    """

    kind: str
    text: str
    detail: str = ""


def report_rows(provrum: Provrum) -> list[ResultRow]:
    """The rows the report answers: the approved plan's criteria, then its indicators.

    Empty while the plan is not approved: the report follows the plan the office agreed.
    """
    plan = (
        ProjectPlan.objects.filter(provrum=provrum, status=ProjectPlan.Status.APPROVED)
        .values_list("data", flat=True)
        .first()
    )
    if not plan:
        return []
    rows = [
        ResultRow("criterion", str(text).strip())
        for text in plan.get("success_criteria") or []
        if str(text).strip()
    ]
    rows += [
        ResultRow(
            "indicator",
            str(row.get("indicator", "")).strip(),
            str(row.get("measured_by", "")).strip(),
        )
        for row in plan.get("indicators") or []
        if isinstance(row, dict) and str(row.get("indicator", "")).strip()
    ]
    return rows


def report_prefill(provrum: Provrum, rows: list[ResultRow] | None = None) -> dict:
    """A new report: empty, with one result (no outcome yet) per row of the plan."""
    rows = report_rows(provrum) if rows is None else rows
    data = empty_report_data()
    data["results"] = [
        {"kind": row.kind, "text": row.text, "outcome": "", "evidence": ""} for row in rows
    ]
    return data


def report_of(provrum: Provrum) -> FinalReport:
    """The provrum's report; before the first save, a new unsaved one prefilled from the plan.

    A report row that nobody has saved yet (version 0: created by a comment)
    is prefilled afresh too, so it follows the plan once that is approved.
    """
    try:
        report = provrum.report
    except FinalReport.DoesNotExist:
        return FinalReport(provrum=provrum, data=report_prefill(provrum), version=0)
    if report.version == 0:
        report.data = report_prefill(provrum)
    return report


def report_get_for(*, user, pk) -> FinalReport:
    """The report of a provrum the person may see it of (the office and the group).

    The same 404 for a missing provrum, one the person may not see, and one
    whose report the person may not read. ``report.pk is None`` until the first save.
    """
    provrum = pk if isinstance(pk, Provrum) else provrum_get_for(user=user, pk=pk)
    if not user.has_perm("provrum.view_report", provrum):
        raise Http404
    return report_of(provrum)


def report_check(data: dict) -> list[rules.Reason]:
    """What the report (or the report as typed) lacks before it can be submitted."""
    return check_report_complete(data)


def report_documents(provrum: Provrum) -> QuerySet[Document]:
    """The provrum's documents, which the report can attach, by name."""
    return Document.objects.filter(provrum=provrum).order_by("name", "pk")


def report_attachments(provrum: Provrum, data: dict | None = None) -> list[Document]:
    """The documents the report attaches, in the report's order.

    Only the provrum's own documents that still exist: an id of another
    provrum's document, or of one since removed, is left out.
    """
    if data is None:
        data = report_of(provrum).data
    ids = [item for item in (data or {}).get("attachments") or [] if isinstance(item, int)]
    if not ids:
        return []
    documents = Document.objects.filter(provrum=provrum, pk__in=ids)
    found = {document.pk: document for document in documents}
    return [found[pk] for pk in ids if pk in found]


# The report's versions (newest first), one by its number (404 when none), its comments.
report_versions = version_list
report_version_get = version_get
report_comments = comment_list


def _label(mapping, value) -> str:
    return str(mapping.get(value, "")) if isinstance(value, str) else ""


def report_text(data: dict, document_names: dict[int, str] | None = None) -> list[str]:
    """The report as readable lines, in the template's order: what the diff compares."""
    data = data or {}
    document_names = document_names or {}
    lines = []

    def section(title):
        if lines:
            lines.append("")
        lines.append(f"## {title}")

    def text(value):
        lines.extend(str(value or "–").splitlines() or ["–"])

    section(_("Summary"))
    text(data.get("summary"))
    section(_("Results"))
    for row in data.get("results") or []:
        kind = _label(RESULT_KINDS, row.get("kind")) or str(row.get("kind", ""))
        outcome = _label(OUTCOMES, row.get("outcome")) or _("no outcome chosen")
        lines.append(f"- {kind}: {row.get('text', '')} – {outcome}")
        for line in str(row.get("evidence") or "").splitlines():
            lines.append(f"  {line}")
    section(_("Lessons"))
    text(data.get("lessons"))
    section(_("Recommendations"))
    text(data.get("recommendations"))
    section(_("Recommended next step"))
    lines.append(_label(FOLLOW_ON, data.get("follow_on")) or "–")
    section(_("Attachments"))
    for pk in data.get("attachments") or []:
        name = document_names.get(pk) or _("document %(id)s") % {"id": pk}
        lines.append(f"- {name}")
    if not data.get("attachments"):
        lines.append("–")
    return lines


def report_diff(older, newer, provrum: Provrum | None = None) -> list[DiffLine]:
    """What changed between two versions (``ReportVersion`` or report data), line by line.

    With ``provrum``, attachments are named by their documents' names.
    """
    old_data = getattr(older, "data", older) or {}
    new_data = getattr(newer, "data", newer) or {}
    names = {}
    if provrum is not None:
        ids = {
            pk
            for data in (old_data, new_data)
            for pk in data.get("attachments") or []
            if isinstance(pk, int)
        }
        if ids:
            names = dict(
                Document.objects.filter(provrum=provrum, pk__in=ids).values_list("pk", "name")
            )
    return lines_diff(report_text(old_data, names), report_text(new_data, names))


def report_search_text(provrum: Provrum, data: dict) -> str:
    """Stemmed words of the title and the report's texts, for the results search."""
    text = " ".join(
        [
            provrum.title,
            str(data.get("summary") or ""),
            str(data.get("lessons") or ""),
            str(data.get("recommendations") or ""),
        ]
    )
    return " " + " ".join(stems(text)) + " "


# Writes ------------------------------------------------------------------------


def _report_state_refusal(provrum: Provrum) -> None:
    """Refuse (409) a write the report's or the provrum's state does not allow."""
    try:
        status = provrum.report.status
    except FinalReport.DoesNotExist:
        status = None
    if status in LOCKED_STATUSES:
        raise lifecycle.RuleViolation(
            [rules.Reason("report_locked", rules.ERROR, {"status": status})]
        )
    if provrum.state != State.RUNNING:
        raise lifecycle.RuleViolation(
            [rules.Reason("report_not_running", rules.ERROR, {"state": provrum.state})]
        )


def _require(provrum: Provrum, by, permission: str, in_group, message: str) -> None:
    """403 for people outside ``in_group``; 409 for those inside when the state says no."""
    if by.has_perm(permission, provrum):
        return
    if in_group(by, provrum):
        _report_state_refusal(provrum)
    raise PermissionDenied(message)


@transaction.atomic
def report_save(*, provrum: Provrum, by, data, version) -> FinalReport:
    """Save the report as a new version.

    ``version`` is the version the person started from (0 for a new report).
    An older one is refused with ``ValidationError(code="stale_version")``
    whose ``params["version"]`` is the current version: nobody overwrites
    another's edit unseen. Input that is not valid is refused with the messages
    per field path (``report_validation``); an attachment must be one of the
    provrum's documents. A save that changes nothing returns the report as it is.
    """

    def require(provrum, by):
        _require(
            provrum,
            by,
            "provrum.edit_report",
            represents_participant,
            _("Only the participating organisations can edit the final report."),
        )

    def clean(provrum, data):
        return clean_report_data(
            data,
            rows=[(row.kind, row.text) for row in report_rows(provrum)],
            document_ids=set(report_documents(provrum).values_list("pk", flat=True)),
        )

    return review.save(
        REPORT, provrum=provrum, by=by, data=data, version=version, require=require, clean=clean
    )


@transaction.atomic
def report_submit(*, provrum: Provrum, by, version=None) -> FinalReport:
    """The leader's representative submits the report to the office: the provrum is reported.

    Refused (``RuleViolation``) while something is missing: an outcome for a
    result, the summary or the lessons – every missing part is listed. With
    ``version``, a report saved by someone else in between is refused as stale.
    A second submit of a submitted report returns it as it is.
    """
    provrum = review.locked(REPORT, provrum)
    report = report_of(provrum)
    if (
        report.status == FinalReport.Status.SUBMITTED
        and provrum.state == State.REPORTED
        and represents_leader(by, provrum)
    ):
        return report
    if provrum.state not in {State.RUNNING, State.REPORTED}:
        # A state the table does not let become reported is refused as such (409),
        # as plan.services.provrum_start does: the real reason is the state.
        lifecycle.check_transition(provrum, State.REPORTED)
    _require(
        provrum,
        by,
        "provrum.submit_report",
        represents_leader,
        _("Only the leader organisation's representative can submit the final report."),
    )
    if version is not None:
        review.refuse_if_stale(REPORT, report, review.version_number(REPORT, version))
    lifecycle.refuse(report_check(report.data))
    report = review.for_update(REPORT, provrum)
    old = lifecycle.transition(provrum, State.REPORTED)
    lifecycle.save(provrum, reason="reported")
    review.mark_submitted(report, by=by)
    lifecycle.record(
        provrum,
        Event.Action.REPORTED,
        by=by,
        organisation=provrum.leader,
        from_state=old,
        to_state=provrum.state,
    )
    return report


def _office_report(provrum: Provrum, by, message: str) -> tuple[Provrum, FinalReport]:
    return review.office_document(REPORT, provrum, by, "provrum.decide", message)


def _require_submitted(provrum: Provrum, by, report: FinalReport) -> None:
    if report.pk is None or not by.has_perm("provrum.decide_report", provrum):
        raise lifecycle.RuleViolation(
            [rules.Reason("report_not_submitted", rules.ERROR, {"status": report.status})]
        )


@transaction.atomic
def report_approve(*, provrum: Provrum, by, comment: str = "") -> FinalReport:
    """The office approves a submitted report: it is published on the results page.

    The provrum stays reported: its results are to be disseminated next. A
    second approval returns the report as it is.
    """
    provrum, report = _office_report(
        provrum, by, _("Only the office can approve the final report.")
    )
    if report.status == FinalReport.Status.APPROVED:
        return report
    _require_submitted(provrum, by, report)
    comment = review.clean_comment(comment)
    now = timezone.now()
    review.decide(
        REPORT,
        report,
        by=by,
        status=FinalReport.Status.APPROVED,
        comment=comment,
        now=now,
        published_at=now,
        search_text=report_search_text(provrum, report.data),
    )
    lifecycle.record(provrum, Event.Action.REPORT_APPROVED, by=by, note=comment)
    return report


@transaction.atomic
def report_return(*, provrum: Provrum, by, comment: str) -> FinalReport:
    """The office returns a submitted report with a comment; the provrum runs again."""
    provrum, report = _office_report(provrum, by, _("Only the office can return the final report."))
    if report.status == FinalReport.Status.RETURNED:
        return report
    _require_submitted(provrum, by, report)
    comment = review.return_comment(REPORT, comment)
    old = lifecycle.transition(provrum, State.RUNNING)
    lifecycle.save(provrum, reason="report returned")
    review.decide(REPORT, report, by=by, status=FinalReport.Status.RETURNED, comment=comment)
    lifecycle.record(
        provrum,
        Event.Action.REPORT_RETURNED,
        by=by,
        from_state=old,
        to_state=provrum.state,
        note=comment,
    )
    return report


@transaction.atomic
def report_comment(*, provrum: Provrum, by, body: str) -> ReportComment:
    """A comment on the report by the office or the group, tied to the current version.

    The same comment by the same person within a minute is a double submit and
    returns the first one.
    """
    refused = _("You cannot comment on this final report.")
    return review.comment(REPORT, provrum=provrum, by=by, body=body, message=refused)
