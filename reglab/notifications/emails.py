"""E-mail about notifications: one message per notification, or a daily summary.

``notification_emails_send`` runs as the task ``send_event_emails``, which
``services.notify_event`` queues for those who want an e-mail at once;
``notification_digest_send`` sends the daily summaries (the
``send_notification_digest`` command, run by cron once a day, or the task of
the same name). Each e-mail is written in the recipient's language.

E-mails are claimed before they are sent: ``emailed_at`` is set first with a
stamp unique to the sender, so two workers handling the same event or the same
digest never send the same notification twice.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reglab.notifications.messages import notification_text
from reglab.notifications.models import EmailFrequency, Kind, Notification, NotificationSettings
from reglab.notifications.next_steps import next_step
from reglab.notifications.selectors import (
    notification_target_path,
)

logger = logging.getLogger(__name__)

DEFAULT_EMAIL_LANGUAGE = "sv"
DIGEST_WINDOW = timedelta(days=1)


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


def _item(notification) -> dict:
    step, action = next_step(notification.kind)
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
        "next_step": step,
        "action": action,
    }


def _message(recipient, *, subject_template: str, body_template: str, context: dict):
    """The e-mail as plain text (``body_template``) with an HTML alternative: the same
    template name ending in ``.html``, where people's text is escaped as on the pages."""
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
        html = render_to_string(body_template.removesuffix(".txt") + ".html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def _send(batches: list[tuple[list[Notification], EmailMultiAlternatives]]) -> int:
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
