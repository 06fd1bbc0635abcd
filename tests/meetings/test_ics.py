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


def _personal(client, person) -> dict:
    from django.urls import reverse

    from reglab.provrum.calendar_feed import feed_token

    client.logout()
    response = client.get(reverse("provrum:calendar_feed", args=[feed_token(person)]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_personal_calendar_has_the_meetings_of_the_persons_networks(
    client, network, coordinator, outsider
):
    from reglab.meetings.models import Visibility

    make_meeting(network, title="Nätverksträff", visibility=Visibility.MEMBERS)
    make_meeting(network, title="Utkast", is_draft=True)
    make_meeting(network, title="Förra året", days=-30)
    make_meeting(title="Fristående seminarium")
    events = _personal(client, coordinator)
    assert sorted(events) == ["Nätverksträff"]
    event = events["Nätverksträff"]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["LOCATION"]) == "Hornsgatan 20, Stockholm"
    assert "LAST-MODIFIED" in event and "SEQUENCE" in event
    # Someone in another network does not get them.
    assert _personal(client, outsider) == {}


def test_the_digital_link_is_in_the_calendar_of_those_with_a_seat(client, member_rep, outsider):
    from reglab.meetings.services.registration import registration_register

    link = "https://meet.example.se/rus"
    full = make_meeting(title="Fullt", address="", digital_link=link, capacity=1)
    registration_register(meeting=full, person=member_rep)
    registration_register(meeting=full, person=outsider)  # on the waiting list
    seated = _personal(client, member_rep)["Fullt"]
    assert str(seated["LOCATION"]) == link
    assert link in str(seated["DESCRIPTION"])
    waiting = _personal(client, outsider)["Fullt"]
    assert "LOCATION" not in waiting
    assert link not in str(waiting["DESCRIPTION"])


def test_a_changed_meeting_keeps_its_uid_and_raises_its_sequence(client, meeting):
    first = Calendar.from_ical(client.get(f"/moten/{meeting.pk}/kalender.ics").content)
    (before,) = first.walk("VEVENT")
    Meeting = type(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        start_time=dt.time(13), updated_at=meeting.updated_at + dt.timedelta(minutes=5)
    )
    second = Calendar.from_ical(client.get(f"/moten/{meeting.pk}/kalender.ics").content)
    (after,) = second.walk("VEVENT")
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert [str(zone["TZID"]) for zone in second.walk("VTIMEZONE")] == ["Europe/Stockholm"]
