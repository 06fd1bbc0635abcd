"""A network's page does the same work after ten years of meetings as after one: the
upcoming meetings and the look back come a page at a time, each with its own page number,
and the room's answers are read for the meetings on the page only."""

import re

import pytest

from reglab.live.services import question as question_services
from reglab.meetings import selectors
from reglab.meetings.views import LOOKBACK_PER_PAGE, UPCOMING_PER_PAGE
from tests.live.conftest import answer, guest, open_question
from tests.meetings.conftest import add_programme, make_meeting
from tests.reading import read_warm

pytestmark = pytest.mark.django_db

# A page number that is not a number gives the first page; one past either end, the last.
BAD_PAGE_NUMBERS = {"abc": 1, "2.5": 1, "": 1, "999": 3, "0": 3, "-1": 3}


def add_earlier(network, host, count, start=0):
    """``count`` earlier meetings, "Träff 000" the newest, each with a theme and a closed
    question the room answered."""
    for number in range(start, start + count):
        meeting = make_meeting(network, days=-7 * (number + 1), title=f"Träff {number:03d}")
        add_programme(meeting)
        question = open_question(meeting, host, kind="text", text=f"Fråga {number:03d}")
        participant, _token = guest(meeting)
        answer(question, participant, text="Ett svar")
        question_services.question_close(question=question, by=host)


def add_upcoming(network, count, start=0):
    """``count`` upcoming meetings, "Kommande 000" the soonest."""
    for number in range(start, start + count):
        make_meeting(network, days=number + 1, title=f"Kommande {number:03d}")


def earlier_on(html):
    return re.findall(r'<span class="muted">– (Träff \d+)</span>', html)


def upcoming_on(html):
    return re.findall(r"(Kommande \d+)", html)


def test_the_network_page_reads_the_same_for_3_and_40_meetings(client, network, coordinator):
    client.force_login(coordinator)
    url = network.get_absolute_url()
    add_earlier(network, coordinator, 3)
    add_upcoming(network, 3)
    few_html, few = read_warm(client, url)
    add_earlier(network, coordinator, 37, start=3)
    add_upcoming(network, 37, start=3)
    many_html, many = read_warm(client, url)

    assert len(many) == len(few)
    # Rows: the meetings are read a page at a time, in the database, not all and then cut.
    meeting_reads = [sql for sql in many if sql.startswith('SELECT "meetings_meeting"."id"')]
    assert len(meeting_reads) == 2
    for sql in meeting_reads:
        assert re.search(r"LIMIT \d+$", sql), sql
    assert len(earlier_on(many_html)) == LOOKBACK_PER_PAGE
    assert len(set(upcoming_on(many_html))) == UPCOMING_PER_PAGE
    # The room's answers only for the look back's page.
    assert many_html.count("Vad rummet svarade (1 fråga)") == LOOKBACK_PER_PAGE
    assert few_html.count("Vad rummet svarade (1 fråga)") == 3
    # A few upcoming meetings come whole, without paging.
    assert len(set(upcoming_on(few_html))) == 3
    assert "kommande=" not in few_html


def test_the_look_back_comes_a_page_at_a_time(client, network, coordinator):
    add_earlier(network, coordinator, 2 * LOOKBACK_PER_PAGE + 3)
    url = network.get_absolute_url()

    first, _ = read_warm(client, url)
    assert earlier_on(first) == [f"Träff {n:03d}" for n in range(LOOKBACK_PER_PAGE)]
    assert 'aria-label="Sidor med tidigare möten"' in first
    assert 'href="?tidigare=2#lookback" rel="next"' in first
    assert "Sida 1 av 3" in first

    second, _ = read_warm(client, f"{url}?tidigare=2")
    assert earlier_on(second)[0] == f"Träff {LOOKBACK_PER_PAGE:03d}"
    assert 'href="?tidigare=1#lookback" rel="prev"' in second
    assert 'href="?tidigare=3#lookback" rel="next"' in second

    last, _ = read_warm(client, f"{url}?tidigare=3")
    assert earlier_on(last) == [
        f"Träff {n:03d}" for n in range(2 * LOOKBACK_PER_PAGE, 2 * LOOKBACK_PER_PAGE + 3)
    ]
    assert 'rel="next"' not in last
    assert "Vad rummet svarade (1 fråga)" in last

    for number, expected in BAD_PAGE_NUMBERS.items():
        html, _ = read_warm(client, f"{url}?tidigare={number}")
        assert f"Sida {expected} av 3" in html, number


def test_the_upcoming_meetings_page_apart_from_the_look_back(client, network, coordinator):
    add_upcoming(network, UPCOMING_PER_PAGE + 1)
    add_earlier(network, coordinator, LOOKBACK_PER_PAGE + 1)
    url = network.get_absolute_url()

    first, _ = read_warm(client, url)
    assert sorted(set(upcoming_on(first))) == [
        f"Kommande {n:03d}" for n in range(UPCOMING_PER_PAGE)
    ]
    assert 'aria-label="Sidor med kommande möten"' in first
    assert 'href="?kommande=2#upcoming" rel="next"' in first

    # Each list keeps the other's page number.
    both, _ = read_warm(client, f"{url}?kommande=2&tidigare=2")
    assert set(upcoming_on(both)) == {f"Kommande {UPCOMING_PER_PAGE:03d}"}
    assert earlier_on(both) == [f"Träff {LOOKBACK_PER_PAGE:03d}"]
    assert 'href="?tidigare=2&amp;kommande=1#upcoming" rel="prev"' in both
    assert 'href="?kommande=2&amp;tidigare=1#lookback" rel="prev"' in both

    for number in ("abc", "0", "999"):
        html, _ = read_warm(client, f"{url}?kommande={number}")
        assert "Kommande" in html


def test_upcoming_meetings_on_the_same_day_and_hour_are_each_on_one_page(
    client, network, coordinator
):
    # Parallel sessions: the same date and start time. Without a last tie-breaker the
    # database may order them differently for each page, showing one twice and one never.
    for number in range(UPCOMING_PER_PAGE + 1):
        make_meeting(network, days=10, title=f"Kommande {number:03d}")
    upcoming = selectors.network_meetings(network=network, user=coordinator, upcoming=True)
    assert upcoming.query.order_by[-1] in ("pk", "id")
    url = network.get_absolute_url()

    first, _ = read_warm(client, url)
    second, _ = read_warm(client, f"{url}?kommande=2")
    shown = upcoming_on(first) + upcoming_on(second)
    assert sorted(set(shown)) == [f"Kommande {n:03d}" for n in range(UPCOMING_PER_PAGE + 1)]
