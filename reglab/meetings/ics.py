"""Meetings as iCalendar files, for any calendar program: one meeting, or a network's."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from reglab.core.text import single_line
from reglab.meetings.access import meetings_visible_to
from reglab.meetings.models import RegistrationStatus


def meeting_event(meeting) -> Event:
    """One VEVENT: the meeting's times in Swedish time, place, link and description."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@reglab")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    # Titles and places are one line; a line break from elsewhere (the admin, an old
    # row) would break the calendar's content lines.
    event.add("summary", single_line(meeting.title))
    location = single_line(meeting.address)
    if location:
        event.add("location", location)
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("url", url)
    description = "\n\n".join(part for part in (meeting.description, url) if part)
    event.add("description", description)
    return event


def calendar_of(meetings, *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Reglab//Meetings//SV")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", single_line(name))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def meeting_calendar(meeting) -> bytes:
    """The ICS of one meeting."""
    return calendar_of([meeting], name=meeting.title)


def network_calendar(network, meetings) -> bytes:
    """The ICS of a network's meetings (those the reader may see)."""
    return calendar_of(meetings, name=f"Reglab – {network.name}")


def personal_events(user) -> list[Event]:
    """The meetings ``user`` is registered for or waiting for, from a week ago on, for
    their personal calendar (``reglab.core.calendar``)."""
    since = timezone.localdate() - dt.timedelta(days=7)
    meetings = meetings_visible_to(user).filter(
        date__gte=since,
        registrations__person=user,
        registrations__status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
    )
    return [meeting_event(meeting) for meeting in meetings.distinct().order_by("date", "pk")]
