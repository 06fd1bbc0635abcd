"""Guests register with name, organisation and e-mail, and hold the place once they confirm.

An unconfirmed place is released after MEETING_GUEST_CONFIRM_HOURS, and the
waiting list moves up; confirming after that gets a clear Swedish message.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reglab.meetings.models import RegistrationStatus, Visibility
from reglab.meetings.services.registration import (
    registration_confirm,
    registration_register,
    registration_register_guest,
    registrations_release_all,
)
from tests.meetings.conftest import make_meeting, people

pytestmark = pytest.mark.django_db


def guest_post(client, meeting, **values):
    data = {
        "guest-name": "Gunilla Gäst",
        "guest-email": "gunilla@example.org",
        "guest-organisation_name": "Nordregio",
        "guest-dietary_needs": "Vegetarisk",
        **values,
    }
    return client.post(f"/moten/{meeting.pk}/anmal/", data)


def test_guest_registers_confirms_by_link_and_may_cancel(
    client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_post(client, meeting)
    assert response.status_code == 302
    registration = meeting.registrations.get()
    assert (registration.name, registration.organisation_name) == ("Gunilla Gäst", "Nordregio")
    assert registration.confirmed_at is None
    assert registration.status == RegistrationStatus.REGISTERED

    (message,) = mail.outbox
    assert message.to == ["gunilla@example.org"]
    link = re.search(r"https?://\S+/moten/anmalan/\S+/", message.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link changes nothing (mail scanners follow links) …
    page = client.get("/" + path)
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.confirmed_at is None
    # … pressing the button confirms.
    client.post("/" + path, {"action": "confirm"})
    registration.refresh_from_db()
    assert registration.confirmed_at is not None
    client.post("/" + path, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_unconfirmed_guest_place_is_released_and_the_queue_moves(
    settings, django_capture_on_commit_callbacks
):
    settings.MEETING_GUEST_CONFIRM_HOURS = 2
    meeting = make_meeting(capacity=1)
    guest = registration_register_guest(
        meeting=meeting, name="Gunilla Gäst", email="gunilla@example.org"
    )
    (waiting,) = people(1)
    queued = registration_register(meeting=meeting, person=waiting)
    assert queued.status == RegistrationStatus.WAITLISTED

    # Within the window nothing is released.
    assert registrations_release_all(now=timezone.now() + dt.timedelta(hours=1)) == 0
    later = timezone.now() + dt.timedelta(hours=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_release_all(now=later) == 1
    guest.refresh_from_db()
    queued.refresh_from_db()
    assert guest.status == RegistrationStatus.CANCELLED
    assert queued.status == RegistrationStatus.REGISTERED
    assert [m.to for m in mail.outbox] == [[waiting.email]]

    with pytest.raises(Exception) as refused:
        registration_confirm(token=guest.token, now=later)
    assert "bekräftades inte i tid" in refused.value.messages[0]


def test_the_release_also_happens_when_someone_registers(settings):
    settings.MEETING_GUEST_CONFIRM_HOURS = 2
    meeting = make_meeting(capacity=1)
    guest = registration_register_guest(meeting=meeting, name="Gäst", email="g@example.org")
    (person,) = people(1)
    place = registration_register(
        meeting=meeting, person=person, now=timezone.now() + dt.timedelta(hours=3)
    )
    assert place.status == RegistrationStatus.REGISTERED
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.CANCELLED


def test_the_release_command(settings):
    settings.MEETING_GUEST_CONFIRM_HOURS = 0
    meeting = make_meeting(capacity=1)
    registration_register_guest(meeting=meeting, name="Gäst", email="g@example.org")
    call_command("meetings_release_unconfirmed", verbosity=0)
    assert meeting.registrations.get().status == RegistrationStatus.CANCELLED


def test_confirmed_guest_keeps_the_place(settings):
    settings.MEETING_GUEST_CONFIRM_HOURS = 2
    meeting = make_meeting(capacity=1)
    guest = registration_register_guest(meeting=meeting, name="Gäst", email="g@example.org")
    registration_confirm(token=guest.token)
    assert registrations_release_all(now=timezone.now() + dt.timedelta(days=3)) == 0
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.REGISTERED


def test_the_same_address_twice_gets_one_place_and_the_same_answer(
    client, django_capture_on_commit_callbacks
):
    meeting = make_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        first = guest_post(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        second = guest_post(client, meeting, **{"guest-name": "Gunilla G"})
    # The form does not tell who is registered (tests/security/test_finding_14_meetings.py):
    # the address is sent its own link again instead.
    assert first.status_code == second.status_code == 302
    assert meeting.registrations.count() == 1
    assert meeting.registrations.get().name == "Gunilla Gäst"
    confirm, again = mail.outbox
    assert again.to == ["gunilla@example.org"]
    assert "redan anmäld" in again.body
    token = meeting.registrations.get().token
    assert token in confirm.body and token in again.body


def test_members_only_meetings_take_no_guests(client, network):
    meeting = make_meeting(network, visibility=Visibility.MEMBERS)
    response = guest_post(client, meeting)
    assert response.status_code == 404
    assert meeting.registrations.count() == 0


def test_guest_registrations_are_limited_per_address(client):
    from reglab.meetings.limits import GUEST_REGISTRATIONS_PER_HOUR

    meeting = make_meeting()
    for number in range(GUEST_REGISTRATIONS_PER_HOUR):
        response = guest_post(client, meeting, **{"guest-email": f"g{number}@example.org"})
        assert response.status_code == 302
    response = guest_post(client, meeting, **{"guest-email": "en-till@example.org"})
    assert response.status_code == 429
    assert "Wait a while" not in response.content.decode()  # in Swedish
    assert meeting.registrations.count() == GUEST_REGISTRATIONS_PER_HOUR
