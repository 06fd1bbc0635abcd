"""The day-before reminder, and telling people when a meeting is published or changed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from reglab.meetings.models import NetworkMembership, Visibility
from reglab.meetings.services.meeting import meeting_create, meeting_update
from reglab.meetings.services.registration import (
    registration_register,
    registration_register_guest,
)
from reglab.meetings.services.reminders import registrations_remind
from reglab.notifications.models import Kind, Notification
from tests.meetings.conftest import make_meeting, people

pytestmark = pytest.mark.django_db


def test_reminder_the_day_before_once(django_capture_on_commit_callbacks):
    meeting = make_meeting(days=1, capacity=1, title="Morgondagens träff", registration_closes=None)
    seated, waiting = people(2)
    registration_register(meeting=meeting, person=seated)
    registration_register(meeting=meeting, person=waiting)
    registration_register_guest(
        meeting=make_meeting(days=1, registration_closes=None), name="Gäst", email="g@example.org"
    )
    make_meeting(days=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_remind() == 1
    (message,) = mail.outbox
    assert message.to == [seated.email]
    assert "Morgondagens träff" in message.subject
    assert "10.00–16.00" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_send_reminders", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_changed_time_is_told_with_what_changed(
    coordinator, network, django_capture_on_commit_callbacks
):
    meeting = make_meeting(network, capacity=5)
    (person,) = people(1)
    registration_register(meeting=meeting, person=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=coordinator, start_time=dt.time(13, 0))
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Börjar: 13.00" in message.body
    notification = Notification.objects.get(recipient=person)
    assert notification.kind == Kind.MEETING_CHANGED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=coordinator, description="Ny text")
    assert mail.outbox == []  # only time and place are news


def test_a_new_meeting_is_told_to_the_network(
    office_user, network, member_rep, django_capture_on_commit_callbacks
):
    NetworkMembership.objects.create(network=network, person=member_rep)
    (stranger,) = people(1)
    # Still in the network, but no longer a representative: not told (nor shown the title).
    (former,) = people(1, prefix="tidigare")
    NetworkMembership.objects.create(network=network, person=former)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_create(
            by=office_user,
            network=network,
            kind="network_meeting",
            title="Vinterträffen",
            date=dt.date.today() + dt.timedelta(days=40),
            start_time=dt.time(10),
            end_time=dt.time(15),
            address="Malmö",
        )
    assert list(Notification.objects.values_list("recipient_id", "meeting_id", "kind")) == [
        (member_rep.pk, meeting.pk, Kind.MEETING_PUBLISHED)
    ]


def test_network_calendar(client, network):
    make_meeting(network, title="Öppen")
    make_meeting(network, days=-100, title="Förra")
    make_meeting(network, title="Medlemmar", visibility=Visibility.MEMBERS)
    response = client.get(f"/natverk/{network.slug}/kalender.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert titles == ["Förra", "Öppen"]
