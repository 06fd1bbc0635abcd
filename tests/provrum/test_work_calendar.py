"""The group's meetings in the calendars, and the approved plan's meetings offered.

Skåne leads; Örebro and Kontigo take part; Gävleborg is a member outside the
group. The plan (``plan_fixtures``) has two meeting milestones: "Startmöte" on
10 February 2027 in Malmö and the digital "Avstämning" on 20 April 2027.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from reglab.provrum.calendar_feed import feed_token
from reglab.provrum.models import Meeting
from reglab.provrum.plan import services as plans
from reglab.provrum.running import services as work
from reglab.provrum.running.calendar import PlannedMeeting, unmet_milestones
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead
from tests.provrum.views_helpers import sign_in

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TITLE = "Öppna data – å ä ö"
PLACE = "Stadshuset, sal 3; Malmö"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://reglab.example"


@pytest.fixture
def approved(cast):
    provrum = with_go_ahead(cast, title=TITLE)
    plan = saved_plan(cast, provrum)
    plans.plan_submit(provrum=provrum, by=cast["people"]["skane"], version=plan.version)
    plans.plan_approve(provrum=provrum, by=cast["office"])
    provrum.refresh_from_db()
    return provrum


def add_meeting(cast, provrum, **values):
    values = {
        "title": "Startmöte",
        "starts_at": dt.datetime(2027, 2, 10, 10, 0, tzinfo=STOCKHOLM),
        "ends_at": dt.datetime(2027, 2, 10, 12, 30, tzinfo=STOCKHOLM),
        "mode": "physical",
        "place": PLACE,
        **values,
    }
    return work.meeting_create(provrum=provrum, by=cast["people"]["skane"], **values)


def events_of(client, url) -> dict[str, object]:
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def feed_url(person, provrum=None) -> str:
    return reverse("provrum:calendar_feed", args=[feed_token(person, provrum)])


def test_a_meeting_is_an_event_with_its_times_place_and_zone(client, cast, approved):
    meeting = add_meeting(cast, approved, agenda="1. Välkommen\n2. <b>Plan</b>, mål; tider")
    calendar, events = events_of(client, feed_url(cast["people"]["orebro"]))
    event = events[f"provrum-meeting-{meeting.pk}@reglab.example"]
    assert str(event["SUMMARY"]) == f"Startmöte – {TITLE}"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART") == dt.datetime(2027, 2, 10, 10, 0, tzinfo=STOCKHOLM)
    assert event.decoded("DTEND") == dt.datetime(2027, 2, 10, 12, 30, tzinfo=STOCKHOLM)
    assert str(event["LOCATION"]) == PLACE
    assert "2. <b>Plan</b>, mål; tider" in str(event["DESCRIPTION"])
    assert f"/genomforande/#meeting-{meeting.pk}" in str(event["URL"])
    assert event["SEQUENCE"] == 0
    assert "LAST-MODIFIED" in event
    # The zone is described in the file, as Outlook needs it.
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    # People's text is escaped in the file itself.
    raw = client.get(feed_url(cast["people"]["orebro"])).content.decode()
    assert "LOCATION:Stadshuset\\, sal 3\\; Malmö" in raw.replace("\r\n ", "")


def test_the_milestone_the_meeting_stands_for_leaves_the_calendar(client, cast, approved):
    def summaries():
        _calendar, events = events_of(client, feed_url(cast["people"]["skane"], approved))
        return sorted(
            (str(event["SUMMARY"]), type(event.decoded("DTSTART")).__name__)
            for event in events.values()
        )

    assert summaries() == [(f"Avstämning – {TITLE}", "date"), (f"Startmöte – {TITLE}", "date")]
    add_meeting(cast, approved)
    assert summaries() == [
        (f"Avstämning – {TITLE}", "date"),
        (f"Startmöte – {TITLE}", "datetime"),
    ]


def test_a_changed_meeting_keeps_its_uid_and_raises_its_sequence(client, cast, approved):
    meeting = add_meeting(cast, approved)
    url = reverse("provrum:calendar_ics", args=[approved.pk])
    sign_in(client, cast["people"]["kontigo"])
    before = {str(e["UID"]): e for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    work.meeting_update(
        meeting=meeting,
        by=cast["people"]["orebro"],
        version=meeting.version,
        starts_at=dt.datetime(2027, 2, 11, 13, 0, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2027, 2, 11, 15, 0, tzinfo=STOCKHOLM),
    )
    after = {str(e["UID"]): e for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    uid = f"provrum-meeting-{meeting.pk}@reglab.example"
    assert before[uid]["SEQUENCE"] == 0
    assert after[uid]["SEQUENCE"] == 1
    assert after[uid].decoded("DTSTART") == dt.datetime(2027, 2, 11, 13, 0, tzinfo=STOCKHOLM)
    assert after[uid].decoded("LAST-MODIFIED") >= before[uid].decoded("LAST-MODIFIED")


def test_only_the_group_and_the_office_get_the_meetings(client, cast, approved):
    meeting = add_meeting(cast, approved)
    uid = f"provrum-meeting-{meeting.pk}@reglab.example"
    for person in (cast["people"]["kontigo"], cast["office"]):
        assert uid in events_of(client, feed_url(person))[1]
        assert uid in events_of(client, feed_url(person, approved))[1]
    # A member outside the group follows the approved plan's milestones, not the meetings.
    gavleborg = cast["people"]["gavleborg"]
    _calendar, events = events_of(client, feed_url(gavleborg, approved))
    assert uid not in events
    assert len(events) == 2
    assert events_of(client, feed_url(gavleborg))[1] == {}


def test_the_meetings_of_a_provrum_without_a_plan_are_in_the_whole_calendar(client, cast):
    provrum = with_go_ahead(cast)
    meeting = add_meeting(cast, provrum, mode="digital", place="https://meet.example.se/x")
    _calendar, events = events_of(client, feed_url(cast["people"]["orebro"]))
    event = events[f"provrum-meeting-{meeting.pk}@reglab.example"]
    assert str(event["LOCATION"]) == "https://meet.example.se/x"
    assert "https://meet.example.se/x" in str(event["DESCRIPTION"])


# Which milestones a meeting stands for ----------------------------------------------


def planned(index, day, title):
    return PlannedMeeting(index, dt.date.fromisoformat(day), title, "physical", "")


def meeting(day, title, hour=10):
    day = dt.date.fromisoformat(day)
    return Meeting(title=title, starts_at=dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM))


@pytest.mark.parametrize(
    ("meetings", "left"),
    [
        ([], [0, 1, 2]),
        ([meeting("2027-02-10", "startmöte")], [1, 2]),  # same day and title, any case
        ([meeting("2027-02-12", "Startmöte")], [1, 2]),  # moved
        ([meeting("2027-02-10", "Uppstart")], [1, 2]),  # renamed
        ([meeting("2027-02-12", "Uppstart")], [0, 1, 2]),  # another meeting
        # One meeting stands for one milestone; the title decides which.
        ([meeting("2027-03-01", "Avstämning")], [0, 2]),
        ([meeting("2027-03-01", "Annat"), meeting("2027-03-01", "Avstämning", 14)], [0]),
        # The day's last second in Swedish time is still that day.
        ([meeting("2027-02-10", "X", 23)], [1, 2]),
    ],
)
def test_which_milestones_are_still_unmet(meetings, left):
    milestones = [
        planned(0, "2027-02-10", "Startmöte"),
        planned(1, "2027-03-01", "Avstämning"),
        planned(2, "2027-03-01", "Workshop"),
    ]
    assert [m.index for m in unmet_milestones(milestones, meetings)] == left


# The approved plan's meetings offered on the running page ---------------------------


def running_page(client, person, provrum):
    sign_in(client, person)
    return client.get(reverse("provrum:running", args=[provrum.pk]))


def test_the_plans_meetings_are_offered_filled_in_not_added(client, cast, approved):
    response = running_page(client, cast["people"]["orebro"], approved)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="planned-meetings"' in page
    assert 'name="plan-0-title" value="Startmöte"' in page
    assert 'name="plan-0-day" value="2027-02-10"' in page
    assert 'name="plan-0-place" value="Malmö"' in page
    assert 'name="plan-1-place" value="https://meet.example.se/ai"' in page
    assert not Meeting.objects.filter(provrum=approved).exists()


def test_a_plans_meeting_is_added_with_the_times_given(client, cast, approved):
    sign_in(client, cast["people"]["kontigo"])
    url = reverse("provrum:meeting_from_plan", args=[approved.pk])
    post = {
        "milestone": "0",
        "plan-0-milestone": "0",
        "plan-0-title": "Startmöte",
        "plan-0-mode": "physical",
        "plan-0-day": "2027-02-10",
        "plan-0-start": "",
        "plan-0-place": "Malmö",
    }
    refused = client.post(url, post)
    assert refused.status_code == 400
    assert 'id="id_plan-0-start_error"' in refused.content.decode()
    assert 'name="plan-0-place" value="Malmö"' in refused.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(url, {**post, "plan-0-start": "09:30", "plan-0-end": "12:00"})
    assert response.status_code == 302
    added = Meeting.objects.get(provrum=approved)
    assert added.starts_at == dt.datetime(2027, 2, 10, 9, 30, tzinfo=STOCKHOLM)
    assert added.ends_at == dt.datetime(2027, 2, 10, 12, 0, tzinfo=STOCKHOLM)
    assert (added.title, added.mode, added.place) == ("Startmöte", "physical", "Malmö")
    page = running_page(client, cast["people"]["kontigo"], approved).content.decode()
    assert 'name="plan-0-title"' not in page
    assert 'name="plan-1-title"' in page


def test_no_offer_before_the_plan_is_approved_or_outside_the_group(client, cast, approved):
    provrum = with_go_ahead(cast, title="Utan godkänd plan")
    saved_plan(cast, provrum)
    page = running_page(client, cast["people"]["skane"], provrum).content.decode()
    assert 'id="planned-meetings"' not in page
    url = reverse("provrum:meeting_from_plan", args=[approved.pk])
    sign_in(client, cast["people"]["gavleborg"])
    assert client.post(url, {"milestone": "0"}).status_code in (403, 404)
    assert not Meeting.objects.exists()
