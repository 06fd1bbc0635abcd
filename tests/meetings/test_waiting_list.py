"""The waiting list: a full meeting queues people, and a cancellation moves the first up.

The person who moves up is told twice: an e-mail through Django's mail backend,
and (for a person with an account) a notification on the platform, made by the
notifications app from the meetings' signal.
"""

import pytest
from django.core import mail

from reglab.meetings.models import RegistrationStatus
from reglab.meetings.services.registration import (
    registration_cancel,
    registration_place,
    registration_register,
)
from reglab.notifications.models import Kind, Notification
from tests.meetings.conftest import make_meeting, people

pytestmark = pytest.mark.django_db


def test_a_full_meeting_puts_people_on_the_waiting_list_in_order():
    meeting = make_meeting(capacity=2)
    first, second, third, fourth = people(4)
    places = [
        registration_place(registration_register(meeting=meeting, person=person))
        for person in (first, second, third, fourth)
    ]
    assert [(p.status, p.position) for p in places] == [
        ("registered", 1),
        ("registered", 2),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_cancelling_moves_the_first_waitlisted_up_and_tells_them(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(capacity=1, title="RUS-nätverkets träff")
    holder, waiting, later = people(3)
    seat = registration_register(meeting=meeting, person=holder)
    queued = registration_register(meeting=meeting, person=waiting)
    registration_register(meeting=meeting, person=later)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=seat, by=holder)

    assert promoted.pk == queued.pk
    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.REGISTERED
    assert queued.promoted_at is not None
    later_place = registration_place(meeting.registrations.get(person=later))
    assert (later_place.status, later_place.position) == ("waitlisted", 1)
    # Told by e-mail …
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    assert "RUS-nätverkets träff" in mail.outbox[0].subject
    assert f"/moten/anmalan/{queued.token}/" in mail.outbox[0].body
    # … and on the platform.
    notification = Notification.objects.get(recipient=waiting)
    assert notification.kind == Kind.MEETING_PLACE
    assert notification.meeting_id == meeting.pk
    assert notification.emailed_at is not None  # the e-mail went already; no digest repeats it


def test_the_notification_reads_and_leads_to_the_meeting(
    client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1, title="Analytikernätverkets träff")
    holder, waiting = people(2)
    seat = registration_register(meeting=meeting, person=holder)
    registration_register(meeting=meeting, person=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seat, by=holder)

    client.force_login(waiting)
    page = client.get("/notiser/").content.decode()
    assert "Analytikernätverkets träff" in page
    notification = Notification.objects.get(recipient=waiting)
    response = client.post(f"/notiser/{notification.pk}/")
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()


def test_cancelling_a_waitlisted_place_moves_nobody(django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=1)
    holder, waiting, later = people(3)
    registration_register(meeting=meeting, person=holder)
    queued = registration_register(meeting=meeting, person=waiting)
    registration_register(meeting=meeting, person=later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_cancel(registration=queued, by=waiting) is None
    assert mail.outbox == []
    assert meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 1
    assert registration_place(meeting.registrations.get(person=later)).position == 1


def test_the_host_cancelling_someone_moves_the_queue_too(coordinator, network):
    meeting = make_meeting(network, capacity=1)
    holder, waiting = people(2)
    seat = registration_register(meeting=meeting, person=holder)
    queued = registration_register(meeting=meeting, person=waiting)
    registration_cancel(registration=seat, by=coordinator)
    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.REGISTERED


def test_someone_else_may_not_cancel(django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    meeting = make_meeting(capacity=1)
    holder, stranger = people(2)
    seat = registration_register(meeting=meeting, person=holder)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=seat, by=stranger)
    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.REGISTERED


def test_cancel_from_the_meeting_page(client, django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=1)
    holder, waiting = people(2)
    registration_register(meeting=meeting, person=holder)
    registration_register(meeting=meeting, person=waiting)
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moten/{meeting.pk}/avanmal/", follow=True)
    assert "Din anmälan är avanmäld." in response.content.decode()
    assert meeting.registrations.get(person=waiting).status == RegistrationStatus.REGISTERED
    assert len(mail.outbox) == 1


def test_more_places_move_the_queue_up(coordinator, network, django_capture_on_commit_callbacks):
    from reglab.meetings.services.meeting import meeting_update

    meeting = make_meeting(network, capacity=1)
    first, second, third, fourth = people(4)
    for person in (first, second, third, fourth):
        registration_register(meeting=meeting, person=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=coordinator, capacity=3)
    statuses = {r.person_id: r.status for r in meeting.registrations.all()}
    assert statuses == {
        first.pk: "registered",
        second.pk: "registered",
        third.pk: "registered",
        fourth.pk: "waitlisted",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([second.email, third.email])
    assert Notification.objects.filter(kind=Kind.MEETING_PLACE).count() == 2
