"""The project plan as a Word document on Reglab's template (python-docx)."""

import io
import re
from datetime import date

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reglab.provrum.exports.document import (
    MUTED,
    PRIMARY,
    PRIMARY_DARK,
    SURFACE,
    headings,
    plan_document,
    sek,
)


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
        run.font.color.rgb = RGBColor.from_string(MUTED)
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
        _docx_shade(cell, SURFACE)
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
        brand.font.color.rgb = RGBColor.from_string(PRIMARY)
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
        styles[name].font.color.rgb = RGBColor.from_string(PRIMARY_DARK)
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
