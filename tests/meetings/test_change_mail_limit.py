"""A host cannot make the platform e-mail everyone registered again and again by moving a
meeting: at most five "the meeting changed" e-mails per meeting and hour. Later changes
are saved without e-mail (people still see them on the platform) and the host is told."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from reglab.meetings.forms import MeetingForm
from reglab.meetings.models import Meeting
from reglab.meetings.services.meeting import meeting_update
from reglab.meetings.services.registration import registration_register
from reglab.notifications.models import Kind, Notification
from tests.meetings.conftest import make_meeting, people

pytestmark = pytest.mark.django_db

# Well inside an hour's window, so five changes a minute apart stay in it.
START = dt.datetime(2026, 12, 7, 9, 5, tzinfo=dt.UTC)
HELD = "Ändringen är sparad, men de anmälda fick inget e-postmeddelande om den"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def meeting(traveller, network):
    meeting = make_meeting(network, capacity=5)
    for person in people(2):
        registration_register(meeting=meeting, person=person)
    mail.outbox.clear()
    return meeting


def move(meeting, by, hour, capture):
    """Change the start time; the number of e-mails it sent, and whether it was held."""
    before = len(mail.outbox)
    with capture(execute=True):
        saved = meeting_update(meeting=meeting, by=by, start_time=dt.time(hour, 0))
    assert Meeting.objects.get(pk=meeting.pk).start_time == dt.time(hour, 0)  # always saved
    return len(mail.outbox) - before, saved.change_mail_held


def test_the_fifth_change_in_an_hour_is_mailed_the_sixth_is_not_an_hour_later_again(
    meeting, coordinator, traveller, django_capture_on_commit_callbacks
):
    for hour in [11, 12, 13, 14, 11]:
        assert move(meeting, coordinator, hour, django_capture_on_commit_callbacks) == (2, False)
        traveller.shift(dt.timedelta(minutes=1))
    assert move(meeting, coordinator, 12, django_capture_on_commit_callbacks) == (0, True)
    assert move(meeting, coordinator, 13, django_capture_on_commit_callbacks) == (0, True)
    # The held changes are still told on the platform.
    assert Notification.objects.filter(kind=Kind.MEETING_CHANGED).exists()
    traveller.shift(dt.timedelta(hours=1))
    assert move(meeting, coordinator, 14, django_capture_on_commit_callbacks) == (2, False)


def test_the_limit_is_per_meeting(
    meeting, coordinator, network, django_capture_on_commit_callbacks
):
    for hour in [11, 12, 13, 14, 11, 12]:
        move(meeting, coordinator, hour, django_capture_on_commit_callbacks)
    other = make_meeting(network, days=40, capacity=5)
    registration_register(meeting=other, person=people(1, prefix="annan")[0])
    assert move(other, coordinator, 11, django_capture_on_commit_callbacks) == (1, False)


def test_changes_that_e_mail_nobody_do_not_count(
    network, coordinator, traveller, django_capture_on_commit_callbacks
):
    meeting = make_meeting(network, capacity=5)
    for hour in [11, 12, 13, 14, 11, 12]:
        assert move(meeting, coordinator, hour, django_capture_on_commit_callbacks) == (0, False)
    registration_register(meeting=meeting, person=people(1)[0])
    mail.outbox.clear()
    assert move(meeting, coordinator, 13, django_capture_on_commit_callbacks) == (1, False)


def form_data(meeting, **changes):
    form = MeetingForm(instance=meeting)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_the_host_is_told_on_the_page_in_swedish(
    client, meeting, coordinator, traveller, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    for hour in [11, 12, 13, 14, 11]:
        meeting.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, form_data(meeting, start_time=f"{hour:02d}:00"))
        assert response.status_code == 302
        assert not any(HELD in str(m) for m in get_messages(response.wsgi_request))
    assert len(mail.outbox) == 10
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(meeting, start_time="12:00"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:host", kwargs={"pk": meeting.pk})
    assert HELD in response.content.decode()
    assert len(mail.outbox) == 10
    assert Meeting.objects.get(pk=meeting.pk).start_time == dt.time(12, 0)
