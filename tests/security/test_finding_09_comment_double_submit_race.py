"""Finding 9: the comment double-submit guard failed under concurrency on PostgreSQL.

Ten identical comments posted at the same moment made 7–10 comments: each
request looked for a recent identical comment, found none (the others had not
committed yet) and wrote its own. ``comment_add`` now locks the provrum row
before it looks, so the requests take turns and each one after the first sees
the comment the first committed. Real threads, each with its own database
connection, are started together by a barrier (removing the lock makes this
test fail: several comments are written).
"""

import threading

import pytest
from django.db import connection

from reglab.provrum import lifecycle
from reglab.provrum.models import Comment, Event
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

CONTENDERS = 10


@pytest.fixture
def quiet(monkeypatch):
    """No notifications: they are not what this test is about, and they run after commit."""
    monkeypatch.setattr(lifecycle, "dispatch", lambda *args, **kwargs: None)


def post_together(count, post):
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(post().pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_ten_identical_concurrent_comments_make_one(cast, quiet):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]

    outcomes = post_together(
        CONTENDERS,
        lambda: services.comment_add(provrum=provrum, by=author, body="Vi vill gärna vara med."),
    )

    assert len(outcomes) == CONTENDERS
    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    # Every request got the same, single comment back.
    assert len(set(outcomes)) == 1
    assert Comment.objects.filter(provrum=provrum).count() == 1
    assert provrum.events.filter(action=Event.Action.COMMENTED).count() == 1


def test_ten_identical_concurrent_replies_make_one(cast, quiet):
    provrum = proposal(cast)
    root = services.comment_add(provrum=provrum, by=cast["people"]["skane"], body="Hur stort?")
    author = cast["people"]["orebro"]

    outcomes = post_together(
        CONTENDERS,
        lambda: services.comment_add(provrum=provrum, by=author, body="Fyra.", parent=root),
    )

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert Comment.objects.filter(provrum=provrum, parent=root).count() == 1


def test_different_people_saying_the_same_all_get_their_comment(cast, quiet):
    """The lock only makes requests take turns: it does not merge different people."""
    provrum = proposal(cast)
    people = [cast["people"][key] for key in ("orebro", "gavleborg", "vinnova", "kontigo")]
    barrier_people = iter(people)
    lock = threading.Lock()

    def post():
        with lock:
            person = next(barrier_people)
        return services.comment_add(provrum=provrum, by=person, body="Instämmer.")

    outcomes = post_together(len(people), post)

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert Comment.objects.filter(provrum=provrum).count() == len(people)
