"""Calendar events shared by the apps, and the person's own subscribed calendar.

``timed_event`` builds one meeting as a VEVENT the way every calendar program
reads it: the times in Swedish time with their TZID (``calendar_finish`` adds
the VTIMEZONE that names it), a UID that stays the same for the meeting's whole
life, and SEQUENCE and LAST-MODIFIED that grow when the meeting changes, so
Outlook moves the event it already holds instead of keeping the old one. The
icalendar library escapes commas, semicolons and line breaks in people's text.

The personal calendar feed lives in provrum; meetings (and later apps) register
a source here in their ``ready()`` so that the feed shows their events too,
without provrum importing them. A source is ``source(user) -> list[icalendar.Event]``.
"""

from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event

from reglab.core.text import single_line

PERSONAL_SOURCES = []


def timed_event(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime | None,
    summary: str,
    location: str = "",
    url: str = "",
    description: str = "",
    sequence: int = 0,
    last_modified: datetime | None = None,
) -> Event:
    """One event with a start and (when known) an end time, in local (Swedish) time.

    Titles and places are one line: a line break from elsewhere (the admin, an
    old row) would only confuse the calendar program's one-line fields.
    """
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().replace(microsecond=0))
    event.add("dtstart", timezone.localtime(starts_at).replace(microsecond=0))
    if ends_at is not None:
        event.add("dtend", timezone.localtime(ends_at).replace(microsecond=0))
    event.add("summary", single_line(summary))
    location = single_line(location)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if description:
        event.add("description", description)
    event.add("sequence", max(int(sequence), 0))
    if last_modified is not None:
        event.add("last-modified", last_modified.astimezone(UTC).replace(microsecond=0))
    event.add("status", "CONFIRMED")
    return event


def calendar_finish(calendar: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE for every TZID its events use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def personal_source_register(source) -> None:
    """Add a source of events for a person's calendar (once; a second call is ignored)."""
    if source not in PERSONAL_SOURCES:
        PERSONAL_SOURCES.append(source)


def personal_calendar_extend(body: bytes, user) -> bytes:
    """The feed ``body`` with every registered source's events for ``user`` added."""
    events = [event for source in PERSONAL_SOURCES for event in source(user)]
    if not events:
        return body
    calendar = Calendar.from_ical(body)
    for event in events:
        calendar.add_component(event)
    return calendar_finish(calendar)
