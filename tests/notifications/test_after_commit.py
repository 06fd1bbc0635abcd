"""Notifications and their e-mails happen once, and only after the change is committed."""

import pytest
from django.core import mail
from django.db import transaction

from reglab.notifications.emails import notification_emails_send
from reglab.notifications.models import Kind, Notification
from reglab.notifications.services import notify_event
from reglab.provrum.models import Event
from reglab.provrum.proposal import services
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

MEMBER_REPS = ["gavleborg@example.se", "orebro@example.se", "vinnova@example.se"]


def mailed_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_before_the_commit_then_one_email_per_recipient(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        provrum = proposal(cast)
    assert callbacks
    assert not Notification.objects.exists()
    assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert mailed_to() == MEMBER_REPS
    notifications = Notification.objects.filter(provrum=provrum)
    assert sorted(notifications.values_list("recipient__email", flat=True)) == MEMBER_REPS
    assert not notifications.filter(emailed_at__isnull=True).exists()


def test_notifying_twice_creates_and_sends_nothing_new(cast, committed):
    with committed():
        provrum = proposal(cast)
    event = provrum.events.get(action=Event.Action.PUBLISHED)
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3

    notify_event(event.pk)
    assert notification_emails_send(event_id=event.pk) == 0
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_second_run_adds_only_the_new_recipient(cast, committed):
    with committed():
        provrum = proposal(cast)
    from tests.notifications.conftest import colleague

    colleague(cast, "orebro", "ny-pa-orebro@example.se")
    notify_event(provrum.events.get(action=Event.Action.PUBLISHED).pk)
    assert Notification.objects.filter(kind=Kind.PUBLISHED).count() == 4
    assert mailed_to() == sorted([*MEMBER_REPS, "ny-pa-orebro@example.se"])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(cast):
    draft = proposal(cast, publish=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.provrum_publish(provrum=draft, by=cast["people"]["skane"])
        raise RuntimeError("the request failed after publishing")
    assert not Notification.objects.exists()
    assert mail.outbox == []

    # Committed for real, without any test helper running the callbacks.
    services.provrum_publish(provrum=draft, by=cast["people"]["skane"])
    assert Notification.objects.count() == 3
    assert mailed_to() == MEMBER_REPS


def test_a_failing_notification_does_not_break_the_committed_change(cast, committed, monkeypatch):
    def broken(event):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr("reglab.notifications.services.event_recipients", broken)
    with committed():
        provrum = proposal(cast)
    provrum.refresh_from_db()
    assert provrum.state == "proposed"
    assert not Notification.objects.exists()


def test_quiet_mode_notifies_in_app_but_sends_no_email(cast, django_capture_on_commit_callbacks):
    from reglab.provrum.signals import email_quiet

    with django_capture_on_commit_callbacks(execute=True), email_quiet():
        provrum = proposal(cast)
    assert mail.outbox == []
    notifications = Notification.objects.filter(provrum=provrum, kind=Kind.PUBLISHED)
    assert notifications.exists()
    assert not notifications.filter(emailed_at__isnull=True).exists()
