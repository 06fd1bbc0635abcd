"""The milestones as iCalendar: one all-day event each, with a UID that stays the same
from one download to the next."""

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.core.text import single_line
from reglab.provrum.exports.document import as_date, as_text, meeting_label, rows_of


def _uid_domain() -> str:
    return urlsplit(getattr(settings, "SITE_URL", "") or "").hostname or "reglab"


def milestone_uid(provrum, milestone: dict, seen: dict[str, int]) -> str:
    """A UID that stays the same while the milestone's date and title do.

    Two identical milestones in the same provrum get a running number.
    """
    parts = (
        getattr(provrum, "pk", ""),
        as_text(milestone.get("date")),
        as_text(milestone.get("title")),
    )
    key = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    seen[digest] = seen.get(digest, 0) + 1
    suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
    return f"provrum-{getattr(provrum, 'pk', None) or 0}-{digest}{suffix}@{_uid_domain()}"


def milestones_ics(items, *, name: str = "") -> bytes:
    """The milestones of one or more plans as an iCalendar feed.

    ``items`` is a list of (provrum, plan data). Each milestone is an all-day
    event; the meeting's place or link is its LOCATION. Outlook, Google and
    Apple calendars can subscribe to the URL that serves this.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Reglab//Provrum//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(name or _("Reglab provrum")))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # How often subscribers fetch it again (Outlook reads the X- form).
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now().replace(microsecond=0)
    site = (getattr(settings, "SITE_URL", "") or "").rstrip("/")

    for provrum, data in items:
        data = data if isinstance(data, dict) else {}
        title = as_text(getattr(provrum, "title", ""))
        link = ""
        if getattr(provrum, "pk", None) and site:
            link = f"{site}{provrum.get_absolute_url()}"
        seen: dict[str, int] = {}
        for milestone in rows_of(data, "milestones"):
            day = as_date(milestone.get("date"))
            if day is None:
                continue
            event = Event()
            event.add("uid", milestone_uid(provrum, milestone, seen))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", single_line(f"{as_text(milestone.get('title'))} – {title}"))
            event.add("transp", "TRANSPARENT")
            place = as_text(milestone.get("place"))
            meeting = milestone.get("meeting")
            if meeting in ("physical", "digital") and place:
                event.add("location", single_line(place))
                if place.startswith(("https://", "http://")):
                    event.add("url", place)
            description = [meeting_label(meeting)] if meeting in ("physical", "digital") else []
            description.append(_("Milestone in the provrum “%(title)s”.") % {"title": title})
            if link:
                description.append(link)
            event.add("description", "\n".join(description))
            event.add("categories", ["Reglab"])
            calendar.add_component(event)
    return calendar.to_ical()
