"""The format rules page reads only the history it shows: a page of changes, newest first,
and the record before the page's oldest to tell what it changed; older pages stay reachable."""

import re

import pytest
from django.urls import reverse

from reglab.provrum.format_rules.services import format_rules_update
from reglab.provrum.format_rules.views import FORMAT_RULES_HISTORY_PER_PAGE
from reglab.provrum.selectors import format_rules_get
from tests.reading import read_warm

pytestmark = pytest.mark.django_db

URL = reverse("provrum:format_rules")
PER_PAGE = FORMAT_RULES_HISTORY_PER_PAGE
# The record of the rules' creation, then this many changes: three pages, the last short.
CHANGES = 2 * PER_PAGE + 20


def change(office, count, start=0):
    """``count`` changes: change ``n`` sets the yearly go-aheads to 100 + n."""
    format_rules_get()
    for number in range(start, start + count):
        format_rules_update(by=office, max_go_aheads_per_year=100 + number)


def entries(html):
    return re.findall(r'<li class="history-item">', html)


def change_shown(number):
    """Change ``n`` on the page (the first one's old value is the default, 2)."""
    old = 2 if number == 0 else 100 + number - 1
    return f"<del>{old}</del> → <ins>{100 + number}</ins>"


def test_the_history_reads_the_same_for_3_and_many_changes(client, office_user):
    client.force_login(office_user)
    change(office_user, 3)
    few_html, few = read_warm(client, URL)
    change(office_user, CHANGES - 3, start=3)
    many_html, many = read_warm(client, URL)

    assert len(many) == len(few)
    assert len(entries(few_html)) == 4
    assert len(entries(many_html)) == PER_PAGE
    # Rows: the page's records and one more, sliced in the database.
    reads = [sql for sql in many if 'FROM "provrum_historicalformatrules"' in sql]
    records = [sql for sql in reads if not sql.startswith("SELECT COUNT(")]
    assert len(records) == 1
    assert re.search(rf"LIMIT {PER_PAGE + 1}$", records[0]), records[0]


def test_the_history_comes_a_page_at_a_time(client, office_user, plain_user):
    change(office_user, CHANGES)
    client.force_login(plain_user)

    first, _ = read_warm(client, URL)
    assert len(entries(first)) == PER_PAGE
    assert first.index(change_shown(CHANGES - 1)) < first.index(change_shown(CHANGES - 2))
    assert change_shown(CHANGES - PER_PAGE) in first
    assert change_shown(CHANGES - PER_PAGE - 1) not in first
    assert 'aria-label="Sidor i ändringshistoriken"' in first
    assert 'href="?sida=2#history" rel="next"' in first
    assert "Sida 1 av 3" in first

    second, _ = read_warm(client, f"{URL}?sida=2")
    # Its oldest change is told against the record before it, on the next page.
    assert change_shown(CHANGES - PER_PAGE - 1) in second
    assert change_shown(CHANGES - 2 * PER_PAGE) in second
    assert 'href="?sida=1#history" rel="prev"' in second
    assert 'href="?sida=3#history" rel="next"' in second

    last, _ = read_warm(client, f"{URL}?sida=3")
    # The rest of the changes and the creation of the rules.
    assert len(entries(last)) == CHANGES + 1 - 2 * PER_PAGE
    assert change_shown(0) in last
    assert "skapade reglerna" in last
    assert 'rel="next"' not in last

    for number, expected in {"abc": 1, "": 1, "2.5": 1, "0": 3, "-1": 3, "999": 3}.items():
        html, _ = read_warm(client, f"{URL}?sida={number}")
        assert f"Sida {expected} av 3" in html, number
