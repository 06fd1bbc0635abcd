"""The plan's files, built from plain data: DOCX, PDF, XLSX, CSV and iCalendar.

Each file is opened with a reader of its own format (python-docx, pypdf,
openpyxl, csv, icalendar) and must hold the plan's title, its figures and
"å ä ö" intact. No database: the provrum is unsaved.
"""

import csv
import io
import zipfile
from datetime import date

import docx
import openpyxl
import pytest
from django.utils import translation
from icalendar import Calendar
from pypdf import PdfReader

from reglab.organisations.models import Organisation
from reglab.provrum import exports
from reglab.provrum.models import Provrum

TITLE = "Öppna data – åäö i regional utveckling"

DATA = {
    "purpose": "Pröva hur regionerna kan visualisera data.\n\nAndra stycket: å ä ö Å Ä Ö.",
    "expected_result": "En gemensam bild av vad som fungerar.",
    "main_question": "Hur använder vi AI för analys?",
    "delimitations": "",
    "start": "2027-01-15",
    "end": "2027-05-31",
    "milestones": [
        {
            "date": "2027-03-10",
            "title": "Avstämning",
            "meeting": "digital",
            "place": "https://meet.example.se/ai",
        },
        {
            "date": "2027-01-15",
            "title": "Startmöte i Örebro",
            "meeting": "physical",
            "place": "Örebro slott",
        },
        {"date": "2027-05-31", "title": "Slutrapport", "meeting": "none", "place": ""},
    ],
    "resources": [{"who": "Region Skåne", "what": "Leder arbetet"}],
    "success_criteria": ["Minst tre regioner prövar metoden"],
    "indicators": [{"indicator": "Antal analyser", "measured_by": "Enkät"}],
    "budget_lines": [
        {
            "category": "expertise",
            "description": "Analysbyrå",
            "amount": 61_250,
            "is_working_time": False,
        },
        {
            "category": "working_time",
            "description": "Projektledning",
            "amount": 40_000,
            "is_working_time": True,
        },
        {
            "category": "communication",
            "description": '=HYPERLINK("http://evil.example")',
            "amount": 3_750,
            "is_working_time": False,
        },
    ],
    "financing": [
        {"source": "base_funding", "organisation": "", "label": "", "amount": 50_000},
        {"source": "organisation", "organisation": "region-skane", "label": "", "amount": 45_000},
        {"source": "other", "organisation": "", "label": "Tillväxtverket", "amount": 5_000},
    ],
}
# 61,250 + 40,000 + 3,750 = 105,000 budget; 100,000 financing: 5,000 short.


@pytest.fixture(autouse=True)
def _english():
    """Labels are looked up by their English msgids, whatever the catalogue says."""
    with translation.override("en"):
        yield


def provrum(title=TITLE):
    skane = Organisation(name="Region Skåne", slug="region-skane")
    return Provrum(title=title, proposer_organisation=skane, leader=skane)


def nbsp(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# DOCX ------------------------------------------------------------------------


def docx_text(content: bytes) -> tuple[list, str]:
    document = docx.Document(io.BytesIO(content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, nbsp("\n".join([text for _, text in paragraphs] + cells))


def test_docx_has_title_headings_budget_table_and_swedish_letters():
    document, text = docx_text(exports.plan_docx(provrum(), DATA))
    assert document.paragraphs[1].style.name == "Title"
    assert document.paragraphs[1].text == TITLE
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(exports.headings().values())
    assert "Andra stycket: å ä ö Å Ä Ö." in text
    assert "61 250 kr" in text and "105 000 kr" in text and "-5 000 kr" in text
    # The budget is a table: a header, three lines and the three sums.
    budget = document.tables[3]
    assert len(budget.rows) == 1 + 3 + 3
    assert nbsp(budget.rows[1].cells[3].text) == "61 250 kr"
    assert nbsp(budget.rows[4].cells[3].text) == "105 000 kr"
    assert nbsp(budget.rows[5].cells[3].text) == "40 000 kr"  # of which working time
    financing = document.tables[4]
    assert [row.cells[1].text for row in financing.rows[1:4]] == [
        "Reglab",
        "Region Skåne",
        "Tillväxtverket",
    ]


def test_docx_is_a4_with_sorted_milestones_and_page_numbers():
    content = exports.plan_docx(provrum(), DATA)
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    milestones = document.tables[0]
    assert [row.cells[0].text for row in milestones.rows[1:]] == [
        "2027-01-15",
        "2027-03-10",
        "2027-05-31",
    ]
    footer = zipfile.ZipFile(io.BytesIO(content)).read("word/footer1.xml").decode()
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_docx_of_an_empty_or_odd_plan_still_opens():
    odd = {
        "budget_lines": [{"amount": "abc"}, "not a row"],
        "milestones": [{"date": "x"}],
        "success_criteria": "a text, not a list",
        "financing": {"source": "other"},
    }
    for data in ({}, odd, None):
        document, text = docx_text(exports.plan_docx(provrum(), data))
        assert document.paragraphs[1].text == TITLE
        assert "0 kr" in text
        assert not [p for p in document.paragraphs if p.style.name == "List Bullet"]


# PDF -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf():
    with translation.override("en"):
        return PdfReader(io.BytesIO(exports.plan_pdf(provrum(), DATA)))


def test_pdf_is_a4_and_holds_title_figures_and_swedish_letters(pdf):
    text = nbsp("\n".join(page.extract_text() for page in pdf.pages))
    assert "Öppna data – åäö i regional utveckling" in text
    assert "å ä ö Å Ä Ö" in text
    assert "Startmöte i Örebro" in text
    assert "61 250 kr" in text and "105 000 kr" in text
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_pdf_uses_dejavu_is_tagged_and_carries_metadata(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in font for font in fonts)
    assert TITLE in pdf.metadata.title
    assert pdf.metadata.author == "Reglab"
    # Tagged (PDF/UA) with its language, for screen readers.
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"


def test_pdf_escapes_what_the_plan_says():
    data = dict(DATA, purpose="<b>fet</b> & <script>x</script>")
    reader = PdfReader(io.BytesIO(exports.plan_pdf(provrum(), data)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<b>fet</b> & <script>x</script>" in text


# XLSX ------------------------------------------------------------------------


def xlsx_rows(content: bytes, data_only: bool):
    sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=data_only).active
    return sheet, {row[1].value: row[3].value for row in sheet.iter_rows() if len(row) > 3}


def test_xlsx_sums_are_formulas_and_values():
    content = exports.budget_xlsx(provrum(), DATA)
    _, formulas = xlsx_rows(content, data_only=False)
    sheet, values = xlsx_rows(content, data_only=True)
    assert formulas["Planned budget"].startswith("=SUM(")
    assert values["Planned budget"] == 105_000
    assert formulas["of which working time"].startswith("=SUMIF(")
    assert values["of which working time"] == 40_000
    assert values["of which not working time"] == 65_000
    assert formulas["Total financing"].startswith("=SUM(")
    assert values["Total financing"] == 100_000
    assert values["Financing minus budget"] == -5_000
    assert values["Analysbyrå"] == 61_250
    assert sheet["A1"].value == f"Project plan: {TITLE}"


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    content = exports.budget_xlsx(provrum(), DATA)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    cell = next(c for c in cells if "HYPERLINK" in c.value)
    assert cell.data_type == "s"
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>HYPERLINK" not in xml


def test_xlsx_of_an_empty_budget_sums_to_zero():
    _, values = xlsx_rows(exports.budget_xlsx(provrum(), {}), data_only=True)
    assert values["Planned budget"] == 0
    assert values["Financing minus budget"] == 0


# CSV -------------------------------------------------------------------------


def test_csv_is_semicolons_in_utf8_with_bom():
    text = exports.budget_csv(provrum(), DATA)
    assert text.startswith("\ufeff")
    raw = text.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert all(len(row) == 5 for row in rows)
    by_description = {row[2]: row for row in rows}
    assert by_description["Analysbyrå"][4] == "61250"
    assert by_description["Region Skåne"][4] == "45000"
    totals = {row[1]: row[4] for row in rows}
    assert totals["Planned budget"] == "105000"
    assert totals["Total financing"] == "100000"
    assert totals["Financing minus budget"] == "-5000"


def test_csv_defuses_formulas():
    rows = list(csv.reader(io.StringIO(exports.budget_csv(provrum(), DATA)), delimiter=";"))
    descriptions = [row[2] for row in rows]
    assert '\'=HYPERLINK("http://evil.example")' in descriptions
    assert not any(description.startswith("=") for description in descriptions)


# iCalendar -------------------------------------------------------------------


def test_ics_has_one_all_day_event_per_milestone_with_place_or_link():
    calendar = Calendar.from_ical(exports.milestones_ics([(provrum(), DATA)], name="Min kalender"))
    assert str(calendar["X-WR-CALNAME"]) == "Min kalender"
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    by_title = {str(event["SUMMARY"]).split(" – ")[0]: event for event in events}
    start = by_title["Startmöte i Örebro"]
    assert start.decoded("DTSTART") == date(2027, 1, 15)
    assert start.decoded("DTEND") == date(2027, 1, 16)
    assert str(start["DTSTART"].params.get("VALUE")) == "DATE"
    assert str(start["LOCATION"]) == "Örebro slott"
    assert TITLE in str(start["SUMMARY"])
    digital = by_title["Avstämning"]
    assert str(digital["LOCATION"]) == "https://meet.example.se/ai"
    assert str(digital["URL"]) == "https://meet.example.se/ai"
    assert "LOCATION" not in by_title["Slutrapport"]


def test_ics_uids_are_stable_and_unique():
    first = Calendar.from_ical(exports.milestones_ics([(provrum(), DATA)]))
    again = Calendar.from_ical(exports.milestones_ics([(provrum(), DATA)]))
    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert uids == [str(event["UID"]) for event in again.walk("VEVENT")]
    assert len(set(uids)) == 3
    twice = dict(DATA, milestones=[DATA["milestones"][0], DATA["milestones"][0]])
    doubled = Calendar.from_ical(exports.milestones_ics([(provrum(), twice)]))
    assert len({str(event["UID"]) for event in doubled.walk("VEVENT")}) == 2


def test_ics_skips_milestones_without_a_valid_date_and_joins_several_plans():
    broken = {"milestones": [{"date": "", "title": "Ingen dag"}, {"date": "31/12", "title": "Fel"}]}
    calendar = Calendar.from_ical(
        exports.milestones_ics([(provrum(), DATA), (provrum("Ett annat provrum"), broken)])
    )
    assert len(calendar.walk("VEVENT")) == 3
