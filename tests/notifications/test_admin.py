"""The admin shows notifications but nobody adds or edits them by hand."""

import pytest

from reglab.notifications.models import Notification
from tests.notifications.test_views import make_notifications

pytestmark = pytest.mark.django_db


def test_the_admin_lists_notifications_read_only(client, cast, superuser):
    [notification] = make_notifications(cast, cast["people"]["skane"], 1)
    client.force_login(superuser)
    assert client.get("/admin/notifications/notification/").status_code == 200
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    detail = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert detail.status_code == 200
    assert b'name="kind"' not in detail.content
    client.post(
        f"/admin/notifications/notification/{notification.pk}/change/",
        {"kind": "published"},
    )
    assert Notification.objects.get(pk=notification.pk).kind == "commented"
    assert client.get("/admin/notifications/notificationsettings/").status_code == 200
