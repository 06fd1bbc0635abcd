"""The calendar page does the same work after ten years of provrum as after one: the
provrum in the person's calendar are chosen and paged in the database, and each page
still holds only what the person may see (the feed keeps them all)."""

import re

import pytest
from django.urls import reverse

from reglab.provrum.calendar_feed import calendar_items
from reglab.provrum.export_views import CALENDAR_PER_PAGE
from reglab.provrum.format_rules.services import format_rules_update
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead
from tests.provrum.views_helpers import sign_in
from tests.reading import read_warm

pytestmark = pytest.mark.django_db

URL = reverse("provrum:calendar")
MANY = CALENDAR_PER_PAGE + 15


@pytest.fixture(autouse=True)
def many_go_aheads(cast):
    """Years of provrum: this year may start as many as the tests need."""
    format_rules_update(by=cast["office"], max_go_aheads_per_year=1000)


def add_planned(cast, count, start=0):
    """``count`` provrum with a saved plan, "Provrum 000" first by title."""
    for number in range(start, start + count):
        saved_plan(cast, with_go_ahead(cast, title=f"Provrum {number:03d}"))


def listed(html):
    return re.findall(r'<th scope="row" hx-disable><a href="[^"]*">(Provrum \d+)</a></th>', html)


@pytest.mark.parametrize("role", ["office", "skane"])
def test_the_calendar_page_reads_the_same_for_3_and_40_provrum(client, cast, role):
    sign_in(client, cast["office"] if role == "office" else cast["people"][role])
    add_planned(cast, 3)
    few_html, few = read_warm(client, URL)
    add_planned(cast, MANY - 3, start=3)
    many_html, many = read_warm(client, URL)

    assert len(many) == len(few)
    assert len(listed(few_html)) == 3
    assert len(listed(many_html)) == CALENDAR_PER_PAGE
    # Rows: the provrum (and their plans) are read a page at a time, in the database.
    reads = [sql for sql in many if sql.startswith('SELECT DISTINCT "provrum_provrum"."id"')]
    assert len(reads) == 1
    assert re.search(r"LIMIT \d+$", reads[0]), reads[0]


def test_the_calendar_page_comes_a_page_at_a_time(client, cast):
    add_planned(cast, MANY)
    orebro = cast["people"]["orebro"]
    sign_in(client, orebro)

    first, _ = read_warm(client, URL)
    assert listed(first) == [f"Provrum {n:03d}" for n in range(CALENDAR_PER_PAGE)]
    assert 'aria-label="Sidor med provrum i din kalender"' in first
    assert 'href="?sida=2#included" rel="next"' in first
    assert "Sida 1 av 2" in first

    last, _ = read_warm(client, f"{URL}?sida=2")
    assert listed(last) == [f"Provrum {n:03d}" for n in range(CALENDAR_PER_PAGE, MANY)]
    assert 'href="?sida=1#included" rel="prev"' in last
    assert 'rel="next"' not in last
    # The pages together hold exactly the provrum of the person's calendar.
    assert listed(first) + listed(last) == [item[0].title for item in calendar_items(orebro)]

    for number, expected in {"abc": 1, "": 1, "2.5": 1, "0": 2, "-1": 2, "999": 2}.items():
        html, _ = read_warm(client, f"{URL}?sida={number}")
        assert f"Sida {expected} av 2" in html, number

    # A member region that does not take part sees none of them, on any page.
    sign_in(client, cast["people"]["gavleborg"])
    for number in ("1", "2"):
        html, _ = read_warm(client, f"{URL}?sida={number}")
        assert listed(html) == []
