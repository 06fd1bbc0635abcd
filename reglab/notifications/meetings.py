"""Notifications about meetings, made from the signals of ``reglab.meetings``.

The meetings app sends the e-mail itself (a guest has no account to notify);
this module adds the in-platform notification for a person with an account,
marked as e-mailed so the daily summary does not repeat it.
"""

import logging

from django.utils import timezone

from reglab.notifications.models import Kind, Notification

logger = logging.getLogger(__name__)


def registration_promoted_received(sender, registration, **kwargs) -> None:
    """A waitlisted person got a seat: tell them on the platform."""
    if registration.person_id is None:
        return
    try:
        Notification.objects.create(
            recipient_id=registration.person_id,
            meeting_id=registration.meeting_id,
            kind=Kind.MEETING_PLACE,
            emailed_at=timezone.now(),
        )
    except Exception:
        # The seat is committed already; the person must not see an error for this.
        logger.exception("Could not notify about registration %s", registration.pk)
