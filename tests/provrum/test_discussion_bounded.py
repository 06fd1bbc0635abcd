"""The provrum page shows a bounded discussion and history (issue 11, part 4).

The latest threads and events are on the page; "show earlier" is a real link to
a page of the earlier ones, which htmx loads in place. One reply form serves the
whole discussion. People's text is escaped and never put into htmx attributes.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reglab.provrum.models import Comment, Event
from reglab.provrum.proposal import services
from reglab.provrum.selectors import DISCUSSION_THREADS, HISTORY_EVENTS, comment_thread_page
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast


def threads(provrum, author, count, replies=1):
    """``count`` threads, oldest first, each with ``replies`` replies."""
    roots = []
    for number in range(count):
        root = services.comment_add(provrum=provrum, by=author, body=f"Tråd nummer {number}")
        for reply in range(replies):
            services.comment_add(
                provrum=provrum, by=author, body=f"Svar {reply} i tråd {number}", parent=root
            )
        roots.append(root)
    return roots


def comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="comment" id="comment-(\d+)"', html)]


def page_url(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def earlier_url(provrum, before):
    return reverse("provrum:discussion", kwargs={"pk": provrum.pk}) + f"?fore={before}"


def test_the_page_shows_the_latest_threads_with_their_replies(client, cast):
    provrum = proposal(cast)
    roots = threads(provrum, cast["people"]["orebro"], DISCUSSION_THREADS + 5)
    client.force_login(cast["people"]["gavleborg"])

    html = client.get(page_url(provrum)).content.decode()

    latest = roots[5:]
    assert comment_ids(html) == [root.pk for root in latest]
    for reply in Comment.objects.filter(parent__in=latest):
        assert f'id="comment-{reply.pk}"' in html
    assert "Tråd nummer 4<" not in html
    # The real link to the earlier threads, enhanced with htmx; only ids in it.
    link = earlier_url(provrum, latest[0].pk)
    assert f'href="{link}"' in html and f'hx-get="{link}"' in html
    assert "Visa tidigare trådar" in html


def test_show_earlier_returns_the_next_threads_as_a_page_and_as_a_fragment(client, cast):
    provrum = proposal(cast)
    roots = threads(provrum, cast["people"]["orebro"], 2 * DISCUSSION_THREADS + 3)
    client.force_login(cast["people"]["gavleborg"])
    first = comment_thread_page(provrum)
    assert [thread.pk for thread in first] == [root.pk for root in roots[-DISCUSSION_THREADS:]]

    # Without JavaScript: a page of its own.
    page = client.get(earlier_url(provrum, first.earlier))
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    middle = roots[3 : 3 + DISCUSSION_THREADS]
    assert comment_ids(html) == [root.pk for root in middle]
    assert f'href="{earlier_url(provrum, middle[0].pk)}"' in html

    # With htmx: the threads only, which replace the "show earlier" item.
    fragment = client.get(earlier_url(provrum, first.earlier), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<li class="comment-earlier">')
    assert comment_ids(html) == [root.pk for root in middle]

    # The last page: the oldest threads, and no link further back.
    last = client.get(earlier_url(provrum, middle[0].pk), headers={"HX-Request": "true"})
    assert comment_ids(last.content.decode()) == [root.pk for root in roots[:3]]
    assert "comment-earlier" not in last.content.decode()


def test_an_unknown_cursor_shows_nothing_rather_than_failing(client, cast):
    provrum = proposal(cast)
    other = proposal(cast, title="Ett annat provrum")
    (foreign,) = threads(other, cast["people"]["orebro"], 1)
    threads(provrum, cast["people"]["orebro"], 3)
    client.force_login(cast["people"]["gavleborg"])
    for cursor in (foreign.pk, 999_999_999, "x"):
        response = client.get(
            reverse("provrum:discussion", kwargs={"pk": provrum.pk}) + f"?fore={cursor}"
        )
        assert response.status_code == 200
        if cursor != "x":
            assert comment_ids(response.content.decode()) == []


def test_a_hidden_provrum_has_no_discussion_page(client, cast):
    draft = proposal(cast, publish=False)
    client.force_login(cast["people"]["gavleborg"])
    assert client.get(reverse("provrum:discussion", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("provrum:history", kwargs={"pk": draft.pk})).status_code == 404


def test_one_reply_form_serves_the_whole_discussion(client, cast):
    provrum = proposal(cast)
    roots = threads(provrum, cast["people"]["orebro"], 5, replies=2)
    client.force_login(cast["people"]["gavleborg"])

    html = client.get(page_url(provrum)).content.decode()

    assert html.count('name="parent"') == 1
    assert html.count('id="reply-form"') == 1
    assert re.search(r'<form[^>]*id="reply-form"[^>]*\bhidden\b', html)
    assert html.count('class="reply-link"') == 15  # one link per comment
    # Without JavaScript the link opens the page with the form set to that comment.
    response = client.get(page_url(provrum), {"svara": roots[2].pk})
    html = response.content.decode()
    assert not re.search(r'<form[^>]*id="reply-form"[^>]*\bhidden\b', html)
    assert f'name="parent" value="{roots[2].pk}"' in html
    assert "Svara Orebro" in html
    # A reply posted from it lands on the thread.
    response = client.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "Jag svarar", "parent": roots[2].pk},
    )
    assert response.status_code == 302
    assert Comment.objects.get(body="Jag svarar").parent_id == roots[2].pk


def test_a_refused_reply_keeps_the_text_in_the_reply_form(client, cast):
    provrum = proposal(cast)
    (root,) = threads(provrum, cast["people"]["orebro"], 1)
    client.force_login(cast["people"]["gavleborg"])
    response = client.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "x" * 5001, "parent": root.pk},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert f'name="parent" value="{root.pk}"' in html
    assert "x" * 5001 in html


def test_who_may_remove_and_edit_which_comment(client, cast):
    provrum = proposal(cast)
    own = services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Min")
    other = services.comment_add(provrum=provrum, by=cast["people"]["vinnova"], body="Annan")
    remove = "provrum:comment_remove"
    edit = "provrum:comment_edit"

    def url(name, comment):
        return reverse(name, kwargs={"pk": provrum.pk, "comment_pk": comment.pk})

    client.force_login(cast["people"]["orebro"])
    html = client.get(page_url(provrum)).content.decode()
    assert url(edit, own) in html and url(edit, other) not in html
    assert url(remove, own) not in html and url(remove, other) not in html

    client.force_login(cast["office"])
    html = client.get(page_url(provrum)).content.decode()
    assert url(remove, own) in html and url(remove, other) in html
    assert url(edit, own) not in html


def test_peoples_text_is_escaped_and_never_in_htmx_attributes(client, cast):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]
    author.name = 'Eva "<b hx-get=/x>" Ek'
    author.save()
    threads(provrum, author, DISCUSSION_THREADS + 1)
    services.comment_add(
        provrum=provrum, by=author, body='<script>alert(1)</script> hx-post="/provrum/"'
    )
    client.force_login(cast["people"]["gavleborg"])

    for response in (
        client.get(page_url(provrum)),
        client.get(
            earlier_url(provrum, comment_thread_page(provrum).earlier),
            headers={"HX-Request": "true"},
        ),
    ):
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<b hx-get=/x>" not in html

        class HtmxAttributes(HTMLParser):
            values = []

            def handle_starttag(self, tag, attrs):
                self.values += [value or "" for name, value in attrs if name.startswith("hx-")]

        parser = HtmxAttributes()
        parser.values = []
        parser.feed(html)
        assert parser.values
        assert not any("Eva" in value or "alert" in value for value in parser.values)


def test_the_history_shows_the_latest_events_and_pages_back(client, cast):
    provrum = proposal(cast)
    Event.objects.bulk_create(
        [
            Event(provrum=provrum, action=Event.Action.COMMENTED, actor=cast["people"]["orebro"])
            for _ in range(HISTORY_EVENTS + 10)
        ]
    )
    events = list(provrum.events.order_by("created_at", "pk"))
    client.force_login(cast["people"]["gavleborg"])

    html = client.get(page_url(provrum)).content.decode()
    assert html.count('class="history-item"') == HISTORY_EVENTS
    cursor = events[-HISTORY_EVENTS].pk
    link = reverse("provrum:history", kwargs={"pk": provrum.pk}) + f"?fore={cursor}"
    assert f'href="{link}"' in html and "Visa tidigare händelser" in html

    page = client.get(link)
    assert page.status_code == 200
    assert page.content.decode().count('class="history-item"') == len(events) - HISTORY_EVENTS
    fragment = client.get(link, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'hx-swap-oob="afterbegin:#history-list"' in fragment
    assert fragment.count('class="history-item"') == len(events) - HISTORY_EVENTS
    assert "history-earlier" not in fragment  # nothing before these
