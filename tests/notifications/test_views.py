"""The notification pages, their permissions, the header badge and the list's query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.notifications.models import EmailFrequency, Kind, Notification, NotificationSettings
from reglab.provrum.models import Event
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

LIST = "/notiser/"
SETTINGS = "/notiser/installningar/"
MARK_ALL = "/notiser/las-alla/"


def open_url(notification):
    return f"/notiser/{notification.pk}/"


def make_notifications(cast, recipient, count):
    """``count`` comment notifications for ``recipient``, from alternating people."""
    provrum = proposal(cast)
    authors = ["orebro", "gavleborg", "vinnova"]
    notifications = []
    for number in range(count):
        key = authors[number % len(authors)]
        event = Event.objects.create(
            provrum=provrum,
            action=Event.Action.COMMENTED,
            actor=cast["people"][key],
            organisation=cast["orgs"][key],
        )
        notifications.append(
            Notification.objects.create(
                recipient=recipient, provrum=provrum, event=event, kind=Kind.COMMENTED
            )
        )
    return notifications


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", LIST), ("get", "/notiser/1/"), ("get", SETTINGS), ("post", MARK_ALL)],
)
def test_anonymous_people_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_list_shows_ones_own_notifications_newest_first(client, cast):
    skane = cast["people"]["skane"]
    mine = make_notifications(cast, skane, 3)
    make_notifications(cast, cast["people"]["orebro"], 2)
    mine[0].read_at = mine[0].created_at
    mine[0].save()
    client.force_login(skane)
    response = client.get(LIST)
    assert response.status_code == 200
    shown = [item["notification"] for item in response.context["items"]]
    assert shown == list(reversed(mine))
    html = response.content.decode()
    assert html.count('class="notification notification-unread"') == 2
    assert html.count('class="notification"') == 1
    # Opening marks read, so the list opens by POST (finding 12 of issue 10).
    assert f'<form method="post" action="{open_url(mine[1])}"' in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_provrum(client, cast):
    skane = cast["people"]["skane"]
    [notification] = make_notifications(cast, skane, 1)
    client.force_login(skane)
    response = client.post(open_url(notification))
    assert response.status_code == 302
    assert response.url == notification.provrum.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read


def test_one_cannot_open_or_mark_another_persons_notification(client, cast):
    [theirs] = make_notifications(cast, cast["people"]["orebro"], 1)
    client.force_login(cast["people"]["skane"])
    assert client.get(open_url(theirs)).status_code == 404
    assert client.get("/notiser/999999/").status_code == 404
    client.post(MARK_ALL)
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_all_as_read(client, cast):
    skane = cast["people"]["skane"]
    make_notifications(cast, skane, 3)
    [other] = make_notifications(cast, cast["people"]["orebro"], 1)
    client.force_login(skane)
    assert client.get(MARK_ALL).status_code == 405
    response = client.post(MARK_ALL)
    assert response.status_code == 302
    assert response.url == LIST
    assert not Notification.objects.filter(recipient=skane, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert not other.is_read


def test_the_header_badge_counts_unread_notifications(client, cast):
    skane = cast["people"]["skane"]
    client.force_login(skane)
    assert 'class="count-badge"' not in client.get("/").content.decode()

    make_notifications(cast, skane, 2)
    html = client.get("/").content.decode()
    assert 'href="/notiser/"' in html
    assert '<span class="count-badge"><span aria-hidden="true">2</span>' in html

    client.post(MARK_ALL)
    assert 'class="count-badge"' not in client.get("/").content.decode()


def test_anonymous_people_see_no_notification_link(client, db):
    assert 'href="/notiser/"' not in client.get("/").content.decode()


def test_the_badge_costs_one_query(rf, cast):
    from reglab.notifications.context_processors import notifications

    request = rf.get("/")
    request.user = cast["people"]["skane"]
    make_notifications(cast, request.user, 2)
    context = notifications(request)
    with CaptureQueriesContext(connection) as queries:
        assert context["unread_notification_count"]() == 2
        assert context["unread_notification_count"]() == 2
    assert len(queries) == 1


def list_queries(client, cast, count):
    reader = cast["people"]["skane"]
    Notification.objects.filter(recipient=reader).delete()
    make_notifications(cast, reader, count)
    client.force_login(reader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_the_list_page_query_count_is_flat(client, cast):
    assert list_queries(client, cast, 5) == list_queries(client, cast, 30)


def test_the_settings_page_shows_the_defaults_and_saves(client, cast):
    person = cast["people"]["orebro"]
    client.force_login(person)
    response = client.get(SETTINGS)
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "email_frequency": EmailFrequency.IMMEDIATE,
        "new_proposals": True,
        "language": "sv",
    }
    response = client.post(SETTINGS, {"email_frequency": "daily", "language": "en"})
    assert response.status_code == 302
    assert response.url == SETTINGS
    saved = NotificationSettings.objects.get(user=person)
    assert (saved.email_frequency, saved.new_proposals, saved.language) == ("daily", False, "en")


def test_the_settings_page_refuses_an_unknown_choice(client, cast):
    person = cast["people"]["orebro"]
    client.force_login(person)
    response = client.post(SETTINGS, {"email_frequency": "hourly", "language": "sv"})
    assert response.status_code == 400
    assert "email_frequency" in response.context["form"].errors
    assert not NotificationSettings.objects.filter(user=person).exists()
