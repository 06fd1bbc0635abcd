"""Saved pages (reglab.core.blocks): fast, and never wrong or someone else's.

A change by one person is seen at once by everyone, whatever way it was written;
two people never see each other's page; the CSRF token is new on every request;
nothing is saved that is not a plain 200 for this person alone.
"""

import gzip
import re
import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.api.services import api_token_create, api_token_revoke
from reglab.core import blocks
from reglab.provrum.models import Provrum
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast

BOARD = "/provrum/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PER_REQUEST = re.compile(r'value="[^"]{64}"|nonce="[^"]+"|data-reglab-csrf="[^"]+"')


def same_page(one: str, other: str) -> bool:
    return PER_REQUEST.sub("", one) == PER_REQUEST.sub("", other)


def page(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def saved_count() -> int:
    return len(caches["pages"]._cache)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_second_request_is_served_from_the_saved_page(client, cast):
    proposal(cast, title="Cirkulär ekonomi")
    client.force_login(cast["people"]["orebro"])
    client.get(BOARD)  # the first visit stores the format rules' defaults: a write
    first = client.get(BOARD)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(BOARD)
    assert second.status_code == 200
    assert "Cirkulär ekonomi" in second.content.decode()
    # The session, the person and the data version: the page itself reads nothing.
    assert len(queries.captured_queries) <= 4
    assert same_page(first.content.decode(), second.content.decode())


def test_a_comment_is_seen_at_once_by_everyone(cast):
    provrum = proposal(cast)
    writer, reader = signed_in(cast["people"]["orebro"]), signed_in(cast["people"]["gavleborg"])
    for client in (writer, reader):
        assert "Vi kan bidra med data" not in client.get(page(provrum)).content.decode()
    response = writer.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "Vi kan bidra med data"},
    )
    assert response.status_code == 302
    for client in (writer, reader):
        assert "Vi kan bidra med data" in client.get(page(provrum)).content.decode()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda p: Provrum.objects.filter(pk=p.pk).update(title="Ny titel"), id="update"
        ),
        pytest.param(
            lambda p: connection.cursor().execute(
                "UPDATE provrum_provrum SET title = %s WHERE id = %s", ["Ny titel", p.pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_writes_without_signals_make_pages_new(client, cast, write):
    provrum = proposal(cast, title="Gammal titel")
    client.force_login(cast["people"]["orebro"])
    assert "Gammal titel" in client.get(BOARD).content.decode()
    write(provrum)
    assert "Ny titel" in client.get(BOARD).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_by_another_process_is_noticed_through_the_database(client, cast):
    """Another process has its own memory: only the database tells it of the write."""
    provrum = proposal(cast, title="Gammal titel")
    client.force_login(cast["people"]["orebro"])
    assert "Gammal titel" in client.get(BOARD).content.decode()

    def elsewhere():
        try:
            Provrum.objects.filter(pk=provrum.pk).update(title="Ny titel")
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert "Ny titel" in client.get(BOARD).content.decode()


def test_two_people_never_see_each_others_page(cast):
    provrum = proposal(cast)
    anna = signed_in(cast["people"]["skane"])
    erik = signed_in(cast["people"]["orebro"])
    anna_html = anna.get(page(provrum)).content.decode()
    erik_html = erik.get(page(provrum)).content.decode()
    assert cast["people"]["skane"].name in anna_html
    assert cast["people"]["orebro"].name in erik_html
    assert cast["people"]["orebro"].name not in anna_html.split("<main", 1)[0]
    assert cast["people"]["skane"].name not in erik_html.split("<main", 1)[0]
    # The proposer may withdraw their own proposal; a reader may not.
    withdraw = reverse("provrum:withdraw", kwargs={"pk": provrum.pk})
    assert withdraw in anna_html and withdraw not in erik_html
    assert withdraw in anna.get(page(provrum)).content.decode()
    assert withdraw not in erik.get(page(provrum)).content.decode()


def test_anonymous_and_signed_in_pages_are_apart(client, cast):
    response = client.get("/")
    assert response.status_code == 200
    client.force_login(cast["people"]["orebro"])
    signed = client.get("/").content.decode()
    assert cast["people"]["orebro"].name in signed
    assert cast["people"]["orebro"].name not in Client().get("/").content.decode()


def test_the_csrf_token_is_new_on_every_request_and_it_works(cast):
    provrum = proposal(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["people"]["orebro"])
    first = TOKEN.findall(client.get(page(provrum)).content.decode())
    second = TOKEN.findall(client.get(page(provrum)).content.decode())
    assert first and second
    assert blocks.CSRF_PLACEHOLDER not in "".join(first + second)
    assert len(set(second)) == 1 and set(first).isdisjoint(second)
    response = client.post(
        reverse("provrum:comment_add", kwargs={"pk": provrum.pk}),
        {"body": "Med en token från en sparad sida", "csrfmiddlewaretoken": second[0]},
    )
    assert response.status_code == 302
    assert "Med en token från en sparad sida" in client.get(page(provrum)).content.decode()


def test_the_compressed_page_is_the_page(client, cast):
    provrum = proposal(cast)
    services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej & välkommen")
    client.force_login(cast["people"]["orebro"])
    plain = client.get(page(provrum)).content
    for _ in range(2):  # made, then saved
        response = client.get(page(provrum), headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        unpacked = gzip.decompress(response.content)
        assert same_page(unpacked.decode(), plain.decode())
        assert TOKEN.search(unpacked.decode())


def test_a_message_is_shown_once_and_never_saved(cast):
    provrum = proposal(cast)
    client = signed_in(cast["people"]["orebro"])
    client.get(page(provrum))
    client.post(reverse("provrum:comment_add", kwargs={"pk": provrum.pk}), {"body": "Ett inlägg"})
    with_message = client.get(page(provrum)).content.decode()
    assert "Your comment is posted." in with_message or "Din kommentar" in with_message
    after = client.get(page(provrum)).content.decode()
    message = re.search(r'<div class="messages".*?</div>', with_message, re.S)
    assert message is not None and message.group(0) not in after


def test_a_missing_page_is_not_saved(client, cast):
    client.force_login(cast["people"]["orebro"])
    assert client.get("/provrum/999999/").status_code == 404
    assert saved_count() == 0
    client.post(BOARD)
    assert saved_count() == 0


def test_the_htmx_fragment_and_the_page_are_saved_apart(client, cast):
    proposal(cast, title="Region och näringsliv")
    client.force_login(cast["people"]["orebro"])
    for _ in range(2):
        fragment = client.get(BOARD, headers={"HX-Request": "true"}).content.decode()
        full = client.get(BOARD).content.decode()
        assert "<html" not in fragment and "<html" in full


def test_a_response_that_sets_a_cookie_or_is_not_a_200_is_not_saved(rf):
    middleware = blocks.PageCacheMiddleware(lambda request: None)
    for response in (HttpResponse("x", status=201), HttpResponse("x")):
        if response.status_code == 200:
            response.set_cookie("something", "1")
        request = rf.get("/")
        request._page_cache_key = "page:test"
        request._page_cache_csrf_before = False
        middleware._save(request, response, "page:test")
    assert saved_count() == 0


def test_a_revoked_api_token_gets_no_saved_answer(client, cast):
    record, raw = api_token_create(person=cast["people"]["orebro"])
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/provrum", headers=headers).status_code == 200
    assert client.get("/api/v1/provrum", headers=headers).status_code == 200
    api_token_revoke(token=record)
    assert client.get("/api/v1/provrum", headers=headers).status_code == 401


def test_switched_off_nothing_is_saved(client, cast, settings):
    settings.PAGE_CACHE = False
    client.force_login(cast["people"]["orebro"])
    client.get(BOARD)
    client.get(BOARD)
    assert saved_count() == 0
