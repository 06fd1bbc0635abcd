"""The participant list of a meeting as CSV and XLSX, for its host.

Every cell is text that people typed: one that would start a formula in a
spreadsheet (=, +, -, @) gets a leading apostrophe (CSV injection).

The rows are the host's list: a deactivated person's seat or place in the queue
is kept, and its status says so as the host's page does, so that a sheet sorted
or filtered by status does not pass it for someone who is coming. So does a guest's
place whose address is not confirmed yet: it is released if not confirmed in time.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from reglab.meetings.models import RegistrationStatus

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def status_text(registration) -> str:
    """The registration's status, with "not confirmed" for a guest whose address is not
    confirmed yet and "account deactivated" for a deactivated person, as the host's page."""
    status = registration.get_status_display()
    if registration.awaits_confirmation:
        return f"{status} ({_('not confirmed')})"
    if not registration.has_deactivated_person:
        return status
    if registration.status == RegistrationStatus.WAITLISTED:
        note = _("account deactivated, does not move up")
    else:
        note = _("account deactivated")
    return f"{status} ({note})"


def participant_table(meeting, registrations) -> tuple[list[str], list[list[str]]]:
    """The header and rows: name, organisation, e-mail, status, dietary needs, answers."""
    questions = list(meeting.questions.all())
    header = [
        _("Name"),
        _("Organisation"),
        _("E-mail address"),
        _("Status"),
        _("Guest"),
        _("Registered"),
        _("Dietary needs"),
        *[question.text for question in questions],
    ]
    rows = []
    for registration in registrations:
        answers = {answer.question_id: answer.text for answer in registration.answers.all()}
        rows.append(
            [
                registration.name,
                registration.organisation_name,
                registration.email,
                status_text(registration),
                _("yes") if registration.is_guest else _("no"),
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                registration.dietary_needs,
                *[answers.get(question.pk, "") for question in questions],
            ]
        )
    return header, rows


def participants_csv(meeting, registrations) -> str:
    header, rows = participant_table(meeting, registrations)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([cell_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([cell_safe(cell) for cell in row])
    # A byte order mark, so Excel opens the Swedish letters right.
    return "\ufeff" + out.getvalue()


def participants_xlsx(meeting, registrations) -> bytes:
    header, rows = participant_table(meeting, registrations)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    sheet.append([cell_safe(cell) for cell in header])
    for row in rows:
        sheet.append([cell_safe(cell) for cell in row])
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
