"""Cleaning a project plan typed by people (the editor) or sent by programs (the API).

``clean_plan_data(raw)`` returns ``(data, errors)``:

- ``data`` is the plan in its one JSON shape (see ``models.empty_plan_data``):
  texts trimmed, amounts as whole kronor (``int``), dates as ``"YYYY-MM-DD"``,
  rows that are entirely blank dropped. A value that is not valid is KEPT as it
  was typed (a string), so the editor can show it again next to its message:
  nothing typed is lost.
- ``errors`` maps a field path to a list of Swedish (translatable) messages.
  Paths: ``"purpose"``, ``"start"``, ``"milestones"`` (the list itself),
  ``"milestones.0.date"``, ``"budget_lines.2.amount"``, ``"financing.1.organisation"``…
  Row numbers count the rows of the returned ``data`` (blank rows removed).

An empty plan is valid (a draft is saved as it grows). A row someone started
must be complete (a budget line needs its description and amount…).
``complete=True`` also requires the main texts and the dates: that is what
submitting the plan asks for.
"""

import re
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.provrum.rules.funding import FIRST_PLAN_YEAR, LAST_PLAN_YEAR

TEXT_FIELDS = ("purpose", "expected_result", "main_question", "delimitations")
REQUIRED_TEXT_FIELDS = ("purpose", "expected_result", "main_question")
LONG_TEXT_LIMIT = 10_000
SHORT_TEXT_LIMIT = 500
MAX_ROWS = 100
MAX_AMOUNT_SEK = 100_000_000

MEETINGS = ("none", "physical", "digital")
BUDGET_CATEGORIES = {
    "expertise": gettext_lazy("Expertise bought in"),
    "communication": gettext_lazy("Communication and dissemination"),
    "meetings_travel": gettext_lazy("Meetings and travel"),
    "venue_catering": gettext_lazy("Venue and catering"),
    "working_time": gettext_lazy("Working time"),
    "other": gettext_lazy("Other costs"),
}
FINANCING_SOURCES = {
    "organisation": gettext_lazy("Own contribution"),
    "base_funding": gettext_lazy("Reglab's base funding"),
    "other": gettext_lazy("Other financing"),
}
MEETING_LABELS = {
    "none": gettext_lazy("No meeting"),
    "physical": gettext_lazy("Physical meeting"),
    "digital": gettext_lazy("Digital meeting"),
}
FIELD_LABELS = {
    "purpose": gettext_lazy("Purpose"),
    "expected_result": gettext_lazy("Expected result"),
    "main_question": gettext_lazy("Main question"),
    "delimitations": gettext_lazy("Delimitations"),
    "start": gettext_lazy("Start date"),
    "end": gettext_lazy("End date"),
}

TRUE_VALUES = {"1", "true", "on", "yes", "ja"}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class FieldErrors(dict):
    """Messages by field path (``budget_lines.0.amount``), for plan and report alike."""

    def add(self, path: str, message: str) -> None:
        self.setdefault(path, []).append(str(message))


def clean_text(value) -> str:
    """A typed value as trimmed text; a number as its digits; anything else as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int | float):
        return str(value)
    return ""


def check_length(errors: FieldErrors, path: str, text: str, limit: int) -> None:
    """Add a message under ``path`` when ``text`` is longer than ``limit``."""
    if len(text) > limit:
        errors.add(
            path,
            _("The text may be at most %(limit)s characters (now %(count)s).")
            % {
                "limit": f"{limit:,}".replace(",", " "),
                "count": f"{len(text):,}".replace(",", " "),
            },
        )


def parse_amount(value):
    """(amount, error message or None). The amount is the typed value when not valid."""
    if isinstance(value, bool):
        return value, _("Enter the amount in whole kronor, with digits.")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            return value, _("Enter the amount in whole kronor, without öre.")
        amount = int(value)
    elif value is not None and not isinstance(value, str):
        return value, _("Enter the amount in whole kronor, with digits.")
    else:
        typed = clean_text(value)
        compact = _SPACES.sub("", typed).replace("−", "-")
        if compact.lower().endswith("kr"):
            compact = compact[:-2]
        if not compact:
            return typed, _("Enter an amount.")
        if re.fullmatch(r"-?[0-9]+[.,][0-9]+", compact):
            if re.fullmatch(r"-?[0-9]+[.,]0+", compact):
                compact = re.split(r"[.,]", compact)[0]
            else:
                return typed, _("Enter the amount in whole kronor, without öre.")
        if not re.fullmatch(r"-?[0-9]+", compact):  # ASCII digits only
            return typed, _("Enter the amount in whole kronor, with digits.")
        if len(compact) > 15:
            return typed, _("The amount may be at most 100 000 000 kr.")
        amount = int(compact)
    if amount < 0:
        return value, _("The amount cannot be negative.")
    if amount > MAX_AMOUNT_SEK:
        return value, _("The amount may be at most 100 000 000 kr.")
    return amount, None


def parse_date(value):
    """(ISO date string or None, error message or None); the typed value is kept when not valid."""
    if value is None:
        return None, None
    if isinstance(value, date):
        return value.isoformat(), None
    typed = clean_text(value)
    if not typed:
        return None, None
    try:
        parsed = date.fromisoformat(typed)
    except ValueError:
        return typed, _("Enter a date as YYYY-MM-DD, for example 2026-03-15.")
    in_years = FIRST_PLAN_YEAR <= parsed.year <= LAST_PLAN_YEAR
    if not in_years or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):
        return typed, _("Enter a date as YYYY-MM-DD, for example 2026-03-15.")
    return parsed.isoformat(), None


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):  # a checkbox and its hidden twin
        return any(_flag(item) for item in value)
    return clean_text(value).lower() in TRUE_VALUES


def _rows(raw, name: str, errors: FieldErrors) -> list:
    value = raw.get(name)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        errors.add(name, _("This must be a list of rows."))
        return []
    if len(value) > MAX_ROWS:
        errors.add(name, _("At most %(count)s rows.") % {"count": MAX_ROWS})
    return value[: MAX_ROWS * 2]


def _row_dict(row) -> dict | None:
    return row if isinstance(row, dict) else None


def _blank(row: dict, keys) -> bool:
    return all(
        row.get(key) in (None, "", False)
        or (isinstance(row.get(key), str) and not row[key].strip())
        for key in keys
    )


def _filled_rows(raw, name: str, errors: FieldErrors, keys, not_a_set: str):
    """The rows of ``name`` that are sets of fields and not blank in ``keys``, with their paths.

    A row that is not a set of fields is refused with ``not_a_set``; a blank
    one is left out, so the paths count only the rows kept.
    """
    index = 0
    for row in _rows(raw, name, errors):
        row = _row_dict(row)
        if row is None:
            errors.add(name, not_a_set)
            continue
        if _blank(row, keys):
            continue
        yield f"{name}.{index}", row
        index += 1


def _row_text(errors: FieldErrors, path: str, row: dict, key: str, limit: int, missing=None):
    """A row's text field cleaned; ``missing`` is the message when it is required and empty."""
    text = clean_text(row.get(key))
    if missing is not None and not text:
        errors.add(f"{path}.{key}", missing)
    check_length(errors, f"{path}.{key}", text, limit)
    return text


def _clean_milestones(raw, errors) -> list:
    rows = []
    for path, row in _filled_rows(
        raw,
        "milestones",
        errors,
        ("date", "title", "place"),
        _("Each milestone must be a set of fields."),
    ):
        when, error = parse_date(row.get("date"))
        if error:
            errors.add(f"{path}.date", error)
        elif when is None:
            errors.add(f"{path}.date", _("Enter the milestone's date."))
        title = _row_text(
            errors, path, row, "title", SHORT_TEXT_LIMIT, _("Write what happens at the milestone.")
        )
        meeting = clean_text(row.get("meeting")) or "none"
        if meeting not in MEETINGS:
            errors.add(f"{path}.meeting", _("Choose no meeting, a physical or a digital meeting."))
        place = clean_text(row.get("place"))
        if meeting in ("physical", "digital") and not place:
            if meeting == "physical":
                errors.add(f"{path}.place", _("Write where the meeting is held."))
            else:
                errors.add(f"{path}.place", _("Give the link to the digital meeting."))
        check_length(errors, f"{path}.place", place, SHORT_TEXT_LIMIT)
        rows.append({"date": when, "title": title, "meeting": meeting, "place": place})
    return rows


def _clean_resources(raw, errors) -> list:
    rows = []
    for path, row in _filled_rows(
        raw, "resources", errors, ("who", "what"), _("Each resource must be a set of fields.")
    ):
        who = _row_text(errors, path, row, "who", SHORT_TEXT_LIMIT, _("Write who contributes."))
        what = _row_text(errors, path, row, "what", 2000, _("Write what they do."))
        rows.append({"who": who, "what": what})
    return rows


def _clean_criteria(raw, errors) -> list:
    rows = []
    for row in _rows(raw, "success_criteria", errors):
        if isinstance(row, dict):
            row = row.get("text", row.get("criterion"))
        text = clean_text(row)
        if not text:
            continue
        check_length(errors, f"success_criteria.{len(rows)}", text, 2000)
        rows.append(text)
    return rows


def _clean_indicators(raw, errors) -> list:
    rows = []
    for path, row in _filled_rows(
        raw,
        "indicators",
        errors,
        ("indicator", "measured_by"),
        _("Each indicator must be a set of fields."),
    ):
        indicator = _row_text(
            errors, path, row, "indicator", SHORT_TEXT_LIMIT, _("Write the indicator.")
        )
        measured_by = _row_text(
            errors, path, row, "measured_by", 2000, _("Write how the indicator is measured.")
        )
        rows.append({"indicator": indicator, "measured_by": measured_by})
    return rows


def _clean_budget(raw, errors) -> list:
    rows = []
    for path, row in _filled_rows(
        raw,
        "budget_lines",
        errors,
        ("description", "amount"),
        _("Each budget line must be a set of fields."),
    ):
        category = clean_text(row.get("category"))
        if category not in BUDGET_CATEGORIES:
            errors.add(f"{path}.category", _("Choose a cost category."))
        description = _row_text(
            errors, path, row, "description", SHORT_TEXT_LIMIT, _("Describe the cost.")
        )
        amount, error = parse_amount(row.get("amount"))
        if error:
            errors.add(f"{path}.amount", error)
        # Working time is working time, whatever the box says: base funding never pays it.
        is_working_time = category == "working_time" or _flag(row.get("is_working_time"))
        rows.append(
            {
                "category": category,
                "description": description,
                "amount": amount,
                "is_working_time": is_working_time,
            }
        )
    return rows


def _clean_financing(raw, errors, organisation_slugs) -> list:
    rows = []
    for path, row in _filled_rows(
        raw,
        "financing",
        errors,
        ("organisation", "label", "amount"),
        _("Each financing line must be a set of fields."),
    ):
        source = clean_text(row.get("source"))
        organisation = clean_text(row.get("organisation"))
        label = clean_text(row.get("label"))
        if source not in FINANCING_SOURCES:
            errors.add(f"{path}.source", _("Choose where the money comes from."))
        elif source == "organisation":
            if not organisation:
                errors.add(f"{path}.organisation", _("Choose the organisation that contributes."))
            elif organisation_slugs is not None and organisation not in organisation_slugs:
                errors.add(
                    f"{path}.organisation",
                    _("Only the participating organisations contribute their own financing."),
                )
        elif source == "other":
            organisation = ""
            if not label:
                errors.add(f"{path}.label", _("Write where the other financing comes from."))
        else:
            organisation = ""
        check_length(errors, f"{path}.label", label, SHORT_TEXT_LIMIT)
        amount, error = parse_amount(row.get("amount"))
        if error:
            errors.add(f"{path}.amount", error)
        rows.append(
            {"source": source, "organisation": organisation, "label": label, "amount": amount}
        )
    base_lines = [index for index, row in enumerate(rows) if row["source"] == "base_funding"]
    for index in base_lines[1:]:
        errors.add(
            f"financing.{index}.source", _("Reglab's base funding is one line; add it up there.")
        )
    return rows


def clean_plan_data(
    raw, *, organisation_slugs=None, complete: bool = False
) -> tuple[dict, dict[str, list[str]]]:
    """The plan cleaned, and the messages for what is not valid (see the module docstring).

    ``organisation_slugs``: the participating organisations, when known; an own
    contribution must come from one of them.
    """
    errors = FieldErrors()
    if not isinstance(raw, dict):
        errors.add("__all__", _("The plan must be a set of fields."))
        raw = {}
    data = {}
    for name in TEXT_FIELDS:
        text = clean_text(raw.get(name))
        check_length(errors, name, text, LONG_TEXT_LIMIT)
        data[name] = text
    for name in ("start", "end"):
        data[name], error = parse_date(raw.get(name))
        if error:
            errors.add(name, error)
    data["milestones"] = _clean_milestones(raw, errors)
    data["resources"] = _clean_resources(raw, errors)
    data["success_criteria"] = _clean_criteria(raw, errors)
    data["indicators"] = _clean_indicators(raw, errors)
    data["budget_lines"] = _clean_budget(raw, errors)
    data["financing"] = _clean_financing(raw, errors, organisation_slugs)

    start = data["start"] if "start" not in errors else None
    end = data["end"] if "end" not in errors else None
    if start and end and end < start:
        errors.add("end", _("The end date cannot be before the start date."))
        start = end = None  # the milestones are checked against a timeline that holds
    for index, milestone in enumerate(data["milestones"]):
        when = milestone["date"]
        if f"milestones.{index}.date" in errors or not when:
            continue
        if start and when < start:
            errors.add(
                f"milestones.{index}.date",
                _("The milestone is before the plan starts (%(start)s).") % {"start": start},
            )
        elif end and when > end:
            errors.add(
                f"milestones.{index}.date",
                _("The milestone is after the plan ends (%(end)s).") % {"end": end},
            )

    if complete:
        for name in REQUIRED_TEXT_FIELDS:
            if not data[name]:
                errors.add(name, _("%(field)s must be filled in.") % {"field": FIELD_LABELS[name]})
        if not data["start"] and "start" not in errors:
            errors.add("start", _("Enter the date the provrum starts."))
        if not data["end"] and "end" not in errors:
            errors.add("end", _("Enter the date the provrum ends."))
        if not data["budget_lines"]:
            errors.add("budget_lines", _("The budget needs at least one line."))
    return data, dict(errors)


def plan_amount(value) -> int:
    """An amount of a cleaned plan as whole kronor; a value not yet valid counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def plan_sums(data: dict) -> dict:
    """The budget's sums, as the editor and the exports show them (invalid amounts count 0)."""
    lines = data.get("budget_lines") or []
    financing = data.get("financing") or []
    budget = sum(plan_amount(line.get("amount")) for line in lines)
    not_working_time = sum(
        plan_amount(line.get("amount")) for line in lines if not line.get("is_working_time")
    )
    base = sum(
        plan_amount(row.get("amount")) for row in financing if row.get("source") == "base_funding"
    )
    total_financing = sum(plan_amount(row.get("amount")) for row in financing)
    return {
        "budget": budget,
        "not_working_time": not_working_time,
        "working_time": budget - not_working_time,
        "base_funding": base,
        "other_financing": total_financing - base,
        "financing": total_financing,
        "by_category": {
            key: sum(
                plan_amount(line.get("amount")) for line in lines if line.get("category") == key
            )
            for key in BUDGET_CATEGORIES
        },
    }
