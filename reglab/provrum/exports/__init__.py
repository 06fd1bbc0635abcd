"""A provrum's project plan in the formats the members live in; one module per format.

DOCX (``word``: python-docx) and PDF (``pdf``: WeasyPrint, A4) of the whole plan
with Reglab's headings, the budget as XLSX (openpyxl: the sums are formulas that
also carry their values) and CSV (``spreadsheets``: semicolon-separated, UTF-8 with
a byte order mark so Excel opens å ä ö), and the milestones as iCalendar (``ics``:
one all-day event each, with a UID that stays the same from one download to the
next). ``document`` reads the plan for all of them.

Every function takes the provrum and the plan's data in the shape of
``plan.validation`` (see the issue-4 contract) and returns the file's content.
The data is read defensively: a missing key or an odd value gives an empty
cell, never an exception, so an export never fails on a half-written plan.
"""

from reglab.provrum.exports.document import (
    PlanDocument,
    Sums,
    category_label,
    file_stem,
    headings,
    meeting_label,
    plan_document,
    plan_sums,
    sek,
    source_label,
)
from reglab.provrum.exports.ics import milestone_uid, milestones_ics
from reglab.provrum.exports.pdf import plan_pdf
from reglab.provrum.exports.spreadsheets import budget_csv, budget_xlsx
from reglab.provrum.exports.word import plan_docx

__all__ = [
    "PlanDocument",
    "Sums",
    "budget_csv",
    "budget_xlsx",
    "category_label",
    "file_stem",
    "headings",
    "meeting_label",
    "milestone_uid",
    "milestones_ics",
    "plan_docx",
    "plan_document",
    "plan_pdf",
    "plan_sums",
    "sek",
    "source_label",
]
