"""The pure checks of reglab.meetings.rules, at their boundaries (no database)."""

import datetime as dt

import pytest

from reglab.meetings import rules

DAY = dt.date(2018, 4, 24)
TIMES = rules.MeetingTimes(
    date=DAY, last_date=DAY, start_time=dt.time(10, 0), end_time=dt.time(16, 0)
)


def check(**changes):
    values = {
        "times": TIMES,
        "address": "Stockholm",
        "digital_link": "",
        "registration_opens": None,
        "registration_closes": None,
        **changes,
    }
    return rules.check_meeting(**values)


def test_a_good_meeting_passes():
    assert check() == []


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        (dt.time(10, 0), dt.time(16, 0), []),
        (dt.time(16, 0), dt.time(10, 0), [rules.MEETING_ENDS_BEFORE_START]),
        (dt.time(10, 0), dt.time(10, 0), [rules.MEETING_ENDS_BEFORE_START]),
    ],
)
def test_ends_before_it_starts(start, end, codes):
    times = rules.MeetingTimes(date=DAY, last_date=DAY, start_time=start, end_time=end)
    assert check(times=times) == codes


def test_two_days_may_end_earlier_in_the_day_than_they_start():
    times = rules.MeetingTimes(
        date=DAY, last_date=DAY + dt.timedelta(days=1), start_time=dt.time(10), end_time=dt.time(9)
    )
    assert check(times=times) == []


def test_every_reason_is_reported():
    times = rules.MeetingTimes(date=DAY, last_date=DAY, start_time=dt.time(16), end_time=dt.time(9))
    opens = dt.datetime(2018, 4, 1, tzinfo=dt.UTC)
    assert check(times=times, address=" ", registration_opens=opens, registration_closes=opens) == [
        rules.MEETING_ENDS_BEFORE_START,
        rules.MEETING_NO_PLACE,
        rules.REGISTRATION_CLOSES_BEFORE_OPENS,
    ]


@pytest.mark.parametrize(
    ("start", "outside"),
    [
        (dt.time(9, 59), True),
        (dt.time(10, 0), False),
        (dt.time(16, 0), False),  # "16.00 Avslut"
        (dt.time(16, 1), True),
    ],
)
def test_item_within_the_meeting(start, outside):
    codes = rules.check_item_time(times=TIMES, day=None, start_time=start)
    assert codes == ([rules.ITEM_OUTSIDE_MEETING] if outside else [])


def test_item_on_another_day_is_outside():
    other = DAY + dt.timedelta(days=1)
    assert rules.check_item_time(times=TIMES, day=other, start_time=dt.time(11)) == [
        rules.ITEM_OUTSIDE_MEETING
    ]


@pytest.mark.parametrize(
    ("now", "codes"),
    [
        (dt.datetime(2018, 3, 31, 23, 59, tzinfo=dt.UTC), [rules.REGISTRATION_NOT_OPEN]),
        (dt.datetime(2018, 4, 1, tzinfo=dt.UTC), []),
        (dt.datetime(2018, 4, 20, tzinfo=dt.UTC), [rules.REGISTRATION_CLOSED]),
        (dt.datetime(2018, 4, 24, 8, tzinfo=dt.UTC), [rules.MEETING_OVER]),
    ],
)
def test_registration_window(now, codes):
    assert (
        rules.check_registration_window(
            now=now,
            opens=dt.datetime(2018, 4, 1, tzinfo=dt.UTC),
            closes=dt.datetime(2018, 4, 20, tzinfo=dt.UTC),
            meeting_starts=dt.datetime(2018, 4, 24, 8, tzinfo=dt.UTC),
        )
        == codes
    )


@pytest.mark.parametrize(
    ("capacity", "taken", "seat"), [(None, 99, True), (3, 2, True), (3, 3, False)]
)
def test_seat_or_queue(capacity, taken, seat):
    assert rules.seat_or_queue(capacity=capacity, taken=taken) is seat


def test_rules_import_nothing_from_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(name and name.startswith("django") for name in modules)
