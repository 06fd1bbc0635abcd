"""Notifications about provrum events (in-app and e-mail).

``notify_event`` runs after the commit of every service in
``reglab.provrum.services`` that records an ``Event``. It decides who is
concerned, stores one ``Notification`` per person (at most once per event) and
queues a task that e-mails those who want an e-mail at once. People who chose
a daily summary get it from ``notification_digest_send`` (the
``send_notification_digest`` command, run by cron once a day).

E-mails are claimed before they are sent: ``emailed_at`` is set first with a
stamp unique to the sender, so two workers handling the same event or the same
digest never send the same notification twice.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation
from reglab.notifications.messages import notification_text
from reglab.notifications.models import (
    EmailFrequency,
    Kind,
    Notification,
    NotificationSettings,
)
from reglab.notifications.selectors import (
    PLAN_KINDS,
    REPORT_KINDS,
    RUNNING_KINDS,
    notification_target_path,
)
from reglab.organisations.models import Membership
from reglab.provrum.models import Event, Interest

logger = logging.getLogger(__name__)

DEFAULT_EMAIL_LANGUAGE = "sv"
DIGEST_WINDOW = timedelta(days=1)


# Who is concerned by an event ------------------------------------------------


def _representatives(**organisation_filter) -> Q:
    """People with a confirmed affiliation to a still active organisation matching the filter."""
    today = timezone.localdate()
    person_ids = (
        Affiliation.objects.confirmed()
        .filter(
            Q(organisation__active_until__isnull=True) | Q(organisation__active_until__gte=today)
        )
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


_quiet = ContextVar("notifications_quiet", default=False)


@contextmanager
def email_quiet():
    """Within this block, events still notify in-app but send no e-mail.

    For bulk work such as ``seed_demo``: loading the demo must not print a
    hundred e-mails. The flag is read when the event is recorded, because the
    notification itself is created only after the commit.
    """
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def email_is_quiet() -> bool:
    return _quiet.get()


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
        from reglab.notifications.tasks import send_event_emails

        send_event_emails.enqueue(event_id=event.pk)


# E-mail ----------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _email_language(user) -> str:
    try:
        return user.notification_settings.language or DEFAULT_EMAIL_LANGUAGE
    except NotificationSettings.DoesNotExist:
        return DEFAULT_EMAIL_LANGUAGE


def _claim(ids: list[int]):
    """Mark these notifications as e-mailed by this sender; returns the ones it got.

    The stamp tells this sender's rows from those another sender claimed a
    moment earlier, so each notification is e-mailed by exactly one sender.
    """
    stamp = timezone.now()
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    return (
        Notification.objects.filter(pk__in=ids, emailed_at=stamp)
        .select_related(
            "recipient__notification_settings",
            "provrum",
            "event__actor",
            "event__organisation",
        )
        .order_by("recipient_id", "created_at", "pk")
    )


# The office's decisions, whose comment (the event's note) the e-mail quotes.
OFFICE_DECISIONS = (
    Kind.GO_AHEAD,
    Kind.DECLINED,
    Kind.LAPSED,
    Kind.PLAN_APPROVED,
    Kind.PLAN_RETURNED,
    Kind.REPORT_APPROVED,
    Kind.REPORT_RETURNED,
)


REVIEW_PERMISSIONS = {
    Kind.PLAN_APPROVED: "provrum.view_plan_review",
    Kind.PLAN_RETURNED: "provrum.view_plan_review",
    Kind.REPORT_APPROVED: "provrum.view_report",
    Kind.REPORT_RETURNED: "provrum.view_report",
}


def _link_text(kind: str) -> str:
    if kind in PLAN_KINDS:
        return _("Read the project plan:")
    if kind in REPORT_KINDS:
        return _("Read the final report:")
    if kind in RUNNING_KINDS:
        return _("See the provrum's meetings and status:")
    if kind == Kind.CLOSED:
        return _("Answer the survey:")
    return _("Read more on the provrum's page:")


def _item(notification) -> dict:
    event = notification.event
    note = ""
    if event is not None and notification.kind in OFFICE_DECISIONS:
        note = event.note
        # The office's review of a plan or a report is the group's: a recipient who
        # is no longer in it (an organisation that withdrew) gets the news without it.
        review = REVIEW_PERMISSIONS.get(notification.kind)
        if review and not notification.recipient.has_perm(review, notification.provrum):
            note = ""
    return {
        "notification": notification,
        "text": notification_text(notification),
        "note": note,
        "url": _absolute(notification_target_path(notification)),
        "link_text": _link_text(notification.kind),
    }


def _message(recipient, *, subject_template: str, body_template: str, context: dict):
    with translation.override(_email_language(recipient)):
        context = {
            "recipient": recipient,
            "site_url": settings.SITE_URL,
            "settings_url": _absolute(reverse("notifications:settings")),
            "list_url": _absolute(reverse("notifications:list")),
            **context,
        }
        context["items"] = [_item(notification) for notification in context["notifications"]]
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def _send(batches: list[tuple[list[Notification], EmailMessage]]) -> int:
    """Send each message; a message that fails gives its notifications back as not e-mailed."""
    sent = 0
    failed_ids = []
    with mailers.default as connection:
        for notifications, message in batches:
            try:
                connection.send_messages([message])
            except Exception:
                logger.exception("Could not e-mail notifications to %s", message.to)
                failed_ids += [notification.pk for notification in notifications]
            else:
                sent += 1
    if failed_ids:
        Notification.objects.filter(pk__in=failed_ids).update(emailed_at=None)
    return sent


def _wants(frequency: str) -> Q:
    if frequency == EmailFrequency.IMMEDIATE:
        # A person who never saved settings has the default: immediate.
        return Q(recipient__notification_settings__isnull=True) | Q(
            recipient__notification_settings__email_frequency=EmailFrequency.IMMEDIATE
        )
    return Q(recipient__notification_settings__email_frequency=frequency)


def notification_emails_send(*, event_id: int) -> int:
    """E-mail one event's notifications to those who want an e-mail at once.

    Returns how many e-mails were sent. Runs as a task (``send_event_emails``);
    running it again sends nothing new.
    """
    ids = list(
        Notification.objects.filter(
            event_id=event_id, emailed_at__isnull=True, recipient__is_active=True
        )
        .filter(_wants(EmailFrequency.IMMEDIATE))
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    batches = []
    for notification in _claim(ids):
        message = _message(
            notification.recipient,
            subject_template="notifications/email/notification_subject.txt",
            body_template="notifications/email/notification_message.txt",
            context={"notifications": [notification]},
        )
        batches.append(([notification], message))
    return _send(batches)


def notification_digest_send(*, now=None, window: timedelta = DIGEST_WINDOW) -> int:
    """Send each daily-summary person one e-mail listing what they have not been e-mailed.

    Covers the notifications created within ``window`` before ``now`` and
    marks them e-mailed, so running it twice sends nothing new. Returns how
    many e-mails were sent.
    """
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__gte=now - window,
            created_at__lte=now,
            recipient__is_active=True,
        )
        .filter(_wants(EmailFrequency.DAILY))
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    by_recipient = defaultdict(list)
    for notification in _claim(ids):
        by_recipient[notification.recipient].append(notification)
    batches = []
    for recipient, notifications in by_recipient.items():
        message = _message(
            recipient,
            subject_template="notifications/email/digest_subject.txt",
            body_template="notifications/email/digest_message.txt",
            context={"notifications": notifications, "count": len(notifications)},
        )
        batches.append((notifications, message))
    return _send(batches)


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
