from functools import cache

from reglab.notifications.selectors import notification_unread_count


def notifications(request):
    """The signed-in person's unread count for the header badge.

    A cached callable: templates call it when they first show the badge, so
    the one counting query runs once per page, and not at all for a fragment
    that does not show it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {"unread_notification_count": cache(lambda: notification_unread_count(user))}
