"""Finding 7: replies nest without limit and a deep chain takes the discussion down.

A chain of 300 replies made the provrum page and its comments API answer 500
for everyone (RecursionError in the recursive template include and the
recursive API serialiser). Now:

- a reply to a reply is stored as a reply to the thread's first comment, on
  the page and in the API, so a discussion has two levels;
- the discussion is rendered from a flat list per thread, so chains that are
  already in a database (any depth) still render, on the page and in the API;
- the office can remove a whole thread from view; the texts stay in the history,
  and nobody can reply to a removed comment to bring the thread back.
"""

import pytest
from django.urls import reverse

from reglab.provrum.models import Comment
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

DEPTH = 300


def page_url(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def api_url(provrum):
    return f"/api/v1/provrum/{provrum.pk}/comments"


def deep_chain(provrum, author, depth=DEPTH):
    """A root and ``depth`` replies, each to the one before, written straight to the database.

    This is what the old code let anyone build through the API; it must still
    render when it is already stored.
    """
    rows = Comment.objects.bulk_create(
        [Comment(provrum=provrum, author=author, body=f"Inlägg {n}") for n in range(depth + 1)]
    )
    for parent, child in zip(rows, rows[1:], strict=False):
        child.parent_id = parent.pk
    Comment.objects.bulk_update(rows[1:], ["parent"])
    return rows


def api_ids(tree):
    """Every comment id in the API's answer, walked without recursion."""
    found, todo = [], list(tree)
    while todo:
        item = todo.pop()
        found.append(item["id"])
        todo.extend(item["replies"])
    return found


def test_a_300_deep_chain_renders_on_the_page_and_in_the_api(client, cast):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]
    rows = deep_chain(provrum, author)
    reader = cast["people"]["gavleborg"]

    client.force_login(reader)
    page = client.get(page_url(provrum))
    assert page.status_code == 200
    html = page.content.decode()
    for row in rows:
        assert f'id="comment-{row.pk}"' in html
    assert "Inlägg 300" in html

    answer = ApiClient(client, reader).get(api_url(provrum))
    assert answer.status_code == 200
    tree = answer.json()
    assert sorted(api_ids(tree)) == sorted(row.pk for row in rows)
    # One thread, two levels: every reply hangs under the first comment, in order.
    assert [item["id"] for item in tree] == [rows[0].pk]
    assert [reply["id"] for reply in tree[0]["replies"]] == [row.pk for row in rows[1:]]
    assert all(reply["replies"] == [] for reply in tree[0]["replies"])


def test_a_reply_to_a_reply_lands_on_the_thread_on_the_page(client, cast):
    provrum = proposal(cast)
    people = cast["people"]
    root = services.comment_add(provrum=provrum, by=people["orebro"], body="Hur stort?")
    reply = services.comment_add(
        provrum=provrum, by=people["skane"], body="Fyra regioner.", parent=root
    )

    client.force_login(people["gavleborg"])
    response = client.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "Räcker det?", "parent": reply.pk},
    )

    assert response.status_code == 302
    created = Comment.objects.get(body="Räcker det?")
    assert created.parent_id == root.pk
    assert reply.replies.count() == 0


def test_a_reply_to_a_reply_lands_on_the_thread_in_the_api(client, cast):
    provrum = proposal(cast)
    people = cast["people"]
    api = ApiClient(client, people["gavleborg"])
    root = api.post(api_url(provrum), {"body": "Hur stort?"}).json()
    reply = api.post(api_url(provrum), {"body": "Fyra.", "parent": root["id"]}).json()
    deeper = api.post(api_url(provrum), {"body": "Räcker det?", "parent": reply["id"]})

    assert deeper.status_code == 201
    assert deeper.json()["parent"] == root["id"]
    assert Comment.objects.get(pk=deeper.json()["id"]).parent_id == root["id"]
    # A chain of replies through the API stays two levels deep.
    last = deeper.json()["id"]
    for n in range(5):
        last = api.post(api_url(provrum), {"body": f"Svar {n}", "parent": last}).json()["id"]
    assert set(Comment.objects.filter(provrum=provrum).values_list("parent", flat=True)) == {
        None,
        root["id"],
    }


def test_the_office_removes_a_whole_thread(client, cast):
    provrum = proposal(cast)
    people, office = cast["people"], cast["office"]
    root = services.comment_add(provrum=provrum, by=people["orebro"], body="Rotinlägget")
    replies = [
        services.comment_add(
            provrum=provrum, by=people["skane"], body=f"Svar nummer {n}", parent=root
        )
        for n in range(3)
    ]
    other = services.comment_add(provrum=provrum, by=people["vinnova"], body="En annan tråd")

    client.force_login(office)
    page = client.get(page_url(provrum)).content.decode()
    # The office is offered the whole thread, with a confirmation.
    thread_url = reverse("provrum:comment_remove", kwargs={"pk": provrum.pk, "comment_pk": root.pk})
    assert 'name="thread" value="1"' in page
    assert "Ta bort hela tråden" in page

    response = client.post(thread_url, {"thread": "1", "reason": "Trakasserier."})
    assert response.status_code == 302

    for comment in [root, *replies]:
        comment.refresh_from_db()
        assert comment.is_removed and comment.removed_by == office
        # The text stays in the history.
        assert comment.history.filter(body=comment.body).exists()
    other.refresh_from_db()
    assert not other.is_removed

    client.force_login(people["gavleborg"])
    html = client.get(page_url(provrum)).content.decode()
    assert "Rotinlägget" not in html and "Svar nummer" not in html
    assert "En annan tråd" in html
    assert "Tråden har tagits bort av kansliet." in html
    tree = ApiClient(client, people["gavleborg"]).get(api_url(provrum)).json()
    bodies = [tree[0]["body"], *[reply["body"] for reply in tree[0]["replies"]]]
    assert bodies == ["", "", "", ""]

    # Nobody brings the thread back by replying to it, on the page or in the API.
    response = client.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "Jag svarar ändå", "parent": replies[0].pk},
    )
    assert response.status_code == 422
    assert "Kommentaren som du svarar på har tagits bort av kansliet." in response.content.decode()
    answer = ApiClient(client, people["gavleborg"]).post(
        api_url(provrum), {"body": "Jag svarar ändå", "parent": root.pk}
    )
    assert answer.status_code == 422
    assert "Kommentaren som du svarar på har tagits bort" in answer.json()["detail"]
    assert not Comment.objects.filter(body="Jag svarar ändå").exists()


def test_removing_one_comment_keeps_the_replies_in_view(client, cast):
    provrum = proposal(cast)
    people, office = cast["people"], cast["office"]
    root = services.comment_add(provrum=provrum, by=people["orebro"], body="Rotinlägget")
    services.comment_add(provrum=provrum, by=people["skane"], body="Ett bra svar", parent=root)

    client.force_login(office)
    client.post(reverse("provrum:comment_remove", kwargs={"pk": provrum.pk, "comment_pk": root.pk}))

    client.force_login(people["gavleborg"])
    html = client.get(page_url(provrum)).content.decode()
    assert "Rotinlägget" not in html and "Ett bra svar" in html


def test_only_the_office_removes_a_thread(client, cast):
    provrum = proposal(cast)
    people = cast["people"]
    root = services.comment_add(provrum=provrum, by=people["orebro"], body="Rotinlägget")
    reply = services.comment_add(provrum=provrum, by=people["skane"], body="Svar", parent=root)

    client.force_login(people["skane"])
    response = client.post(
        reverse("provrum:comment_remove", kwargs={"pk": provrum.pk, "comment_pk": root.pk}),
        {"thread": "1"},
    )

    assert response.status_code == 403
    root.refresh_from_db()
    reply.refresh_from_db()
    assert not root.is_removed and not reply.is_removed
