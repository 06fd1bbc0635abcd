"""The meeting's live answers as CSV and XLSX: one row per answer, hidden answers left out.

In the CSV, cells that a spreadsheet would read as a formula (starting with
= + - @, a tab or a carriage return) get a leading apostrophe, so an answer
never runs as one. In the XLSX (openpyxl, as the evaluation's exports) every
cell is written as text, never as a formula, and the apostrophe is not needed.
Names are given only for questions that are not anonymous.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from reglab.live.models import Answer, QuestionKind

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def answer_text(answer, options: dict) -> str:
    """The answer in words: chosen options, dots, a value or replies per date."""
    choice = answer.choice
    kind = answer.question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "; ".join(options.get(int(i), "?") for i in choice or [])
    if kind == QuestionKind.PRIORITISE:
        return "; ".join(f"{options.get(int(k), '?')}: {v}" for k, v in (choice or {}).items())
    if kind == QuestionKind.SCALE:
        return str(choice)
    if kind == QuestionKind.DATES:
        replies = {"yes": _("yes"), "maybe": _("if need be"), "no": _("no")}
        return "; ".join(
            f"{options.get(int(k), '?')}: {replies.get(v, v)}" for k, v in (choice or {}).items()
        )
    return ""


def results_rows(meeting, *, cell=cell):
    answers = (
        Answer.objects.filter(question__meeting=meeting, hidden=False)
        .select_related("question", "participant__person")
        .prefetch_related("question__options")
        .order_by("question__position", "question__pk", "created_at", "pk")
    )
    yield [
        _("Question"),
        _("Kind"),
        _("Answer"),
        _("Text"),
        _("Name"),
        _("Planning group"),
        _("Organisation"),
        _("Answered"),
    ]
    for answer in answers:
        question = answer.question
        options = {o.pk: o.text or o.date.isoformat() for o in question.options.all()}
        named = not question.anonymous and answer.participant.person_id
        yield [
            cell(question.text),
            question.get_kind_display(),
            cell(answer_text(answer, options)),
            cell(answer.text),
            cell(answer.participant.person.name) if named else "",
            cell(answer.volunteer_name),
            cell(answer.volunteer_organisation),
            answer.updated_at.isoformat(timespec="seconds"),
        ]


def results_csv_response(meeting) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in results_rows(meeting):
        writer.writerow(row)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="livedialog-{meeting.pk}.csv"'
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def results_xlsx(meeting) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def plain(value) -> str:
        # Control characters (a line break pasted from Word, say) cannot be kept in Excel.
        return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Live dialog")[:31]
    for row_number, row in enumerate(results_rows(meeting, cell=plain), start=1):
        for column, value in enumerate(row, start=1):
            target = sheet.cell(row_number, column)
            target.value = value
            target.data_type = "s"  # text, never a formula, whatever it starts with
            if row_number == 1:
                target.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (40, 18, 40, 50, 24, 24, 24, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = plain(meeting.title)
    workbook.properties.creator = "Reglab"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def results_xlsx_response(meeting) -> HttpResponse:
    response = HttpResponse(results_xlsx(meeting), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="livedialog-{meeting.pk}.xlsx"'
    return response
