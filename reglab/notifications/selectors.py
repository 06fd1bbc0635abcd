"""Reads on notifications. Every selector is limited to the person's own rows."""

from django.http import Http404
from django.urls import reverse

from reglab.notifications.models import EmailFrequency, Kind, Notification, NotificationSettings

# Notifications about the project plan lead to the plan rather than the provrum.
PLAN_KINDS = frozenset({Kind.PLAN_SUBMITTED, Kind.PLAN_APPROVED, Kind.PLAN_RETURNED})
REPORT_KINDS = frozenset({Kind.REPORTED, Kind.REPORT_APPROVED, Kind.REPORT_RETURNED})
RUNNING_KINDS = frozenset({Kind.MEETING_ADDED, Kind.STATUS_UPDATED})
# Where a notification of each kind leads (a URL name taking the provrum's pk).
TARGETS = {
    **dict.fromkeys(PLAN_KINDS, "provrum:plan"),
    **dict.fromkeys(REPORT_KINDS, "provrum:report"),
    **dict.fromkeys(RUNNING_KINDS, "provrum:running"),
    Kind.CLOSED: "provrum:survey",
}


def notification_list(*, user):
    """The person's notifications, newest first, with what their text needs."""
    return Notification.objects.for_recipient(user).select_related(
        "provrum", "meeting", "survey", "event__actor", "event__organisation"
    )


def notification_get_for(*, user, pk) -> Notification:
    """One of the person's own notifications; 404 for a missing one and for another's."""
    notification = (
        Notification.objects.for_recipient(user)
        .select_related("provrum", "meeting", "survey")
        .filter(pk=pk)
        .first()
    )
    if notification is None:
        raise Http404
    return notification


def notification_target_path(notification) -> str:
    """Where the notification leads: the meeting, the plan, the report, the running work,
    the survey, or else the provrum's page."""
    if notification.meeting_id is not None:
        return notification.meeting.get_absolute_url()
    if notification.survey_id is not None:
        return reverse("surveys:detail", args=[notification.survey_id])
    target = TARGETS.get(notification.kind)
    if target:
        return reverse(target, args=[notification.provrum_id])
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
