"""Reads on notifications. Every selector is limited to the person's own rows."""

from django.http import Http404
from django.urls import reverse

from reglab.notifications.models import EmailFrequency, Kind, Notification, NotificationSettings

# Notifications about the project plan lead to the plan rather than the provrum.
PLAN_KINDS = frozenset({Kind.PLAN_SUBMITTED, Kind.PLAN_APPROVED, Kind.PLAN_RETURNED})


def notification_list(*, user):
    """The person's notifications, newest first, with what their text needs."""
    return Notification.objects.for_recipient(user).select_related(
        "provrum", "event__actor", "event__organisation"
    )


def notification_get_for(*, user, pk) -> Notification:
    """One of the person's own notifications; 404 for a missing one and for another's."""
    notification = (
        Notification.objects.for_recipient(user).select_related("provrum").filter(pk=pk).first()
    )
    if notification is None:
        raise Http404
    return notification


def notification_target_path(notification) -> str:
    """Where the notification leads: the project plan for plan events, else the provrum."""
    if notification.kind in PLAN_KINDS:
        return reverse("provrum:plan", args=[notification.provrum_id])
    return notification.provrum.get_absolute_url()


def notification_unread_count(user) -> int:
    """How many of the person's notifications are unread (one indexed query)."""
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.for_recipient(user).unread().count()


def notification_settings_get(*, user) -> NotificationSettings:
    """The person's settings, unsaved defaults when they have never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    if found is None:
        return NotificationSettings(user=user, email_frequency=EmailFrequency.IMMEDIATE)
    return found
