"""The results as CSV and XLSX: every organisation's answer per question.

Text is defused as in the evaluation's exports (``safe_text``): a cell never
starts a formula.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from reglab.evaluation.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, safe_text

__all__ = ["CSV_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "results_csv", "results_xlsx"]


def rows(results) -> list[list[str]]:
    header = [_("Question"), _("Organisation"), _("Answer"), _("Why")]
    body = [
        [row.question.text, who.name if who else _("(anonymous)"), value, why]
        for row in results.questions
        for who, value, why in row.answers
    ]
    return [header, *body]


def results_csv(results) -> str:
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    for row in rows(results):
        writer.writerow([safe_text(cell) for cell in row])
    return output.getvalue()


def results_xlsx(results) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Answers")[:31]
    for line, row in enumerate(rows(results), 1):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=line, column=column, value=safe_text(value))
            cell.data_type = "s"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
