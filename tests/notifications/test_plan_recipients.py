"""Who is told about the project plan: submitted → the office; approved or returned → the group.

Through the real services (``reglab.provrum.plan.services``); the notifications are made
after the commit, once per person, and never for the person who acted.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reglab.notifications.emails import notification_emails_send
from reglab.notifications.models import Kind, Notification
from reglab.notifications.services import notify_event
from reglab.provrum.models import Event, State
from reglab.provrum.plan import services as plans
from tests.factories import UserFactory
from tests.notifications.conftest import colleague
from tests.provrum.plan_fixtures import saved_plan, submitted_plan, with_go_ahead

pytestmark = pytest.mark.django_db

# Skåne proposed and leads; Örebro and Kontigo take part (plan_fixtures.with_go_ahead).
GROUP = {"skane@example.se", "orebro@example.se", "kontigo@example.se", "orebro2@example.se"}


def notified(provrum, kind):
    rows = list(
        Notification.objects.filter(provrum=provrum, kind=kind).values_list(
            "recipient__email", flat=True
        )
    )
    assert len(rows) == len(set(rows)), "someone was told twice"
    return set(rows)


def mailed(kind_text_part=""):
    return sorted(
        address
        for message in mail.outbox
        if kind_text_part in message.body
        for address in message.to
    )


@pytest.fixture
def go_ahead(cast):
    provrum = with_go_ahead(cast)
    colleague(cast, "orebro", "orebro2@example.se")
    return provrum


@pytest.fixture
def other_office(db):
    return UserFactory(email="kansli2@example.se", is_office=True)


def test_a_submitted_plan_reaches_the_office_only(
    cast, go_ahead, committed, superuser, other_office
):
    saved_plan(cast, go_ahead)
    with committed():
        plan = plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert plan.status == "submitted"
    assert notified(go_ahead, Kind.PLAN_SUBMITTED) == {
        "kansli@example.se",
        "kansli2@example.se",
        "admin@example.se",
    }
    # Nobody in the group hears of it, not even the one who submitted.
    assert not Notification.objects.filter(
        provrum=go_ahead, kind=Kind.PLAN_SUBMITTED, recipient__email__in=GROUP
    ).exists()
    assert mailed() == ["admin@example.se", "kansli2@example.se", "kansli@example.se"]
    plan_url = reverse("provrum:plan", args=[go_ahead.pk])
    assert all(plan_url in message.body for message in mail.outbox)


def test_a_second_submission_tells_the_office_nothing_new(cast, go_ahead, committed):
    # A second submission by the group is answered with the plan as it is.
    saved_plan(cast, go_ahead)
    with committed():
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["orebro"])
    assert go_ahead.events.filter(action=Event.Action.PLAN_SUBMITTED).count() == 1
    assert Notification.objects.filter(recipient=cast["office"]).count() == 1


def test_an_approved_plan_reaches_the_proposer_and_the_participants_once(
    cast, go_ahead, committed, other_office
):
    submitted_plan(cast, go_ahead)
    mail.outbox.clear()
    with committed():
        plans.plan_approve(provrum=go_ahead, by=cast["office"], comment="Bra plan, kör!")
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.RUNNING
    assert notified(go_ahead, Kind.PLAN_APPROVED) == GROUP
    # The start that follows the approval tells nobody again: one notification each.
    assert (
        Notification.objects.filter(provrum=go_ahead)
        .exclude(kind=Kind.PLAN_APPROVED)
        .filter(recipient__email__in=GROUP)
        .count()
        == 0
    )
    # Not the office that decided, nor office people outside the group, nor Gävleborg.
    for email in ("kansli@example.se", "kansli2@example.se", "gavleborg@example.se"):
        assert email not in notified(go_ahead, Kind.PLAN_APPROVED)
    assert mailed() == sorted(GROUP)
    assert all("Bra plan, kör!" in message.body for message in mail.outbox)


def test_a_returned_plan_reaches_the_group_with_the_office_comment(
    cast, go_ahead, committed, settings
):
    submitted_plan(cast, go_ahead)
    mail.outbox.clear()
    with committed():
        plans.plan_return(
            provrum=go_ahead, by=cast["office"], comment="Förtydliga indikatorerna, tack."
        )
    assert notified(go_ahead, Kind.PLAN_RETURNED) == GROUP
    assert mailed() == sorted(GROUP)
    plan_url = settings.SITE_URL + reverse("provrum:plan", args=[go_ahead.pk])
    for message in mail.outbox:
        assert "Förtydliga indikatorerna, tack." in message.body
        assert plan_url in message.body


def test_nothing_before_the_commit_and_nothing_new_on_a_second_run(
    cast, go_ahead, django_capture_on_commit_callbacks
):
    saved_plan(cast, go_ahead)
    with django_capture_on_commit_callbacks() as callbacks:
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert callbacks
    assert not Notification.objects.filter(kind=Kind.PLAN_SUBMITTED).exists()
    assert mail.outbox == []

    for callback in callbacks:
        callback()
    event = go_ahead.events.get(action=Event.Action.PLAN_SUBMITTED)
    assert Notification.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == 1

    notify_event(event.pk)
    assert notification_emails_send(event_id=event.pk) == 0
    assert Notification.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == 1


def test_a_refused_return_tells_nobody(cast, go_ahead, committed):
    submitted_plan(cast, go_ahead)
    with committed(), pytest.raises(ValidationError):
        plans.plan_return(provrum=go_ahead, by=cast["office"], comment="   ")
    assert not Notification.objects.filter(kind=Kind.PLAN_RETURNED).exists()


def test_opening_a_plan_notification_leads_to_the_plan(client, cast, go_ahead, committed):
    submitted_plan(cast, go_ahead)
    with committed():
        plans.plan_return(provrum=go_ahead, by=cast["office"], comment="Mer om budgeten.")
    notification = Notification.objects.get(
        kind=Kind.PLAN_RETURNED, recipient=cast["people"]["orebro"]
    )
    client.force_login(cast["people"]["orebro"])
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("provrum:plan", args=[go_ahead.pk])
    notification.refresh_from_db()
    assert notification.is_read
    listing = client.get(reverse("notifications:list"))
    assert go_ahead.title in listing.content.decode()


def test_a_recipient_outside_the_group_is_not_mailed_the_office_review(cast, go_ahead, committed):
    """The office's return comment is the group's (finding 13): someone who is told of the
    decision but is not in the group – an organisation that left – gets it without the comment."""
    submitted_plan(cast, go_ahead)
    with committed():
        plans.plan_return(provrum=go_ahead, by=cast["office"], comment="Förtydliga budgeten.")
    outsider = colleague(cast, "gavleborg", "gavle@example.se")
    event = go_ahead.events.get(action=Event.Action.PLAN_RETURNED)
    Notification.objects.create(
        recipient=outsider, provrum=go_ahead, event=event, kind=Kind.PLAN_RETURNED
    )
    mail.outbox.clear()
    assert notification_emails_send(event_id=event.pk) == 1
    (message,) = mail.outbox
    assert message.to == ["gavle@example.se"]
    assert "Förtydliga budgeten." not in message.body
    assert reverse("provrum:plan", args=[go_ahead.pk]) in message.body
