"""A meeting's calendar file parses with the icalendar library and says the right things."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_meeting_ics(client, network):
    meeting = make_meeting(
        network,
        title="RUS-nätverkets träff",
        address="Hornsgatan 20, Stockholm",
        description="Strategierna som styrinstrument.",
    )
    response = client.get(f"/moten/{meeting.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "RUS-nätverkets träff"
    assert str(event["LOCATION"]) == "Hornsgatan 20, Stockholm"
    stockholm = ZoneInfo("Europe/Stockholm")
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    assert start.astimezone(stockholm).replace(tzinfo=None) == dt.datetime.combine(
        meeting.date, dt.time(10)
    )
    assert end.astimezone(stockholm).replace(tzinfo=None) == dt.datetime.combine(
        meeting.date, dt.time(16)
    )
    assert f"/moten/{meeting.pk}/" in str(event["URL"])
    assert str(event["UID"]) == f"meeting-{meeting.pk}@reglab"


def test_two_day_conference_ics(client):
    meeting = make_meeting(
        kind="annual_conference",
        title="Årskonferens",
        end_date=None,
        address="Umeå",
    )
    meeting.end_date = meeting.date + dt.timedelta(days=1)
    meeting.save()
    calendar = Calendar.from_ical(client.get(f"/moten/{meeting.pk}/kalender.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert (event.decoded("DTEND") - event.decoded("DTSTART")) == dt.timedelta(hours=30)


def test_the_personal_calendar_has_the_meetings_one_is_registered_for(client, member_rep):
    from django.urls import reverse

    from reglab.meetings.services.registration import registration_register
    from reglab.provrum.calendar_feed import feed_token

    mine = make_meeting(title="Min träff")
    make_meeting(title="Någon annans träff")
    registration_register(meeting=mine, person=member_rep)
    url = reverse("provrum:calendar_feed", args=[feed_token(member_rep)])
    response = client.get(url)
    assert response.status_code == 200
    titles = [
        str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert titles == ["Min träff"]
