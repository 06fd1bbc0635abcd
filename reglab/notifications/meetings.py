"""Notifications about meetings, made from the signals of ``reglab.meetings``.

The meetings app sends its e-mail itself (a guest has no account to notify);
this module adds the in-platform notifications for people with an active account,
marked as e-mailed so the daily summary does not repeat them.
"""

import logging

from django.db.models import Exists, OuterRef
from django.utils import timezone

from reglab.accounts.models import Affiliation
from reglab.meetings.models import NetworkMembership
from reglab.notifications.models import Kind, Notification

logger = logging.getLogger(__name__)


def notify(*, meeting_id: int, kind: str, person_ids) -> None:
    """A notification about the meeting for each active person among ``person_ids``."""
    try:
        Notification.objects.create_for_active(
            person_ids, meeting_id=meeting_id, kind=kind, emailed_at=timezone.now()
        )
    except Exception:
        # The change is committed already; the person who made it must not see an error.
        logger.exception("Could not notify about meeting %s (%s)", meeting_id, kind)


def registration_promoted_received(sender, registration, **kwargs) -> None:
    """A waitlisted person got a seat: tell them on the platform."""
    if registration.person_id is not None:
        notify(
            meeting_id=registration.meeting_id,
            kind=Kind.MEETING_PLACE,
            person_ids=[registration.person_id],
        )


def meeting_published_received(sender, meeting, **kwargs) -> None:
    """A new meeting of a network: tell the network's people (not the one who made it).

    Only those whose membership still counts – confirmed representatives of an
    organisation active today, as ``reglab.meetings.access`` has it – so that a
    members-only meeting's title never reaches someone who can no longer see it.
    """
    if meeting.network_id is None:
        return
    representing = (
        Affiliation.objects.confirmed()
        .of_active_organisation()
        .filter(person_id=OuterRef("person_id"))
    )
    people = (
        NetworkMembership.objects.active()
        .of_active_person()
        .filter(network_id=meeting.network_id)
        .filter(Exists(representing))
        .exclude(person_id=meeting.created_by_id)
        .values_list("person_id", flat=True)
    )
    notify(meeting_id=meeting.pk, kind=Kind.MEETING_PUBLISHED, person_ids=list(people))


def meeting_changed_received(sender, meeting, changes, person_ids, **kwargs) -> None:
    """A meeting's time or place changed: tell those registered or waiting."""
    notify(meeting_id=meeting.pk, kind=Kind.MEETING_CHANGED, person_ids=person_ids)
