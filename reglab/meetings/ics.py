"""A meeting as an iCalendar file (one VEVENT), for any calendar program."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def meeting_calendar(meeting) -> bytes:
    """The meeting's ICS: its times in Swedish time, place, link and description."""
    calendar = Calendar()
    calendar.add("prodid", "-//Reglab//Meetings//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@reglab")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    location = ", ".join(part for part in (meeting.address, meeting.digital_link) if part)
    if location:
        event.add("location", location)
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("url", url)
    description = "\n\n".join(part for part in (meeting.description, url) if part)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
