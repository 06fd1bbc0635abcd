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

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.provrum.messages import reason_dict
from reglab.provrum.models import State
from reglab.provrum.report import services as reports
from reglab.provrum.report.timing import report_timing_reasons
from reglab.provrum.report.validation import (
    EVIDENCE_LIMIT,
    FOLLOW_ON,
    LONG_TEXT_LIMIT,
    MAX_RESULTS,
    OUTCOMES,
    RESULT_KINDS,
    SUMMARY_LIMIT,
    clean_report_data,
)
from reglab.provrum.reviewed import views as reviewed
from reglab.provrum.reviewed.views import field
from reglab.provrum.web import provrum_area

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


def _value(value) -> str:
    return "" if value is None else str(value)


def editor_fields(data: dict, errors: dict, rows, documents) -> dict:
    """The editor's fields with their values and messages."""
    texts = {
        name: field(
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
                "evidence": field(
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
        **reviewed.review_context(
            report, comments, editable=editable, version=version, errors=errors
        ),
        "provrum": provrum,
        "report": report,
        "is_running": provrum.state == State.RUNNING,
        "can_submit": user.has_perm("provrum.submit_report", provrum),
        "can_decide": report.pk is not None and user.has_perm("provrum.decide_report", provrum),
        "report_comments": comments,
        "can_comment": user.has_perm("provrum.comment_report", provrum),
        "timing_reasons": report_timing_reasons(provrum, report),
    }
    if editable:
        documents = list(reports.report_documents(provrum))
        context.update(editor_fields(data, errors, reports.report_rows(provrum), documents))
    else:
        context["attachments"] = reports.report_attachments(provrum, data)
    context.update(extra)
    return render(request, "provrum/report/report_page.html", context, status=status)


def _read(provrum, post, *, complete=False):
    # Whether the report is complete is the submit's check (``report_check``), not the form's.
    return clean_report_data(
        report_from_post(post),
        rows=[(row.kind, row.text) for row in reports.report_rows(provrum)],
        document_ids=set(reports.report_documents(provrum).values_list("pk", flat=True)),
    )


REPORT_PAGES = reviewed.PageKind(
    name="report",
    get_for=reports.report_get_for,
    page=_page,
    read=_read,
    edit_permission="provrum.edit_report",
    save=reports.report_save,
    # The version just saved: a save by someone else in between is not submitted unseen.
    submit=lambda *, provrum, by, saved: reports.report_submit(
        provrum=provrum, by=by, version=saved.version
    ),
    approve=reports.report_approve,
    return_=reports.report_return,
    comment=reports.report_comment,
    decision_limit=10_000,
    check_template="provrum/report/report_page.html#check",
    check_context=lambda provrum, data: _check_context(data),
    texts={
        "not_editable": lambda: _("The final report cannot be changed now."),
        "stale": lambda: _(
            "Someone else saved the report while you were writing. Your text is "
            "kept below; compare it with the latest version, then save again."
        ),
        "saved": lambda: _("The final report is saved."),
        "submitted": lambda: _("The final report is submitted to the office."),
        "approved": lambda: _("The final report is approved and published on the results page."),
        "returned": lambda: _("The final report is returned to the group with your comment."),
    },
)


# The pages: the editor (GET shows, POST saves and, for the leader, submits), what
# is missing for the report as typed (htmx), the office's approval (it is
# published) and return, and a comment by the office or the group.

report_edit, report_check_fragment, report_approve, report_return, report_comment = reviewed.pages(
    REPORT_PAGES
)


# Versions ---------------------------------------------------------------------


@provrum_area
def report_versions(request, pk):
    """Every saved version of the report, a page at a time; two are compared as a diff."""
    provrum = reviewed.document_provrum(REPORT_PAGES, request, pk)
    report = reports.report_of(provrum)
    versions = reports.report_versions(report)
    numbers = list(versions.values_list("number", flat=True)) if report.pk else []
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("sida"))
    older, newer = reviewed.compared(request.GET, numbers)
    diff = None
    if newer is not None:
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
