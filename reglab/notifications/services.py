"""Notifications about provrum events (in-app), and the person's own choices.

``notify_event`` runs after the commit of every provrum service that records
an ``Event``: it hears ``reglab.provrum.signals.event_recorded`` (connected in
``apps.NotificationsConfig.ready``; provrum does not import this app). It decides who is
concerned, stores one ``Notification`` per person (at most once per event) and
queues the task ``send_event_emails`` for those who want an e-mail at once.
Sending e-mail, at once or as a daily summary, is ``emails``' work, which the
tasks call: this module imports the tasks and nothing imports it back.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation
from reglab.notifications import tasks
from reglab.notifications.models import EmailFrequency, Kind, Notification, NotificationSettings
from reglab.organisations.models import Membership
from reglab.provrum.models import Event, Interest

logger = logging.getLogger(__name__)


# Who is concerned by an event ------------------------------------------------


def _representatives(**organisation_filter) -> Q:
    """People with a confirmed affiliation to a still active organisation matching the filter."""
    person_ids = (
        Affiliation.objects.confirmed()
        .of_active_organisation()
        .filter(**organisation_filter)
        .values("person_id")
    )
    return Q(pk__in=person_ids)


def _office() -> Q:
    return Q(is_office=True) | Q(is_superuser=True)


def _proposer(provrum) -> Q:
    # The person who wrote the proposal, as long as they may still open it:
    # someone who has left every organisation would only meet a 404.
    return Q(pk=provrum.created_by_id) & (_representatives() | _office())


def _participants(provrum) -> Q:
    organisation_ids = Interest.objects.filter(provrum=provrum).values("organisation_id")
    return _representatives(organisation__in=organisation_ids)


def _recipients_filter(event) -> Q | None:
    """Who an event concerns, as a filter on people; None for an event nobody is told about."""
    provrum = event.provrum
    action = event.action
    if action == Event.Action.PUBLISHED:
        return _representatives(organisation__membership=Membership.MEMBER) & ~Q(
            notification_settings__new_proposals=False
        )
    if action in (Event.Action.INTEREST_REGISTERED, Event.Action.COMMENTED):
        return _proposer(provrum) | _participants(provrum)
    if action == Event.Action.BECAME_READY:
        return _office()
    if action in (Event.Action.GO_AHEAD, Event.Action.DECLINED, Event.Action.LAPSED):
        return _proposer(provrum) | _participants(provrum)
    if action == Event.Action.PLAN_SUBMITTED:
        return _office()
    if action in (Event.Action.PLAN_APPROVED, Event.Action.PLAN_RETURNED):
        return _proposer(provrum) | _participants(provrum)
    if action in (Event.Action.MEETING_ADDED, Event.Action.STATUS_UPDATED):
        return _participants(provrum) | _office()
    if action == Event.Action.REPORTED:
        return _office()
    if action in (Event.Action.REPORT_APPROVED, Event.Action.REPORT_RETURNED):
        return _proposer(provrum) | _participants(provrum)
    if action == Event.Action.CLOSED:
        # The participants get the survey (reglab.provrum.surveys asks each of them).
        return _participants(provrum)
    return None


def event_recipients(event):
    """The active people an event concerns, never the person who caused it."""
    condition = _recipients_filter(event)
    User = get_user_model()
    if condition is None:
        return User.objects.none()
    people = User.objects.filter(is_active=True).filter(condition)
    if event.actor_id is not None:
        people = people.exclude(pk=event.actor_id)
    return people


def event_recorded_received(sender, *, event_id: int, email: bool, **kwargs) -> None:
    """The receiver of ``provrum.signals.event_recorded``."""
    notify_event(event_id, email=email)


def notify_event(event_id: int, *, email: bool = True) -> None:
    """Turn a provrum Event into notifications for the people concerned.

    Runs after the commit (``transaction.on_commit``), so nothing is told about
    a change that was rolled back. Calling it again for the same event creates
    nothing new. Any failure is logged rather than raised: the change itself is
    already committed and the person who made it must not see an error.
    """
    try:
        _notify_event(event_id, email=email)
    except Exception:
        logger.exception("Could not create the notifications for provrum event %s", event_id)


def _notify_event(event_id: int, *, email: bool = True) -> None:
    event = Event.objects.select_related("provrum").filter(pk=event_id).first()
    if event is None or event.action not in Kind.values:
        return
    recipients = event_recipients(event).values_list("pk", "notification_settings__email_frequency")
    already = set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))
    new = [(pk, frequency) for pk, frequency in recipients if pk not in already]
    if not new:
        return
    # ignore_conflicts: a concurrent run for the same event may have won the race;
    # the unique constraint keeps one row per person.
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                provrum_id=event.provrum_id,
                event_id=event.pk,
                kind=event.action,
                # Quiet mode: nothing to send, now or in a digest.
                emailed_at=None if email else timezone.now(),
            )
            for pk, _frequency in new
        ],
        ignore_conflicts=True,
    )
    if email and any(frequency in (None, EmailFrequency.IMMEDIATE) for _pk, frequency in new):
        tasks.send_event_emails.enqueue(event_id=event.pk)


# The person's own actions ----------------------------------------------------


def notification_mark_read(*, notification: Notification, by) -> Notification:
    """Mark one of the person's own notifications as read; raises PermissionDenied for another's."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, by) -> int:
    """Mark all the person's unread notifications as read; returns how many."""
    return Notification.objects.for_recipient(by).unread().update(read_at=timezone.now())


def notification_settings_update(
    *, user, email_frequency: str, new_proposals: bool, language: str = ""
) -> NotificationSettings:
    """Save the person's choices; raises ValidationError for an unknown choice."""
    errors = {}
    if email_frequency not in EmailFrequency.values:
        errors["email_frequency"] = _("Choose how often you want e-mail.")
    language = language or ""
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the languages in the list.")
    if errors:
        raise ValidationError(errors)
    found, _created = NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "email_frequency": email_frequency,
            "new_proposals": bool(new_proposals),
            "language": language,
        },
    )
    return found
