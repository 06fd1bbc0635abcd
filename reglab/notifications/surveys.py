"""Notifications about surveys, made from the signals of ``reglab.surveys``.

The surveys app sends the reminder's e-mail itself; this adds the in-platform
notification, marked as e-mailed so the daily summary does not repeat it.
"""

import logging

from django.utils import timezone

from reglab.notifications.models import Kind, Notification

logger = logging.getLogger(__name__)


def reminder_sent_received(sender, survey, people, **kwargs) -> None:
    """The office reminded these people to answer: a notification for each active one."""
    try:
        Notification.objects.create_for_active(
            [person.pk for person in people],
            survey=survey,
            kind=Kind.SURVEY_REMINDER,
            emailed_at=timezone.now(),
        )
    except Exception:
        # The reminder is sent already; the office must not see an error.
        logger.exception("Could not notify about survey %s", survey.pk)
