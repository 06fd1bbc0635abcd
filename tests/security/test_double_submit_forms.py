"""Double submit on the pages: the proposal form and the comment form posted twice, and
five times at the same moment (real threads on PostgreSQL, each its own connection),
make one record; every post is answered as the first was (a redirect to the draft, the
comment shown).

The guard is the services' own (the same text from the same person within a minute
is the first record): proposals lock the person's row so that parallel posts see each
other, as comments lock the provrum's (finding 9).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reglab.provrum import lifecycle
from reglab.provrum.models import Comment, Provrum
from tests.provrum.conftest import cast_of, proposal

PROPOSAL = {
    "title": "Smart specialisering i praktiken",
    "summary": "Hur regionerna arbetar med smart specialisering.",
    "question": "Vilka arbetssätt ger effekt?",
    "kind": "method",
    "intended_use": "joint_analysis",
    "other_themes": "Innovation",
    "wants_to_lead": "on",
}


@pytest.fixture
def quiet(monkeypatch):
    monkeypatch.setattr(lifecycle, "dispatch", lambda *args, **kwargs: None)


def post_together(count, url, data, person):
    clients = []
    for _ in range(count):
        browser = Client()
        browser.force_login(person)
        clients.append(browser)
    barrier = threading.Barrier(count)
    answers = []

    def send(browser):
        try:
            barrier.wait(timeout=10)
            answers.append(browser.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(browser,)) for browser in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.django_db
def test_a_proposal_posted_twice_is_one_draft(office_user, quiet):
    cast = cast_of(office_user)
    browser = Client()
    browser.force_login(cast["people"]["skane"])
    data = {**PROPOSAL, "organisation": cast["orgs"]["skane"].pk}
    first = browser.post(reverse("provrum:create"), data)
    second = browser.post(reverse("provrum:create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Provrum.objects.count() == 1


@pytest.mark.django_db
def test_a_comment_posted_twice_is_one_comment(office_user, quiet):
    cast = cast_of(office_user)
    provrum = proposal(cast)
    browser = Client()
    browser.force_login(cast["people"]["orebro"])
    url = reverse("provrum:comment_add", args=[provrum.pk])
    for _ in range(2):
        assert browser.post(url, {"body": "Vi vill gärna vara med."}).status_code in (200, 302)
    assert Comment.objects.filter(provrum=provrum).count() == 1


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
)


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [2, 5])
def test_a_proposal_posted_at_once_is_one_draft(office_user, quiet, count):
    cast = cast_of(office_user)
    data = {**PROPOSAL, "organisation": cast["orgs"]["skane"].pk}
    answers = post_together(count, reverse("provrum:create"), data, cast["people"]["skane"])
    assert [answer.status_code for answer in answers] == [302] * count
    assert len({answer["Location"] for answer in answers}) == 1
    assert Provrum.objects.count() == 1


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [2, 5])
def test_a_comment_posted_at_once_is_one_comment(office_user, quiet, count):
    cast = cast_of(office_user)
    provrum = proposal(cast)
    url = reverse("provrum:comment_add", args=[provrum.pk])
    answers = post_together(count, url, {"body": "Instämmer helt."}, cast["people"]["orebro"])
    assert {answer.status_code for answer in answers} <= {200, 302}
    assert Comment.objects.filter(provrum=provrum).count() == 1


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_naming_the_same_new_theme_at_once(office_user, quiet):
    """Regression: the second to create a new theme got a 500 (unique name); now it uses it."""
    cast = cast_of(office_user)
    people = [(cast["people"]["skane"], "skane"), (cast["people"]["orebro"], "orebro")]
    barrier = threading.Barrier(len(people))
    answers = []

    def send(person, key):
        try:
            browser = Client()
            browser.force_login(person)
            data = {
                **PROPOSAL,
                "title": f"Förslag från {key}",
                "organisation": cast["orgs"][key].pk,
            }
            barrier.wait(timeout=10)
            answers.append(browser.post(reverse("provrum:create"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=item) for item in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [302, 302]
    assert Provrum.objects.count() == 2
    assert {
        theme for p in Provrum.objects.all() for theme in p.themes.values_list("name", flat=True)
    } == {"Innovation"}
