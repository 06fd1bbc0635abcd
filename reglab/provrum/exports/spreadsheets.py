"""The budget and the financing as CSV (semicolon-separated, UTF-8 with a byte order
mark so Excel opens å ä ö) and as XLSX (openpyxl: the sums are formulas that also
carry their values)."""

import csv
import io
import re
import zipfile

from django.utils.translation import gettext as _

from reglab.provrum.exports.document import (
    MUTED,
    PRIMARY_DARK,
    SURFACE,
    as_text,
    plan_document,
)

# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    value = as_text(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


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
    heading_font = Font(bold=True, size=14, color=PRIMARY_DARK)
    header_fill = PatternFill("solid", fgColor=SURFACE)
    top_line = Border(top=Side(style="thin", color=MUTED))

    def text(cell, value, font=None):
        cell.value = as_text(value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        if font:
            cell.font = font

    def formula(coordinate, expression, value):
        sheet[coordinate] = expression
        sheet[coordinate].number_format = money
        sheet[coordinate].font = bold
        cached[coordinate] = value

    text(sheet["A1"], f"{_('Project plan')}: {plan.title}", heading_font)
    text(sheet["A2"], f"{_('Exported')} {plan.generated.isoformat()}", Font(color=MUTED))

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
