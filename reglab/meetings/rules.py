"""Pure checks on meetings, programmes and registrations: no Django, only plain values.

Every check returns the list of codes that fail (empty when all is well);
``messages.py`` turns a code into a Swedish sentence.
"""

import datetime as dt
from dataclasses import dataclass

MEETING_ENDS_BEFORE_START = "meeting_ends_before_start"
MEETING_LAST_DAY_BEFORE_FIRST = "meeting_last_day_before_first"
MEETING_NO_PLACE = "meeting_no_place"
REGISTRATION_CLOSES_BEFORE_OPENS = "registration_closes_before_opens"
ITEM_OUTSIDE_MEETING = "item_outside_meeting"
REGISTRATION_NOT_OPEN = "registration_not_open"
REGISTRATION_CLOSED = "registration_closed"
MEETING_OVER = "meeting_over"
ALREADY_REGISTERED = "already_registered"


@dataclass(frozen=True)
class MeetingTimes:
    date: dt.date
    last_date: dt.date
    start_time: dt.time
    end_time: dt.time


def check_meeting(
    *,
    times: MeetingTimes,
    address: str,
    digital_link: str,
    registration_opens: dt.datetime | None,
    registration_closes: dt.datetime | None,
) -> list[str]:
    """The reasons a meeting's dates, times and place do not hold together."""
    reasons = []
    if times.last_date < times.date:
        reasons.append(MEETING_LAST_DAY_BEFORE_FIRST)
    elif (times.last_date, times.end_time) <= (times.date, times.start_time):
        reasons.append(MEETING_ENDS_BEFORE_START)
    if not address.strip() and not digital_link.strip():
        reasons.append(MEETING_NO_PLACE)
    if registration_opens and registration_closes and registration_closes <= registration_opens:
        reasons.append(REGISTRATION_CLOSES_BEFORE_OPENS)
    return reasons


def check_item_time(*, times: MeetingTimes, day: dt.date | None, start_time: dt.time) -> list[str]:
    """A programme item must start within its meeting (on one of its days, between its times)."""
    day = day or times.date
    if day < times.date or day > times.last_date:
        return [ITEM_OUTSIDE_MEETING]
    if (day, start_time) < (times.date, times.start_time):
        return [ITEM_OUTSIDE_MEETING]
    # An item may start at the very end ("16.00 Avslut"), not after it.
    if (day, start_time) > (times.last_date, times.end_time):
        return [ITEM_OUTSIDE_MEETING]
    return []


def check_registration_window(
    *,
    now: dt.datetime,
    opens: dt.datetime | None,
    closes: dt.datetime | None,
    meeting_starts: dt.datetime,
) -> list[str]:
    """Whether one may register at ``now``: after it opens, before it closes and the meeting."""
    if now >= meeting_starts:
        return [MEETING_OVER]
    if opens is not None and now < opens:
        return [REGISTRATION_NOT_OPEN]
    if closes is not None and now >= closes:
        return [REGISTRATION_CLOSED]
    return []


def seat_or_queue(*, capacity: int | None, taken: int) -> bool:
    """True when a new registration gets a seat, False when it goes to the waiting list."""
    return capacity is None or taken < capacity
