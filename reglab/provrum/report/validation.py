"""Cleaning a final report typed by people (the editor) or sent by programs (the API).

``clean_report_data(raw, rows=..., document_ids=...)`` returns ``(data, errors)``,
as ``plan_validation.clean_plan_data`` does:

- ``data`` is the report in its one JSON shape (see ``models.empty_report_data``
  and the contract the results and evaluation pages read): texts trimmed, one
  result per success criterion and indicator of the approved plan, in the plan's
  order, attachments as a list of document ids. A value that is not valid is
  KEPT as typed, so the editor can show it again next to its message.
- ``errors`` maps a field path to a list of Swedish (translatable) messages:
  ``"summary"``, ``"results"`` (the list itself), ``"results.0.outcome"``,
  ``"results.1.evidence"``, ``"follow_on"``, ``"attachments"``…

A draft may be incomplete. What submitting asks for is not a matter of input
but of the report's content, so it is a rule: ``check_report_complete`` returns
the reasons (one per missing outcome, a missing summary, missing lessons).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.provrum.messages import MESSAGES
from reglab.provrum.models import Outcome
from reglab.provrum.plan.validation import FieldErrors, check_length, clean_text
from reglab.provrum.rules import ERROR, Reason

SUMMARY_LIMIT = 3_000
EVIDENCE_LIMIT = 3_000
LONG_TEXT_LIMIT = 10_000
RESULT_TEXT_LIMIT = 2_000
MAX_RESULTS = 200
MAX_ATTACHMENTS = 100
# How much of a criterion's text a reason repeats, so the message stays a sentence.
REASON_TEXT_LIMIT = 80

OUTCOMES = {value: label for value, label in Outcome.choices}
RESULT_KINDS = {
    "criterion": gettext_lazy("Success criterion"),
    "indicator": gettext_lazy("Indicator"),
}
FOLLOW_ON = {
    "learning_project": gettext_lazy("A follow-on learning project"),
    "new_provrum": gettext_lazy("A new provrum"),
    "none": gettext_lazy("No follow-on"),
}
TEXT_FIELDS = (
    ("summary", SUMMARY_LIMIT),
    ("lessons", LONG_TEXT_LIMIT),
    ("recommendations", LONG_TEXT_LIMIT),
)
_ID = re.compile(r"\d{1,18}")

# The report's reason codes, with their texts: the same mechanism as the format's
# rules (messages.reason_message), so views and the API show them alike.
REPORT_MESSAGES = {
    "report_outcome_missing": gettext_lazy(
        "Choose whether “%(text)s” was met, partly met or not met."
    ),
    "report_summary_missing": gettext_lazy("Write a summary of the results."),
    "report_lessons_missing": gettext_lazy("Write the lessons the provrum has taught."),
    "report_not_running": gettext_lazy("The final report is written while the provrum is running."),
    "report_locked": gettext_lazy(
        "The final report is submitted or approved; "
        "it can be changed again if the office returns it."
    ),
    "report_not_submitted": gettext_lazy(
        "The final report must be submitted before the office decides on it."
    ),
}
for _code, _message in REPORT_MESSAGES.items():
    MESSAGES.setdefault(_code, _message)


def is_outcome(value) -> bool:
    """Met, partly met or not met (a code of ``models.Outcome``)."""
    return isinstance(value, str) and value in OUTCOMES


def _rows_given(raw, errors: FieldErrors) -> list:
    value = raw.get("results")
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        errors.add("results", _("This must be a list of rows."))
        return []
    if len(value) > MAX_RESULTS:
        errors.add("results", _("At most %(count)s rows.") % {"count": MAX_RESULTS})
    return value[:MAX_RESULTS]


def _outcome_and_evidence(row: dict, path: str, errors: FieldErrors) -> dict:
    outcome = row.get("outcome")
    outcome = "" if outcome is None else outcome
    if isinstance(outcome, str):
        outcome = outcome.strip()
    if outcome != "" and not is_outcome(outcome):
        errors.add(f"{path}.outcome", _("Choose met, partly met or not met."))
    evidence = clean_text(row.get("evidence"))
    check_length(errors, f"{path}.evidence", evidence, EVIDENCE_LIMIT)
    return {"outcome": outcome, "evidence": evidence}


def _clean_free_results(raw, errors: FieldErrors) -> list:
    """Results named by the input itself (no plan to follow)."""
    results = []
    for row in _rows_given(raw, errors):
        if not isinstance(row, dict):
            errors.add("results", _("Each result must be a set of fields."))
            continue
        path = f"results.{len(results)}"
        kind, text = clean_text(row.get("kind")), clean_text(row.get("text"))
        if kind not in RESULT_KINDS:
            errors.add(f"{path}.kind", _("Choose a success criterion or an indicator."))
        if not text:
            errors.add(f"{path}.text", _("Write the criterion or the indicator."))
        check_length(errors, f"{path}.text", text, RESULT_TEXT_LIMIT)
        results.append({"kind": kind, "text": text, **_outcome_and_evidence(row, path, errors)})
    return results


def _clean_plan_results(raw, errors: FieldErrors, rows) -> list:
    """One result per row of the plan, in its order; the input gives outcome and evidence."""
    given = _rows_given(raw, errors)
    if given and len(given) != len(rows):
        errors.add(
            "results",
            _(
                "The report has one result per success criterion and indicator of the "
                "project plan (%(count)s), in the plan's order."
            )
            % {"count": len(rows)},
        )
    results = []
    for index, (kind, text) in enumerate(rows):
        path = f"results.{index}"
        row = given[index] if index < len(given) else {}
        if not isinstance(row, dict):
            errors.add(path, _("Each result must be a set of fields."))
            row = {}
        given_kind, given_text = clean_text(row.get("kind")), clean_text(row.get("text"))
        if (given_kind and given_kind != kind) or (given_text and given_text != text):
            errors.add(
                f"{path}.text",
                _("In the project plan this row is “%(text)s”; keep the plan's order.")
                % {"text": text},
            )
        results.append({"kind": kind, "text": text, **_outcome_and_evidence(row, path, errors)})
    return results


def _clean_attachments(raw, errors: FieldErrors, document_ids) -> list:
    value = raw.get("attachments")
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        value = [value]
    ids, unreadable, foreign = [], False, []
    for item in value[: MAX_ATTACHMENTS * 2]:
        if isinstance(item, int) and not isinstance(item, bool):
            number = item
        elif isinstance(item, str) and _ID.fullmatch(item.strip()):
            number = int(item.strip())
        else:
            unreadable = True
            continue
        if document_ids is not None and number not in document_ids:
            foreign.append(number)
            continue
        if number not in ids:
            ids.append(number)
    if unreadable:
        errors.add("attachments", _("Choose the attachments by their document numbers."))
    if foreign:
        errors.add(
            "attachments",
            _("Only the provrum's own documents can be attached (not %(ids)s).")
            % {"ids": ", ".join(str(number) for number in foreign[:10])},
        )
    if len(ids) > MAX_ATTACHMENTS:
        errors.add("attachments", _("At most %(count)s attachments.") % {"count": MAX_ATTACHMENTS})
    return ids


def clean_report_data(raw, *, rows=None, document_ids=None) -> tuple[dict, dict[str, list[str]]]:
    """The report cleaned, and the messages for what is not valid (see the module docstring).

    ``rows``: the (kind, text) of each success criterion and indicator of the
    approved plan; the results follow them. Without it the input names its rows.
    ``document_ids``: the ids of the provrum's documents; an attachment must be one.
    """
    errors = FieldErrors()
    if not isinstance(raw, dict):
        errors.add("__all__", _("The report must be a set of fields."))
        raw = {}
    data = {}
    for name, limit in TEXT_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            errors.add(name, _("Write this as text."))
        data[name] = clean_text(value)
        check_length(errors, name, data[name], limit)
    if rows is None:
        data["results"] = _clean_free_results(raw, errors)
    else:
        data["results"] = _clean_plan_results(raw, errors, list(rows))
    follow_on = raw.get("follow_on")
    follow_on = "" if follow_on is None else follow_on
    if isinstance(follow_on, str):
        follow_on = follow_on.strip()
    if follow_on != "" and not (isinstance(follow_on, str) and follow_on in FOLLOW_ON):
        errors.add(
            "follow_on", _("Choose a follow-on learning project, a new provrum or no follow-on.")
        )
    data["follow_on"] = follow_on
    data["attachments"] = _clean_attachments(raw, errors, document_ids)
    ordered = {
        key: data[key]
        for key in ("summary", "results", "lessons", "recommendations", "follow_on", "attachments")
    }
    return ordered, dict(errors)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) <= REASON_TEXT_LIMIT:
        return text
    return text[: REASON_TEXT_LIMIT - 1].rstrip() + "…"


def check_report_complete(data: dict) -> list[Reason]:
    """What the report lacks before it can be submitted; every reason is reported.

    Each result needs an outcome (met, partly met or not met); the summary and
    the lessons must be written. Recommendations, the next step and the
    attachments are optional.
    """
    data = data if isinstance(data, dict) else {}
    reasons = []
    for index, row in enumerate(data.get("results") or []):
        row = row if isinstance(row, dict) else {}
        if not is_outcome(row.get("outcome")):
            reasons.append(
                Reason(
                    "report_outcome_missing",
                    ERROR,
                    {
                        "number": index + 1,
                        "kind": row.get("kind", ""),
                        "text": _short(row.get("text", "")),
                    },
                )
            )
    if not clean_text(data.get("summary")):
        reasons.append(Reason("report_summary_missing", ERROR))
    if not clean_text(data.get("lessons")):
        reasons.append(Reason("report_lessons_missing", ERROR))
    return reasons
