"""Meetings as iCalendar files, for any calendar program: one meeting, or a network's,
and the meetings in a person's own subscribed calendar (``personal_events``)."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from reglab.core.calendar import calendar_finish, timed_event
from reglab.core.text import single_line
from reglab.meetings.access import meetings_visible_to, network_memberships_of
from reglab.meetings.models import Registration, RegistrationStatus


def _sequence(meeting) -> int:
    """A SEQUENCE that grows with every save of the meeting: the seconds between its
    creation and its last change (the meeting has no version number of its own)."""
    if meeting.created_at is None or meeting.updated_at is None:
        return 0
    return max(int((meeting.updated_at - meeting.created_at).total_seconds()), 0)


def meeting_event(meeting, *, join_link: str = "") -> Event:
    """One VEVENT: the meeting's times in Swedish time, place, link and description.

    ``join_link`` is the digital link, for a calendar whose reader has a seat
    (``access.may_see_digital_link``): it is the place of a meeting without an
    address, and is named in the description.
    """
    url = settings.SITE_URL + meeting.get_absolute_url()
    parts = [meeting.description]
    if join_link:
        parts.append(join_link)
    parts.append(url)
    return timed_event(
        uid=f"meeting-{meeting.pk}@reglab",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        location=meeting.address or join_link,
        url=url,
        description="\n\n".join(part for part in parts if part),
        sequence=_sequence(meeting),
        last_modified=meeting.updated_at,
    )


def calendar_of(meetings, *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Reglab//Meetings//SV")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", single_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar_finish(calendar)


def meeting_calendar(meeting) -> bytes:
    """The ICS of one meeting."""
    return calendar_of([meeting], name=meeting.title)


def network_calendar(network, meetings) -> bytes:
    """The ICS of a network's meetings (those the reader may see)."""
    return calendar_of(meetings, name=f"Reglab – {network.name}")


def personal_events(user) -> list[Event]:
    """The meetings of ``user``'s own calendar (``reglab.core.calendar``), from a week
    ago on: those they are registered or waiting for, and the published meetings of
    the networks they are a member of (a membership that still counts,
    ``access.network_memberships_of``). Those with a seat also get the digital link.
    """
    since = timezone.localdate() - dt.timedelta(days=7)
    seats = Registration.objects.filter(
        person=user,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
    )
    statuses = dict(seats.filter(meeting__date__gte=since).values_list("meeting_id", "status"))
    networks = network_memberships_of(user).values("network_id")
    meetings = (
        meetings_visible_to(user)
        .filter(date__gte=since, is_draft=False)
        .filter(Q(pk__in=statuses.keys()) | Q(network_id__in=networks))
        .order_by("date", "start_time", "pk")
    )
    return [
        meeting_event(
            meeting,
            join_link=meeting.digital_link
            if statuses.get(meeting.pk) == RegistrationStatus.REGISTERED
            else "",
        )
        for meeting in meetings
    ]
