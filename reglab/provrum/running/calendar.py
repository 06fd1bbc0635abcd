"""The group's meetings (Genomförande) in the calendars, and the plan's meetings offered.

The calendars of a provrum (the download, the provrum's feed and the person's
whole feed) carry the project plan's milestones as all-day events. The meetings
the group adds under Genomförande are real events: with their times in Swedish
time, their place (or the digital meeting's link), a UID of their own and a
SEQUENCE that grows with the meeting's version, so a calendar that subscribed
moves the event when the meeting moves. They are the group's (``view_work``):
members who follow an approved plan from outside see its milestones, never the
group's meetings.

A milestone of the plan that is a meeting (``meeting`` "physical" or "digital")
and that one of the group's meetings stands for leaves the calendar, so the same
meeting is not there twice, once all day and once at its time. A meeting stands
for a milestone when it has the milestone's day and title; failing that, its
title on another day (it was moved), or another title that day (it was renamed);
one meeting per milestone (``unmet_milestones``).
The same matching decides which milestones the running page still offers as
meetings to add (``meeting_suggestions``): offered, never created unasked.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from reglab.accounts.permissions import is_office
from reglab.core.calendar import calendar_finish, timed_event
from reglab.core.text import search_key
from reglab.provrum.models import Meeting, Provrum
from reglab.provrum.permissions import WORK_VIEW_STATES, represented_organisations
from reglab.provrum.rules.funding import plan_date

MEETING_MODES = ("physical", "digital")
# The feeds show the group's meetings from this many days back (and all coming ones).
HISTORY_DAYS = 90


@dataclass(frozen=True)
class PlannedMeeting:
    """A milestone of the plan that is a meeting, with its place in the plan's list."""

    index: int
    day: date
    title: str
    mode: str
    place: str


def planned_meetings(data) -> list[PlannedMeeting]:
    """The plan's milestones that are meetings and have a day and a title."""
    rows = data.get("milestones") if isinstance(data, dict) else None
    found = []
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict) or row.get("meeting") not in MEETING_MODES:
            continue
        day = plan_date(row.get("date"))
        title = str(row.get("title") or "").strip()
        if day is None or not title:
            continue
        place = str(row.get("place") or "").strip()
        found.append(PlannedMeeting(index, day, title, row["meeting"], place))
    return found


def unmet_milestones(planned: list[PlannedMeeting], meetings) -> list[PlannedMeeting]:
    """The planned meetings that none of ``meetings`` stands for.

    Each meeting stands for at most one milestone, matched in three rounds: the
    same day and title, then the same title on another day (the meeting was
    moved), then any meeting on the milestone's day (it was renamed).
    """
    pool = [
        (timezone.localdate(meeting.starts_at), search_key(meeting.title)) for meeting in meetings
    ]
    unmet = list(planned)
    for same_day, same_title in ((True, True), (False, True), (True, False)):
        left = []
        for milestone in unmet:
            key = search_key(milestone.title)
            match = next(
                (
                    position
                    for position, (day, title) in enumerate(pool)
                    if (not same_day or day == milestone.day) and (not same_title or title == key)
                ),
                None,
            )
            if match is None:
                left.append(milestone)
            else:
                pool.pop(match)
        unmet = left
    return unmet


def meeting_suggestions(provrum: Provrum, data, meetings, *, today=None) -> list[PlannedMeeting]:
    """The plan's meetings, from today on, that the group has not added yet.

    Offered only once the plan is approved: before that the plan may still change.
    """
    plan = getattr(provrum, "plan", None)
    if plan is None or plan.status != plan.Status.APPROVED:
        return []
    today = today or timezone.localdate()
    return [
        milestone
        for milestone in unmet_milestones(planned_meetings(data), meetings)
        if milestone.day >= today
    ]


def _without_met_milestones(data, meetings) -> dict:
    """The plan data with the milestones the group's meetings stand for left out."""
    if not meetings or not isinstance(data, dict):
        return data
    planned = planned_meetings(data)
    unmet = {milestone.index for milestone in unmet_milestones(planned, meetings)}
    met = {milestone.index for milestone in planned} - unmet
    rows = data.get("milestones") or []
    return {**data, "milestones": [row for i, row in enumerate(rows) if i not in met]}


# The group's meetings in the calendars ------------------------------------------------


def _group_provrum(user) -> list[Provrum]:
    """The provrum whose meetings the person's whole calendar holds: those whose work the
    person may see (the group's; every one for the office), plan or not."""
    queryset = Provrum.objects.filter(state__in=WORK_VIEW_STATES)
    if not is_office(user):
        ids = list(represented_organisations(user))
        queryset = queryset.filter(Q(interests__organisation_id__in=ids) | Q(leader_id__in=ids))
    queryset = queryset.select_related("leader").prefetch_related("interests").distinct()
    return [provrum for provrum in queryset if user.has_perm("provrum.view_work", provrum)]


def group_meetings(user, provrum_list=None) -> dict[int, list[Meeting]]:
    """{provrum pk: its meetings} for the provrum given (each checked with ``view_work``),
    or for every provrum of the person's whole calendar when none are given; from
    ``HISTORY_DAYS`` ago on, earliest first."""
    if provrum_list is None:
        allowed = _group_provrum(user)
    else:
        allowed = [p for p in provrum_list if user.has_perm("provrum.view_work", p)]
    if not allowed:
        return {}
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    meetings = (
        Meeting.objects.filter(provrum__in=allowed, starts_at__gte=since)
        .select_related("provrum")
        .order_by("starts_at", "pk")
    )
    found = defaultdict(list)
    for meeting in meetings:
        found[meeting.provrum_id].append(meeting)
    return dict(found)


def milestones_left(items, meetings: dict[int, list[Meeting]]) -> list:
    """The (provrum, plan data) items without the milestones the group's meetings stand for."""
    return [
        (provrum, _without_met_milestones(data, meetings.get(provrum.pk, [])))
        for provrum, data in items
    ]


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL or "").hostname or "reglab"


def meeting_event(meeting: Meeting):
    """One of the group's meetings as a VEVENT."""
    provrum = meeting.provrum
    url = settings.SITE_URL + reverse("provrum:running", args=[provrum.pk])
    url += f"#meeting-{meeting.pk}"
    if meeting.mode == Meeting.Mode.DIGITAL:
        kind = _("A digital meeting in the provrum “%(title)s”.")
    else:
        kind = _("A meeting in person in the provrum “%(title)s”.")
    parts = [
        kind % {"title": provrum.title},
        meeting.agenda,
        meeting.place if meeting.mode == Meeting.Mode.DIGITAL else "",
        url,
    ]
    return timed_event(
        uid=f"provrum-meeting-{meeting.pk}@{_uid_domain()}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.title} – {provrum.title}",
        location=meeting.place,
        url=url,
        description="\n\n".join(part for part in parts if part),
        sequence=meeting.version - 1,
        last_modified=meeting.updated_at,
    )


def with_meetings(body: bytes, meetings: dict[int, list[Meeting]]) -> bytes:
    """The milestones' calendar ``body`` with the group's meetings added."""
    calendar = Calendar.from_ical(body)
    for provrum_meetings in meetings.values():
        for meeting in provrum_meetings:
            calendar.add_component(meeting_event(meeting))
    return calendar_finish(calendar)
