"""The final report pages: the editor, the office's decision, the versions and their diff.

While the provrum runs, the group writes its report on Reglab's template,
prefilled from the approved plan: one result per success criterion and
indicator, each with its outcome and evidence; then the summary, the lessons,
the recommendations, the recommended next step and the attachments, chosen
among the provrum's documents. The editor is one plain form that works without
JavaScript; htmx asks the server what is still missing as the person types
(``report_check_fragment``). Those who may not edit read the report.

Views are thin: ``report_validation.clean_report_data`` reads the input, a
service in ``reports`` writes. Nothing typed is lost: a refused save shows the
form again with every value as typed and the message next to its field.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reglab.provrum import reports
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import ReportComment, State
from reglab.provrum.report_validation import (
    EVIDENCE_LIMIT,
    FOLLOW_ON,
    LONG_TEXT_LIMIT,
    MAX_RESULTS,
    OUTCOMES,
    RESULT_KINDS,
    SUMMARY_LIMIT,
    clean_report_data,
)
from reglab.provrum.selectors import provrum_get_for
from reglab.provrum.views import provrum_area
from reglab.provrum.web import (
    Feedback,
    error_dict,
    is_stale,
    refusal,
    run_action,
    stale_feedback,
)

VERSIONS_PER_PAGE = 20
RESULT_NAME = re.compile(r"^results-(?P<index>\d{1,4})-(?P<field>outcome|evidence)$")
TEXTS = {
    "summary": (
        gettext_lazy("Summary"),
        gettext_lazy(
            "What the provrum found, in a few paragraphs. It opens the report on the "
            "public results page."
        ),
        SUMMARY_LIMIT,
        6,
    ),
    "lessons": (
        gettext_lazy("Lessons"),
        gettext_lazy("What the group has learnt, about the question and about working together."),
        LONG_TEXT_LIMIT,
        6,
    ),
    "recommendations": (
        gettext_lazy("Recommendations"),
        gettext_lazy("What the group recommends Reglab's members to do next."),
        LONG_TEXT_LIMIT,
        5,
    ),
}
REQUIRED_TEXTS = {"summary", "lessons"}


# Reading the form -------------------------------------------------------------


def report_from_post(post) -> dict:
    """The report as typed, in the report's JSON shape, with the values as strings.

    Results come from names like ``results-2-outcome``; row numbers are the
    rows of the plan (a gap is an empty row), so ``clean_report_data`` can tell
    the plan's rows apart.
    """
    raw = {name: post.get(name, "") for name in TEXTS}
    raw["follow_on"] = post.get("follow_on", "")
    raw["attachments"] = post.getlist("attachments")
    rows: dict[int, dict] = {}
    for key in post:
        match = RESULT_NAME.match(key)
        if not match:
            continue
        index = int(match["index"])
        if index >= MAX_RESULTS * 2:
            continue
        rows.setdefault(index, {})[match["field"]] = post.get(key, "")
    raw["results"] = [rows.get(index, {}) for index in range(max(rows, default=-1) + 1)]
    return raw


# Building the editor ----------------------------------------------------------


def _field(name, label, widget, value, errors, **extra) -> dict:
    """A field as ``partials/plan_field.html`` shows it, with its messages tied to it."""
    field_id = f"id_{name}"
    described = [f"{field_id}_help"] if extra.get("help") else []
    described += [f"{field_id}_error"] if errors else []
    return {
        "key": name,
        "name": name,
        "id": field_id,
        "label": label,
        "widget": widget,
        "value": "" if value is None else value,
        "errors": errors,
        "describedby": " ".join(described),
        **extra,
    }


def _value(value) -> str:
    return "" if value is None else str(value)


def editor_fields(data: dict, errors: dict, rows, documents) -> dict:
    """The editor's fields with their values and messages."""
    texts = {
        name: _field(
            name,
            label,
            "textarea",
            _value(data.get(name)),
            errors.get(name, []),
            help=help_text,
            required=name in REQUIRED_TEXTS,
            maxlength=limit,
            rows=height,
        )
        for name, (label, help_text, limit, height) in TEXTS.items()
    }
    given = data.get("results") or []
    results = []
    numbers = {"criterion": 0, "indicator": 0}
    for index, row in enumerate(rows):
        values = given[index] if index < len(given) and isinstance(given[index], dict) else {}
        numbers[row.kind] += 1
        outcome_errors = errors.get(f"results.{index}.outcome", []) + errors.get(
            f"results.{index}.text", []
        )
        evidence_errors = errors.get(f"results.{index}.evidence", [])
        results.append(
            {
                "index": index,
                "kind": row.kind,
                "kind_label": RESULT_KINDS[row.kind],
                "number": numbers[row.kind],
                "text": row.text,
                "detail": row.detail,
                "outcome": _value(values.get("outcome")),
                "outcome_name": f"results-{index}-outcome",
                "outcome_errors": outcome_errors,
                "evidence": _field(
                    f"results-{index}-evidence",
                    _("What shows it"),
                    "textarea",
                    _value(values.get("evidence")),
                    evidence_errors,
                    maxlength=EVIDENCE_LIMIT,
                    rows=3,
                ),
                "errors": bool(outcome_errors or evidence_errors),
            }
        )
    chosen = {item for item in data.get("attachments") or [] if isinstance(item, int)}
    return {
        "texts": texts,
        "results": results,
        "results_errors": errors.get("results", []),
        "outcome_choices": list(OUTCOMES.items()),
        "follow_on_choices": [("", _("Not decided yet")), *FOLLOW_ON.items()],
        "follow_on": _value(data.get("follow_on")),
        "follow_on_errors": errors.get("follow_on", []),
        "documents": [
            {"document": document, "chosen": document.pk in chosen} for document in documents
        ],
        "attachments_errors": errors.get("attachments", []),
    }


def _check_context(data: dict) -> dict:
    """What the report (as typed) still lacks before it can be submitted."""
    missing = [reason_dict(reason) for reason in reports.report_check(data)]
    return {"missing": missing, "complete": not missing}


def _page(request, provrum, *, data=None, errors=None, version=None, status=200, **extra):
    """The report page: the editor for the group, the report to read for the others."""
    user = request.user
    report = reports.report_of(provrum)
    editable = user.has_perm("provrum.edit_report", provrum)
    if data is None:
        data = report.data
    errors = errors or {}
    comments = list(reports.report_comments(report))
    context = {
        **_check_context(data),
        "provrum": provrum,
        "report": report,
        "editable": editable,
        "is_running": provrum.state == State.RUNNING,
        "version": report.version if version is None else version,
        "can_submit": user.has_perm("provrum.submit_report", provrum),
        "can_decide": report.pk is not None and user.has_perm("provrum.decide_report", provrum),
        "report_comments": comments,
        "last_return": next(
            (c for c in reversed(comments) if c.kind == ReportComment.Kind.RETURNED),
            None,
        ),
        "can_comment": user.has_perm("provrum.comment_report", provrum),
        "form_errors": [],
        "error_codes": [],
    }
    if editable:
        documents = list(reports.report_documents(provrum))
        context.update(editor_fields(data, errors, reports.report_rows(provrum), documents))
        if errors:
            context["form_errors"] = errors.get("__all__", []) or [
                _("Some fields need to be corrected. See the messages by each field.")
            ]
            context["error_codes"] = ["invalid"]
    else:
        context["attachments"] = reports.report_attachments(provrum, data)
    context.update(extra)
    return render(request, "provrum/report/report_page.html", context, status=status)


def _report_provrum(request, pk):
    """The provrum, if the person may read its report; 404 as for a missing one (as the API)."""
    return reports.report_get_for(user=request.user, pk=pk).provrum


def _clean(provrum, raw):
    return clean_report_data(
        raw,
        rows=[(row.kind, row.text) for row in reports.report_rows(provrum)],
        document_ids=set(reports.report_documents(provrum).values_list("pk", flat=True)),
    )


# The pages --------------------------------------------------------------------


@provrum_area
def report_edit(request, pk):
    """The report: the group edits it (GET shows, POST saves and, for the leader, submits)."""
    provrum = _report_provrum(request, pk)
    if request.method != "POST":
        return _page(request, provrum)
    if not request.user.has_perm("provrum.edit_report", provrum):
        raise PermissionDenied(_("The final report cannot be changed now."))
    submitting = request.POST.get("action") == "submit"
    data, errors = _clean(provrum, report_from_post(request.POST))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    if errors:
        return _page(request, provrum, data=data, errors=errors, version=version, status=400)
    try:
        saved = reports.report_save(provrum=provrum, by=request.user, data=data, version=version)
    except ValidationError as error:
        if is_stale(error):
            # Keep what the person typed; the next save builds on the saved version.
            return _page(
                request,
                provrum_get_for(user=request.user, pk=pk),
                data=data,
                version=error.params["version"],
                status=409,
                feedback=stale_feedback(
                    _(
                        "Someone else saved the report while you were writing. Your text is "
                        "kept below; compare it with the latest version, then save again."
                    ),
                    "report",
                ),
            )
        return _page(
            request, provrum, data=data, errors=error_dict(error), version=version, status=400
        )
    except RuleViolation as error:
        # The report was submitted or the state changed since the page was opened.
        return _page(
            request,
            provrum_get_for(user=request.user, pk=pk),
            data=data,
            version=version,
            status=409,
            feedback=refusal(error, "report"),
        )
    except PermissionDenied as error:
        return _page(
            request,
            provrum_get_for(user=request.user, pk=pk),
            data=data,
            version=version,
            status=403,
            feedback=refusal(error, "report"),
        )
    if submitting:
        feedback = run_action(
            "report",
            # The version just saved: a save by someone else in between is not submitted unseen.
            lambda: reports.report_submit(provrum=provrum, by=request.user, version=saved.version),
            _("The final report is submitted to the office."),
        )
        if not feedback.ok:
            provrum = provrum_get_for(user=request.user, pk=pk)
            return _page(request, provrum, status=feedback.status, feedback=feedback)
        messages.success(request, feedback.message)
    else:
        messages.success(request, _("The final report is saved."))
    return redirect("provrum:report", pk=provrum.pk)


@provrum_area
@require_POST
def report_check_fragment(request, pk):
    """What is missing before the report can be submitted, for the report as typed (htmx)."""
    provrum = _report_provrum(request, pk)
    data, _errors = _clean(provrum, report_from_post(request.POST))
    return render(
        request,
        "provrum/report/report_page.html#check",
        {"provrum": provrum, **_check_context(data)},
    )


@provrum_area
@require_POST
def report_approve(request, pk):
    """The office approves the submitted report; it is published."""
    provrum = _report_provrum(request, pk)
    comment = request.POST.get("comment", "")[:10_000]
    feedback = run_action(
        "decision",
        lambda: reports.report_approve(provrum=provrum, by=request.user, comment=comment),
        _("The final report is approved and published on the results page."),
    )
    return _decided(request, pk, feedback, approve_comment=comment)


@provrum_area
@require_POST
def report_return(request, pk):
    """The office returns the submitted report with what needs to change."""
    provrum = _report_provrum(request, pk)
    comment = request.POST.get("comment", "")[:10_000]
    feedback = run_action(
        "decision",
        lambda: reports.report_return(provrum=provrum, by=request.user, comment=comment),
        _("The final report is returned to the group with your comment."),
    )
    return _decided(request, pk, feedback, return_comment=comment, return_error=not feedback.ok)


@provrum_area
@require_POST
def report_comment(request, pk):
    """A comment on the report, by the office or the group."""
    provrum = _report_provrum(request, pk)
    body = request.POST.get("body", "")[:10_000]
    feedback = run_action(
        "report_comment",
        lambda: reports.report_comment(provrum=provrum, by=request.user, body=body),
        _("Your comment is posted."),
    )
    if feedback.ok:
        messages.success(request, feedback.message)
        return redirect(reverse("provrum:report", kwargs={"pk": pk}) + "#report-comments")
    provrum = provrum_get_for(user=request.user, pk=pk)
    return _page(request, provrum, status=feedback.status, feedback=feedback, comment_body=body)


def _decided(request, pk, feedback: Feedback, **extra):
    if feedback.ok:
        messages.success(request, feedback.message)
        return redirect("provrum:report", pk=pk)
    provrum = provrum_get_for(user=request.user, pk=pk)
    return _page(request, provrum, status=feedback.status, feedback=feedback, **extra)


# Versions ---------------------------------------------------------------------


@provrum_area
def report_versions(request, pk):
    """Every saved version of the report, a page at a time; two are compared as a diff."""
    provrum = _report_provrum(request, pk)
    report = reports.report_of(provrum)
    versions = reports.report_versions(report)
    numbers = list(versions.values_list("number", flat=True)) if report.pk else []
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("sida"))
    diff = None
    older = newer = None
    if len(numbers) >= 2:
        newer = _number(request.GET.get("till"), numbers, default=numbers[0])
        older = _number(
            request.GET.get("fran"),
            numbers,
            default=max((n for n in numbers if n < newer), default=numbers[-1]),
        )
        chosen = versions.filter(number__in={older, newer})
        compared = {version.number: version for version in chosen}
        diff = reports.report_diff(compared[older], compared[newer], provrum=provrum)
    return render(
        request,
        "provrum/report/report_versions.html",
        {
            "provrum": provrum,
            "report": report,
            "page": page,
            "versions": list(page.object_list),
            "numbers": numbers,
            "older": older,
            "newer": newer,
            "diff": diff,
            # Paging keeps the versions being compared.
            "compare_query": urlencode({"fran": older, "till": newer}) if diff else "",
        },
    )


def _number(value, numbers, *, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in numbers else default
