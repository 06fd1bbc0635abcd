"""The project plan as every export reads it: defensively, from the data in the shape of
``plan.validation``; a missing key or an odd value gives an empty cell, never an exception.

Also the labels, the sums, Swedish money, the headings, the file names and the
colours of Reglab's template that the formats share.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.provrum.plan.validation import BUDGET_CATEGORIES, FINANCING_SOURCES, MEETING_LABELS

# Reglab's colours, in the Word document and the workbook.
PRIMARY = "0B4F6C"
PRIMARY_DARK = "073A50"
MUTED = "4F5B66"
SURFACE = "F3F6F8"


def category_label(code: str) -> str:
    return str(BUDGET_CATEGORIES.get(code, code or ""))


def source_label(code: str) -> str:
    return str(FINANCING_SOURCES.get(code, code or ""))


def meeting_label(code: str) -> str:
    return str(MEETING_LABELS.get(code, ""))


# Reading the data ------------------------------------------------------------


def as_text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def as_amount(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def rows_of(data: dict, key: str) -> list[dict]:
    rows = data.get(key) if isinstance(data, dict) else None
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _strings(data: dict, key: str) -> list[str]:
    rows = data.get(key) if isinstance(data, dict) else None
    return [as_text(row) for row in rows if as_text(row)] if isinstance(rows, list) else []


@dataclass(frozen=True)
class Sums:
    """The budget's and the financing's sums, in whole SEK."""

    budget: int
    working_time: int
    not_working_time: int
    base_funding: int
    own_contributions: int
    other_sources: int
    financing: int

    @property
    def balance(self) -> int:
        """Financing minus budget: negative when the financing falls short."""
        return self.financing - self.budget

    def text(self) -> dict[str, str]:
        """Every sum written as Swedish money, for the templates."""
        names = ("budget", "working_time", "not_working_time", "base_funding", "financing")
        return {name: sek(getattr(self, name)) for name in names} | {"balance": sek(self.balance)}

    @property
    def base_funding_percent(self) -> int | None:
        if not self.budget:
            return None
        return round(100 * self.base_funding / self.budget)


def plan_sums(data: dict) -> Sums:
    lines = rows_of(data, "budget_lines")
    financing = rows_of(data, "financing")
    working = sum(as_amount(line.get("amount")) for line in lines if line.get("is_working_time"))
    total = sum(as_amount(line.get("amount")) for line in lines)

    def by_source(source):
        return sum(as_amount(row.get("amount")) for row in financing if row.get("source") == source)

    return Sums(
        budget=total,
        working_time=working,
        not_working_time=total - working,
        base_funding=by_source("base_funding"),
        own_contributions=by_source("organisation"),
        other_sources=by_source("other"),
        financing=sum(as_amount(row.get("amount")) for row in financing),
    )


def sek(amount: int) -> str:
    """12500 → "12 500 kr", grouped with no-break spaces as Swedish writes it."""
    grouped = f"{as_amount(amount):,}".replace(",", "\u00a0")
    return f"{grouped}\u00a0kr"


def _organisation_names(provrum, slugs: set[str]) -> dict[str, str]:
    """{slug: name} for the financing's organisations: from the provrum's
    proposer, leader and participants, else from the register."""
    names = {}
    for organisation in (
        getattr(provrum, "proposer_organisation", None),
        getattr(provrum, "leader", None),
    ):
        if organisation is not None and getattr(organisation, "slug", ""):
            names[organisation.slug] = organisation.name
    if getattr(provrum, "pk", None):
        for interest in provrum.interests.all():
            names[interest.organisation.slug] = interest.organisation.name
        missing = slugs - names.keys()
        if missing:
            from reglab.organisations.models import Organisation

            names |= dict(Organisation.objects.filter(slug__in=missing).values_list("slug", "name"))
    return names


def _participants(provrum) -> list[str]:
    if not getattr(provrum, "pk", None):
        return []
    return [interest.organisation.name for interest in provrum.interests.all()]


def _financing_name(row: dict, names: dict[str, str]) -> str:
    if row.get("source") == "organisation":
        slug = as_text(row.get("organisation"))
        return names.get(slug, slug) or as_text(row.get("label"))
    if row.get("source") == "base_funding":
        return as_text(row.get("label")) or "Reglab"
    return as_text(row.get("label"))


def _plan_status(provrum) -> str:
    """ "Version 3 · Submitted" from the provrum's stored plan, when there is one."""
    plan = getattr(provrum, "plan", None)
    if plan is None:
        return ""
    parts = []
    if getattr(plan, "version", None):
        parts.append(_("Version %(number)s") % {"number": plan.version})
    if hasattr(plan, "get_status_display"):
        parts.append(str(plan.get_status_display()))
    return " · ".join(parts)


@dataclass
class PlanDocument:
    """Everything the DOCX and the PDF show, read once from the data."""

    title: str
    leader: str
    participants: list[str]
    status: str
    generated: date
    purpose: str
    expected_result: str
    main_question: str
    delimitations: str
    start: date | None
    end: date | None
    milestones: list[dict]
    resources: list[dict]
    success_criteria: list[str]
    indicators: list[dict]
    budget_lines: list[dict]
    financing: list[dict]
    sums: Sums


def plan_document(provrum, data: dict) -> PlanDocument:
    data = data if isinstance(data, dict) else {}
    names = _organisation_names(
        provrum,
        {as_text(row.get("organisation")) for row in rows_of(data, "financing")} - {""},
    )
    leader = getattr(provrum, "leader", None)
    milestones = sorted(
        (
            {
                "date": as_date(row.get("date")),
                "title": as_text(row.get("title")),
                "meeting": meeting_label(row.get("meeting"))
                if row.get("meeting") != "none"
                else "",
                "place": as_text(row.get("place")),
                "is_link": as_text(row.get("place")).startswith(("https://", "http://")),
            }
            for row in rows_of(data, "milestones")
        ),
        key=lambda row: (row["date"] is None, row["date"] or date.min),
    )
    return PlanDocument(
        title=as_text(getattr(provrum, "title", "")),
        leader=leader.name if leader is not None else "",
        participants=_participants(provrum),
        status=_plan_status(provrum),
        generated=timezone.localdate(),
        purpose=as_text(data.get("purpose")),
        expected_result=as_text(data.get("expected_result")),
        main_question=as_text(data.get("main_question")),
        delimitations=as_text(data.get("delimitations")),
        start=as_date(data.get("start")),
        end=as_date(data.get("end")),
        milestones=milestones,
        resources=[
            {"who": as_text(row.get("who")), "what": as_text(row.get("what"))}
            for row in rows_of(data, "resources")
        ],
        success_criteria=_strings(data, "success_criteria"),
        indicators=[
            {
                "indicator": as_text(row.get("indicator")),
                "measured_by": as_text(row.get("measured_by")),
            }
            for row in rows_of(data, "indicators")
        ],
        budget_lines=[
            {
                "category": category_label(row.get("category")),
                "description": as_text(row.get("description")),
                "is_working_time": bool(row.get("is_working_time")),
                "amount": as_amount(row.get("amount")),
                "amount_text": sek(row.get("amount")),
            }
            for row in rows_of(data, "budget_lines")
        ],
        financing=[
            {
                "source": source_label(row.get("source")),
                "name": _financing_name(row, names),
                "amount": as_amount(row.get("amount")),
                "amount_text": sek(row.get("amount")),
            }
            for row in rows_of(data, "financing")
        ],
        sums=plan_sums(data),
    )


def headings() -> dict[str, str]:
    """Reglab's headings of the project plan template, in the active language."""
    return {
        "purpose": _("Purpose"),
        "expected_result": _("Expected result"),
        "main_question": _("Main question"),
        "delimitations": _("Delimitations"),
        "timeline": _("Timeline"),
        "resources": _("Resources"),
        "success_criteria": _("Criteria for a successful result"),
        "indicators": _("Indicators"),
        "budget": _("Budget"),
        "financing": _("Financing"),
    }


def file_stem(provrum, what: str) -> str:
    """ "provrum-12-projektplan": an ASCII file name that says what the file is."""
    return f"provrum-{getattr(provrum, 'pk', None) or 0}-{what}"
