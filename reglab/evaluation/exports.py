"""The dashboard's tables as CSV and XLSX, exactly as the page shows them.

CSV as Swedish Excel opens it, like the plan's budget (``provrum.exports``):
UTF-8 with a byte order mark, semicolons between cells, a decimal comma, no
thousands separator (so numbers stay numbers), and text that starts like a
formula prefixed with an apostrophe. XLSX (openpyxl) keeps numbers as numbers
with a display format (kronor, percent, one decimal), and text cells are
always text, never formulas.
"""

import csv
import io

from django.utils.translation import gettext as _

from reglab.evaluation.tables import Table
from reglab.evaluation.texts import COUNT, DECIMAL, PERCENT, SEK, TEXT

# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PRIMARY_DARK = "073A50"
_MUTED = "4F5B66"
_SURFACE = "F3F6F8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_text(value) -> str:
    """Text a spreadsheet shows as text and never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == TEXT:
        return safe_text(value)
    if isinstance(value, float) and not value.is_integer():
        decimals = 1 if round(value, 1) == value else 2
        return f"{value:.{decimals}f}".replace(".", ",")
    return str(int(value))


def table_csv(table: Table) -> str:
    """The table's header and rows (footer included), semicolon-separated, with a BOM."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(column.label) for column in table.columns])
    for row in table.all_rows():
        writer.writerow(
            [
                csv_value(value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return output.getvalue()


_NUMBER_FORMATS = {
    COUNT: "#,##0",
    DECIMAL: "General",
    PERCENT: '0.0" %"',
    SEK: '#,##0" kr"',
}
HEADER_ROW = 4


def _sheet_title(text: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()[:31] or "Tabell"
    title, number = cleaned, 2
    while title.lower() in used:
        suffix = f" {number}"
        title = cleaned[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title.lower())
    return title


def _write_sheet(sheet, table: Table, period_text: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def text(cell, value, font=None):
        # Control characters (a line break pasted from Word, say) cannot be kept in Excel.
        cell.value = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.data_type = "s"  # never a formula, whatever it starts with
        if font:
            cell.font = font

    text(sheet["A1"], table.title, Font(bold=True, size=14, color=_PRIMARY_DARK))
    text(sheet["A2"], period_text, Font(color=_MUTED))
    if table.note:
        text(sheet["A3"], table.note, Font(italic=True, color=_MUTED))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_SURFACE)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(HEADER_ROW, index)
        text(cell, column.label, bold)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    body = len(table.rows)
    for offset, row in enumerate(table.all_rows(), start=1):
        for index, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = sheet.cell(HEADER_ROW + offset, index)
            if column.kind == TEXT or isinstance(value, str):
                text(cell, value)
            elif value is not None:
                cell.value = value
                cell.number_format = _NUMBER_FORMATS.get(column.kind, "General")
            if offset > body:
                cell.font = bold
    for index, column in enumerate(table.columns, start=1):
        width = 60 if (column.kind == TEXT and len(table.columns) == 1) else 18
        if index == 1 and len(table.columns) > 1:
            width = 36
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)


def tables_xlsx(tables: list[Table], *, period_text: str, title: str) -> bytes:
    """One sheet per table: caption, period, note, then the header and rows from row 4."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        _write_sheet(sheet, table, period_text)
    workbook.properties.title = title
    workbook.properties.creator = "Reglab"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def period_line(period_label: str) -> str:
    return _("Period: %(period)s") % {"period": period_label}
