"""Reading what a page or an export gives, for tests that check its content and its cost."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def read_warm(client, url):
    """The page's HTML and the SQL of its queries, read the second time (caches warm)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [query["sql"] for query in context.captured_queries]


def csv_rows(content):
    """The rows of a CSV export (UTF-8 with BOM, semicolons, as Excel in Sweden reads it)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content):
    """The rows of an XLSX export's first sheet, empty cells as ""."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]
