"""A provrum's project plan in the formats the members live in.

DOCX (python-docx) and PDF (WeasyPrint, A4) of the whole plan with Reglab's
headings, the budget as XLSX (openpyxl: the sums are formulas that also carry
their values) and CSV (semicolon-separated, UTF-8 with a byte order mark so
Excel opens å ä ö), and the milestones as iCalendar (one all-day event each,
with a UID that stays the same from one download to the next).

Every function takes the provrum and the plan's data in the shape of
``plan_validation`` (see the issue-4 contract) and returns the file's content.
The data is read defensively: a missing key or an odd value gives an empty
cell, never an exception, so an export never fails on a half-written plan.
"""

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reglab.core.text import single_line
from reglab.provrum.plan.validation import BUDGET_CATEGORIES, FINANCING_SOURCES, MEETING_LABELS

# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def category_label(code: str) -> str:
    return str(BUDGET_CATEGORIES.get(code, code or ""))


def source_label(code: str) -> str:
    return str(FINANCING_SOURCES.get(code, code or ""))


def meeting_label(code: str) -> str:
    return str(MEETING_LABELS.get(code, ""))


# Reading the data ------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _amount(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _rows(data: dict, key: str) -> list[dict]:
    rows = data.get(key) if isinstance(data, dict) else None
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _strings(data: dict, key: str) -> list[str]:
    rows = data.get(key) if isinstance(data, dict) else None
    return [_text(row) for row in rows if _text(row)] if isinstance(rows, list) else []


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
    lines = _rows(data, "budget_lines")
    financing = _rows(data, "financing")
    working = sum(_amount(line.get("amount")) for line in lines if line.get("is_working_time"))
    total = sum(_amount(line.get("amount")) for line in lines)

    def by_source(source):
        return sum(_amount(row.get("amount")) for row in financing if row.get("source") == source)

    return Sums(
        budget=total,
        working_time=working,
        not_working_time=total - working,
        base_funding=by_source("base_funding"),
        own_contributions=by_source("organisation"),
        other_sources=by_source("other"),
        financing=sum(_amount(row.get("amount")) for row in financing),
    )


def sek(amount: int) -> str:
    """12500 → "12 500 kr", grouped with no-break spaces as Swedish writes it."""
    grouped = f"{_amount(amount):,}".replace(",", "\u00a0")
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
        slug = _text(row.get("organisation"))
        return names.get(slug, slug) or _text(row.get("label"))
    if row.get("source") == "base_funding":
        return _text(row.get("label")) or "Reglab"
    return _text(row.get("label"))


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
        {_text(row.get("organisation")) for row in _rows(data, "financing")} - {""},
    )
    leader = getattr(provrum, "leader", None)
    milestones = sorted(
        (
            {
                "date": _date(row.get("date")),
                "title": _text(row.get("title")),
                "meeting": meeting_label(row.get("meeting"))
                if row.get("meeting") != "none"
                else "",
                "place": _text(row.get("place")),
                "is_link": _text(row.get("place")).startswith(("https://", "http://")),
            }
            for row in _rows(data, "milestones")
        ),
        key=lambda row: (row["date"] is None, row["date"] or date.min),
    )
    return PlanDocument(
        title=_text(getattr(provrum, "title", "")),
        leader=leader.name if leader is not None else "",
        participants=_participants(provrum),
        status=_plan_status(provrum),
        generated=timezone.localdate(),
        purpose=_text(data.get("purpose")),
        expected_result=_text(data.get("expected_result")),
        main_question=_text(data.get("main_question")),
        delimitations=_text(data.get("delimitations")),
        start=_date(data.get("start")),
        end=_date(data.get("end")),
        milestones=milestones,
        resources=[
            {"who": _text(row.get("who")), "what": _text(row.get("what"))}
            for row in _rows(data, "resources")
        ],
        success_criteria=_strings(data, "success_criteria"),
        indicators=[
            {
                "indicator": _text(row.get("indicator")),
                "measured_by": _text(row.get("measured_by")),
            }
            for row in _rows(data, "indicators")
        ],
        budget_lines=[
            {
                "category": category_label(row.get("category")),
                "description": _text(row.get("description")),
                "is_working_time": bool(row.get("is_working_time")),
                "amount": _amount(row.get("amount")),
                "amount_text": sek(row.get("amount")),
            }
            for row in _rows(data, "budget_lines")
        ],
        financing=[
            {
                "source": source_label(row.get("source")),
                "name": _financing_name(row, names),
                "amount": _amount(row.get("amount")),
                "amount_text": sek(row.get("amount")),
            }
            for row in _rows(data, "financing")
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


# DOCX -----------------------------------------------------------------------

_PRIMARY = "0B4F6C"
_PRIMARY_DARK = "073A50"
_MUTED = "4F5B66"
_SURFACE = "F3F6F8"


def _docx_shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _docx_repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _docx_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            paragraph.add_run("1")


def _docx_text(document, text: str, empty: str) -> None:
    """Paragraphs at blank lines, line breaks at single newlines."""
    from docx.shared import RGBColor

    if not text:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(empty)
        run.italic = True
        run.font.color.rgb = RGBColor.from_string(_MUTED)
        return
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        paragraph = document.add_paragraph()
        for index, line in enumerate(block.strip().split("\n")):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(line)


def _docx_table(document, header: list[str], rows: list[list], *, widths=(), numeric=(), footer=()):
    """A table with a shaded, repeating header row; ``numeric`` columns align right.

    ``widths`` are the columns' widths in millimetres (166 fill the text width).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for index, label in enumerate(header):
        cell = table.rows[0].cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        _docx_shade(cell, _SURFACE)
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_repeat_header(table.rows[0])
    for values, bold in [(row, False) for row in rows] + [(row, True) for row in footer]:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = ""
            run = cells[index].paragraphs[0].add_run(str(value))
            run.bold = bold
            if index in numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        table.autofit = False
        for index, width in enumerate(widths):
            table.columns[index].width = Mm(width)
            for cell in table.columns[index].cells:
                cell.width = Mm(width)
    return table


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def plan_docx(provrum, data: dict) -> bytes:
    """The project plan as a Word document on Reglab's template."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    plan = plan_document(provrum, data)
    heading = headings()
    empty = _("Not filled in")

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin = section.bottom_margin = Mm(22)
        header = section.header.paragraphs[0]
        brand = header.add_run("REGLAB")
        brand.bold = True
        brand.font.color.rgb = RGBColor.from_string(_PRIMARY)
        header.add_run(f"  {_('Project plan')} – {plan.title}").font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run(_("Page") + " ")
        _docx_field(footer, "PAGE")
        footer.add_run(" / ")
        _docx_field(footer, "NUMPAGES")

    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12)):
        styles[name].font.color.rgb = RGBColor.from_string(_PRIMARY_DARK)
        styles[name].font.size = Pt(size)

    properties = document.core_properties
    properties.title = f"{_('Project plan')}: {plan.title}"
    properties.author = "Reglab"
    properties.language = get_language() or settings.LANGUAGE_CODE

    document.add_paragraph(_("Project plan"), style="Subtitle")
    document.add_heading(plan.title, level=0)
    facts = [
        (_("Leader"), plan.leader or "–"),
        (_("Participating organisations"), ", ".join(plan.participants) or "–"),
    ]
    if plan.status:
        facts.append((_("Plan"), plan.status))
    facts.append((_("Exported"), plan.generated.isoformat()))
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    for key in ("purpose", "expected_result", "main_question", "delimitations"):
        document.add_heading(heading[key], level=1)
        _docx_text(document, getattr(plan, key), empty)

    document.add_heading(heading["timeline"], level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{_('Start')}: ").bold = True
    paragraph.add_run(_iso(plan.start) or "–")
    paragraph.add_run(f"    {_('End')}: ").bold = True
    paragraph.add_run(_iso(plan.end) or "–")
    if plan.milestones:
        _docx_table(
            document,
            [_("Date"), _("Milestone"), _("Meeting"), _("Place or link")],
            [
                [_iso(row["date"]), row["title"], row["meeting"], row["place"]]
                for row in plan.milestones
            ],
            widths=(28, 52, 32, 54),
        )

    document.add_heading(heading["resources"], level=1)
    if plan.resources:
        _docx_table(
            document,
            [_("Who"), _("What")],
            [[row["who"], row["what"]] for row in plan.resources],
            widths=(50, 116),
        )
    else:
        _docx_text(document, "", empty)

    document.add_heading(heading["success_criteria"], level=1)
    for criterion in plan.success_criteria:
        document.add_paragraph(criterion, style="List Bullet")
    if not plan.success_criteria:
        _docx_text(document, "", empty)

    document.add_heading(heading["indicators"], level=1)
    if plan.indicators:
        _docx_table(
            document,
            [_("Indicator"), _("Measured by")],
            [[row["indicator"], row["measured_by"]] for row in plan.indicators],
            widths=(83, 83),
        )
    else:
        _docx_text(document, "", empty)

    sums = plan.sums
    document.add_heading(heading["budget"], level=1)
    _docx_table(
        document,
        [_("Category"), _("Description"), _("Working time"), _("Amount")],
        [
            [
                row["category"],
                row["description"],
                _("Yes") if row["is_working_time"] else _("No"),
                sek(row["amount"]),
            ]
            for row in plan.budget_lines
        ],
        widths=(42, 66, 26, 32),
        numeric=(3,),
        footer=[
            ["", _("Planned budget"), "", sek(sums.budget)],
            ["", _("of which working time"), "", sek(sums.working_time)],
            ["", _("of which not working time"), "", sek(sums.not_working_time)],
        ],
    )

    document.add_heading(heading["financing"], level=1)
    _docx_table(
        document,
        [_("Source"), _("Organisation or description"), _("Amount")],
        [[row["source"], row["name"], sek(row["amount"])] for row in plan.financing],
        widths=(48, 88, 30),
        numeric=(2,),
        footer=[
            ["", _("Total financing"), sek(sums.financing)],
            ["", _("Financing minus budget"), sek(sums.balance)],
        ],
    )
    if sums.base_funding_percent is not None:
        document.add_paragraph(
            _("Reglab's base funding is %(percent)s %% of the planned budget.")
            % {"percent": sums.base_funding_percent}
        )

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# PDF ------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the print style sheet."""
    return re.sub(r'["\\\n\r<>]', "", str(text))


def plan_pdf(provrum, data: dict) -> bytes:
    """The project plan as an A4 PDF, from ``provrum/exports/plan_pdf.html``."""
    from weasyprint import HTML

    plan = plan_document(provrum, data)
    html = render_to_string(
        "provrum/exports/plan_pdf.html",
        {
            "plan": plan,
            "headings": headings(),
            "language": get_language() or settings.LANGUAGE_CODE,
            "running_title": _css_string(f"{_('Project plan')} – {plan.title}"),
            "page_word": _css_string(_("Page")),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


# Spreadsheets -----------------------------------------------------------------


def _safe_cell_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    value = _text(value)
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def budget_csv(provrum, data: dict) -> str:
    """The budget and the financing as one semicolon-separated table.

    Starts with a byte order mark so Excel reads UTF-8; amounts are whole
    kronor without grouping so they stay numbers.
    """
    plan = plan_document(provrum, data)
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Part"), _("Category or source"), _("Description"), _("Working time"), _("Amount (SEK)")]
    )
    for row in plan.budget_lines:
        writer.writerow(
            [
                _("Budget"),
                row["category"],
                _safe_cell_text(row["description"]),
                _("Yes") if row["is_working_time"] else _("No"),
                row["amount"],
            ]
        )
    sums = plan.sums
    writer.writerow([_("Budget"), _("Planned budget"), "", "", sums.budget])
    writer.writerow([_("Budget"), _("of which working time"), "", _("Yes"), sums.working_time])
    writer.writerow(
        [_("Budget"), _("of which not working time"), "", _("No"), sums.not_working_time]
    )
    for row in plan.financing:
        writer.writerow(
            [_("Financing"), row["source"], _safe_cell_text(row["name"]), "", row["amount"]]
        )
    writer.writerow([_("Financing"), _("Total financing"), "", "", sums.financing])
    writer.writerow([_("Financing"), _("Financing minus budget"), "", "", sums.balance])
    return output.getvalue()


def _with_cached_values(workbook_bytes: bytes, cached: dict[str, dict[str, int]]) -> bytes:
    """Write each formula's value next to it (``<f>`` and ``<v>``), so programs
    that do not calculate (previews, phones, scripts) still read the sums."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            values = cached.get(item.filename)
            if values:
                text = content.decode("utf-8")
                for coordinate, value in values.items():
                    text = re.sub(
                        rf'(<c r="{coordinate}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?',
                        rf"\g<1><v>{int(value)}</v>",
                        text,
                    )
                content = text.encode("utf-8")
            target.writestr(item, content)
    return output.getvalue()


def budget_xlsx(provrum, data: dict) -> bytes:
    """The budget and the financing as an Excel workbook; sums are formulas with values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    plan = plan_document(provrum, data)
    sums = plan.sums
    workbook = Workbook()
    workbook.calculation.fullCalcOnLoad = True
    sheet = workbook.active
    sheet.title = _("Budget")[:31]
    sheet_path = "xl/worksheets/sheet1.xml"
    cached: dict[str, int] = {}
    money = '#,##0 "kr";-#,##0 "kr"'
    bold = Font(bold=True)
    heading_font = Font(bold=True, size=14, color=_PRIMARY_DARK)
    header_fill = PatternFill("solid", fgColor=_SURFACE)
    top_line = Border(top=Side(style="thin", color=_MUTED))

    def text(cell, value, font=None):
        cell.value = _text(value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        if font:
            cell.font = font

    def formula(coordinate, expression, value):
        sheet[coordinate] = expression
        sheet[coordinate].number_format = money
        sheet[coordinate].font = bold
        cached[coordinate] = value

    text(sheet["A1"], f"{_('Project plan')}: {plan.title}", heading_font)
    text(sheet["A2"], f"{_('Exported')} {plan.generated.isoformat()}", Font(color=_MUTED))

    row = 4
    text(sheet.cell(row, 1), _("Budget"), Font(bold=True, size=12))
    row += 1
    for column, label in enumerate(
        [_("Category"), _("Description"), _("Working time"), _("Amount (SEK)")], start=1
    ):
        cell = sheet.cell(row, column)
        text(cell, label, bold)
        cell.fill = header_fill
    header_row = row
    first = row + 1
    for line in plan.budget_lines:
        row += 1
        text(sheet.cell(row, 1), line["category"])
        text(sheet.cell(row, 2), line["description"])
        text(sheet.cell(row, 3), _("Yes") if line["is_working_time"] else _("No"))
        sheet.cell(row, 4, line["amount"]).number_format = money
    last = max(row, first)  # an empty range still sums to 0
    yes = _("Yes").replace('"', "")
    row += 1
    text(sheet.cell(row, 2), _("Planned budget"), bold)
    formula(f"D{row}", f"=SUM(D{first}:D{last})", sums.budget)
    for column in range(1, 5):
        sheet.cell(row, column).border = top_line
    budget_row = row
    row += 1
    text(sheet.cell(row, 2), _("of which working time"))
    formula(f"D{row}", f'=SUMIF(C{first}:C{last},"{yes}",D{first}:D{last})', sums.working_time)
    row += 1
    text(sheet.cell(row, 2), _("of which not working time"))
    formula(f"D{row}", f"=D{budget_row}-D{row - 1}", sums.not_working_time)

    row += 2
    text(sheet.cell(row, 1), _("Financing"), Font(bold=True, size=12))
    row += 1
    for column, label in enumerate(
        [_("Source"), _("Organisation or description"), "", _("Amount (SEK)")], start=1
    ):
        cell = sheet.cell(row, column)
        text(cell, label, bold)
        cell.fill = header_fill
    first = row + 1
    for line in plan.financing:
        row += 1
        text(sheet.cell(row, 1), line["source"])
        text(sheet.cell(row, 2), line["name"])
        sheet.cell(row, 4, line["amount"]).number_format = money
    last = max(row, first)
    row += 1
    text(sheet.cell(row, 2), _("Total financing"), bold)
    formula(f"D{row}", f"=SUM(D{first}:D{last})", sums.financing)
    for column in range(1, 5):
        sheet.cell(row, column).border = top_line
    row += 1
    text(sheet.cell(row, 2), _("Financing minus budget"))
    formula(f"D{row}", f"=D{row - 1}-D{budget_row}", sums.balance)

    for column, width in zip(range(1, 5), (32, 48, 14, 18), strict=True):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for cells in sheet.iter_rows(min_row=header_row):
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 2)
    sheet.freeze_panes = None
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    workbook.properties.title = f"{_('Budget')}: {plan.title}"
    workbook.properties.creator = "Reglab"

    output = io.BytesIO()
    workbook.save(output)
    return _with_cached_values(output.getvalue(), {sheet_path: cached})


# iCalendar ------------------------------------------------------------------


def _uid_domain() -> str:
    return urlsplit(getattr(settings, "SITE_URL", "") or "").hostname or "reglab"


def milestone_uid(provrum, milestone: dict, seen: dict[str, int]) -> str:
    """A UID that stays the same while the milestone's date and title do.

    Two identical milestones in the same provrum get a running number.
    """
    parts = (
        getattr(provrum, "pk", ""),
        _text(milestone.get("date")),
        _text(milestone.get("title")),
    )
    key = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    seen[digest] = seen.get(digest, 0) + 1
    suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
    return f"provrum-{getattr(provrum, 'pk', None) or 0}-{digest}{suffix}@{_uid_domain()}"


def milestones_ics(items, *, name: str = "") -> bytes:
    """The milestones of one or more plans as an iCalendar feed.

    ``items`` is a list of (provrum, plan data). Each milestone is an all-day
    event; the meeting's place or link is its LOCATION. Outlook, Google and
    Apple calendars can subscribe to the URL that serves this.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Reglab//Provrum//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(name or _("Reglab provrum")))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # How often subscribers fetch it again (Outlook reads the X- form).
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now().replace(microsecond=0)
    site = (getattr(settings, "SITE_URL", "") or "").rstrip("/")

    for provrum, data in items:
        data = data if isinstance(data, dict) else {}
        title = _text(getattr(provrum, "title", ""))
        link = ""
        if getattr(provrum, "pk", None) and site:
            link = f"{site}{provrum.get_absolute_url()}"
        seen: dict[str, int] = {}
        for milestone in _rows(data, "milestones"):
            day = _date(milestone.get("date"))
            if day is None:
                continue
            event = Event()
            event.add("uid", milestone_uid(provrum, milestone, seen))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", single_line(f"{_text(milestone.get('title'))} – {title}"))
            event.add("transp", "TRANSPARENT")
            place = _text(milestone.get("place"))
            meeting = milestone.get("meeting")
            if meeting in ("physical", "digital") and place:
                event.add("location", single_line(place))
                if place.startswith(("https://", "http://")):
                    event.add("url", place)
            description = [meeting_label(meeting)] if meeting in ("physical", "digital") else []
            description.append(_("Milestone in the provrum “%(title)s”.") % {"title": title})
            if link:
                description.append(link)
            event.add("description", "\n".join(description))
            event.add("categories", ["Reglab"])
            calendar.add_component(event)
    return calendar.to_ical()
