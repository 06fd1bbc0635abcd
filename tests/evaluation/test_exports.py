"""Downloads: every table as CSV and XLSX, matching the table on the page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reglab.evaluation.exports import HEADER_ROW, csv_value, table_csv
from reglab.evaluation.tables import Column, Table, dashboard_for

SLUGS = [
    "forslag-och-beslut",
    "handlaggningstid",
    "deltagande",
    "lan",
    "grundfinansiering",
    "utfall",
    "rapporter",
    "enkat",
    "nytta",
    "delta-igen",
    "synpunkter",
]


def download(client, user, figure, fmt, period="development"):
    client.force_login(user)
    url = reverse("evaluation:export", kwargs={"figure": figure, "fmt": fmt})
    return client.get(url, {"period": period})


def test_every_table_has_a_download(world):
    assert [table.slug for table in dashboard_for("all").tables.values()] == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_csv_matches_the_table(client, world, slug):
    response = download(client, world.office, slug, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert f"reglab-utvardering-{slug}-development.csv" in response["Content-Disposition"]
    # Signed in: no-store as well (reglab.core.no_store).
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache", "no-store"}
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    table = next(t for t in dashboard_for("development").tables.values() if t.slug == slug)
    assert rows[0] == [column.label for column in table.columns]
    assert rows[1:] == [
        [csv_value(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
        for row in table.all_rows()
    ]


def test_csv_of_the_funding_by_hand(client, world):
    response = download(client, world.office, "grundfinansiering", "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # Whole kronor without grouping, a decimal comma, the whole period last.
    assert [row[1:] for row in rows[1:]] == [
        ["130000", "200000", "65"],
        ["100000", "150000", "66,7"],
        ["230000", "350000", "65,7"],
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_xlsx_opens_and_matches_the_table(client, world, slug):
    response = download(client, world.office, slug, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    table = next(t for t in dashboard_for("development").tables.values() if t.slug == slug)
    assert sheet["A1"].value == table.title
    values = [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
    assert values[0] == [column.label for column in table.columns]
    assert values[1:] == [[None if v == "" else v for v in row] for row in table.all_rows()]


def test_xlsx_keeps_numbers_as_numbers(client, world):
    response = download(client, world.office, "grundfinansiering", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    first = HEADER_ROW + 1
    assert sheet.cell(first, 1).value == "2023"
    assert sheet.cell(first, 2).value == 130_000
    assert sheet.cell(first, 2).number_format == '#,##0" kr"'
    assert sheet.cell(first + 1, 4).value == 66.7


def test_the_workbook_holds_every_table(client, world):
    response = download(client, world.office, "alla-figurer", "xlsx", period="2024")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    tables = list(dashboard_for("2024").tables.values())
    assert len(workbook.worksheets) == len(tables) == 11
    assert [sheet["A1"].value for sheet in workbook.worksheets] == [t.title for t in tables]
    counts = workbook.worksheets[0]
    # 2024: 4 proposals, 2 go-aheads, 0 declined, 1 lapsed, 1 withdrawn.
    assert list(counts.iter_rows(min_row=HEADER_ROW + 1, values_only=True)) == [
        ("2024", 4, 2, 0, 1, 1)
    ]


@pytest.mark.parametrize(
    ("figure", "fmt", "period"),
    [
        ("finns-inte", "csv", "all"),
        ("utfall", "pdf", "all"),
        ("alla-figurer", "csv", "all"),
        ("utfall", "csv", "1999"),
    ],
)
def test_unknown_downloads_are_404(client, world, figure, fmt, period):
    assert download(client, world.office, figure, fmt, period).status_code == 404


def test_text_that_looks_like_a_formula_stays_text():
    table = Table("t", "t", "Titel", [Column("Svar", "text"), Column("Antal")], rows=[["=1+1", 3]])
    assert table_csv(table).splitlines()[1] == "'=1+1;3"


def test_free_text_answers_download_without_names(client, world):
    response = download(client, world.office, "synpunkter", "csv", period="all")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [
        ["Färre möten."],
        ["Mer tid för spridningen."],
        ["Tydligare mall för slutrapporten."],
    ]


def test_control_characters_in_an_answer_do_not_break_the_workbook(client, world):
    # A line break pasted from Word (\x0b) cannot be kept in an Excel cell: it is left out.
    from reglab.provrum.models import SurveyResponse

    SurveyResponse.objects.filter(format_change="Färre möten.").update(
        format_change="Färre\x0b möten."
    )
    response = download(client, world.office, "alla-figurer", "xlsx", period="all")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert "Färre möten." in cells
