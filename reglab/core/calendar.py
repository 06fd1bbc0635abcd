"""Events other apps add to a person's own subscribed calendar (the provrum feed).

The personal calendar feed lives in provrum; meetings (and later apps) register
a source here in their ``ready()`` so that the feed shows their events too,
without provrum importing them. A source is ``source(user) -> list[icalendar.Event]``.
"""

from icalendar import Calendar

PERSONAL_SOURCES = []


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
    return calendar.to_ical()
