"""Finding 12 (issue 10), first part: ``GET /notiser/<id>/`` marked a notification as read.

A GET must change nothing: a link preview, a prefetching browser or an image tag
on another site could otherwise mark a person's notifications as read. Opening a
notification from the list is now a POST (a small form per notification, with
the CSRF token); a GET of the same address only leads on to the target.
"""

from html.parser import HTMLParser

import pytest

from reglab.notifications.models import Kind, Notification
from reglab.provrum.models import Event
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

# The provrum tests' cast (organisations and their representatives), as a fixture.
cast = provrum_fixtures.cast


def open_url(notification) -> str:
    return f"/notiser/{notification.pk}/"


@pytest.fixture
def notification(cast):
    provrum = proposal(cast)
    event = Event.objects.create(
        provrum=provrum,
        action=Event.Action.COMMENTED,
        actor=cast["people"]["orebro"],
        organisation=cast["orgs"]["orebro"],
    )
    return Notification.objects.create(
        recipient=cast["people"]["skane"], provrum=provrum, event=event, kind=Kind.COMMENTED
    )


def test_get_leads_on_but_leaves_the_notification_unread(client, cast, notification):
    client.force_login(cast["people"]["skane"])
    response = client.get(open_url(notification))
    assert response.status_code == 302
    assert response.url == notification.provrum.get_absolute_url()
    notification.refresh_from_db()
    assert not notification.is_read
    assert notification.read_at is None
    # HEAD is as harmless.
    client.head(open_url(notification))
    notification.refresh_from_db()
    assert not notification.is_read


def test_post_marks_it_read_and_leads_on(client, cast, notification):
    client.force_login(cast["people"]["skane"])
    response = client.post(open_url(notification))
    assert response.status_code == 302
    assert response.url == notification.provrum.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read


def test_post_needs_the_csrf_token(cast, notification):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["people"]["skane"])
    assert client.post(open_url(notification)).status_code == 403
    notification.refresh_from_db()
    assert not notification.is_read


def test_another_persons_notification_is_a_404_by_get_and_by_post(
    client,
    cast,
    notification,
):
    client.force_login(cast["people"]["orebro"])
    assert client.get(open_url(notification)).status_code == 404
    assert client.post(open_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        if tag == "a":
            self.links.append(attrs.get("href", ""))


def test_the_list_opens_a_notification_with_a_post_form(client, cast, notification):
    client.force_login(cast["people"]["skane"])
    response = client.get("/notiser/")
    assert response.status_code == 200
    parser = Forms()
    parser.feed(response.content.decode())
    assert {"method": "post", "action": open_url(notification)}.items() <= next(
        form for form in parser.forms if form.get("action") == open_url(notification)
    ).items()
    assert open_url(notification) not in parser.links
    # Showing the list marks nothing read either.
    notification.refresh_from_db()
    assert not notification.is_read
