# ruff: noqa: F811 - the meetings fixtures (network, coordinator) are imported and used by name
"""Double submit through the API: an ``Idempotency-Key`` makes a repeated POST one record.

A live question has no duplicate guard of its own (two posts make two questions),
so it shows the key's effect plainly. The parallel case runs real threads on
PostgreSQL, each with its own connection.
"""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from reglab.api.idempotency import expired_keys_delete
from reglab.api.models import IdempotencyKey
from reglab.live.models import Question
from reglab.meetings.models import NetworkMembership
from tests.factories import AffiliationFactory, UserFactory
from tests.meetings.conftest import coordinator, make_meeting, network  # noqa: F401
from tests.properties.conftest import is_swedish
from tests.provrum.api_client import ApiClient

QUESTION = {"kind": "single", "text": "Finns ett behov?", "options": ["Ja", "Nej"]}


class KeyedClient(ApiClient):
    def post(self, url, data=None, key=None):
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(
            url, json.dumps(data or {}), content_type="application/json", headers=headers
        )


def second_host(network):
    person = UserFactory(email="vice@example.se", name="Vera Vice")
    AffiliationFactory(person=person, organisation=network.organisations.first())
    NetworkMembership.objects.create(network=network, person=person, is_coordinator=True)
    return person


@pytest.fixture
def meeting(network):
    return make_meeting(network)


@pytest.fixture
def url(meeting):
    return f"/api/v1/meetings/{meeting.pk}/questions"


@pytest.fixture
def host(coordinator):
    return KeyedClient(Client(), coordinator)


def questions(meeting) -> int:
    return Question.objects.filter(meeting=meeting).count()


@pytest.mark.django_db
def test_the_same_key_and_body_twice_makes_one_record_and_the_same_answer(host, url, meeting):
    first = host.post(url, QUESTION, key="fråga-1".encode().hex())
    second = host.post(url, QUESTION, key="fråga-1".encode().hex())
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert questions(meeting) == 1


@pytest.mark.django_db
def test_without_a_key_each_post_is_its_own(host, url, meeting):
    host.post(url, QUESTION)
    host.post(url, QUESTION)
    assert questions(meeting) == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_in_swedish(host, url, meeting):
    assert host.post(url, QUESTION, key="k-2").status_code == 201
    other = host.post(url, {**QUESTION, "text": "Något annat?"}, key="k-2")
    assert other.status_code == 422
    body = other.json()
    assert body["code"] == "idempotency_key_reused"
    assert is_swedish(body["detail"]) and "Idempotensnyckeln" in body["detail"]
    # The same key on another path is another request too.
    elsewhere = host.post(f"{url}/{Question.objects.get().pk}/open", {}, key="k-2")
    assert elsewhere.status_code == 422
    assert questions(meeting) == 1


@pytest.mark.django_db
def test_keys_are_per_person(host, url, meeting, network):
    other = KeyedClient(Client(), second_host(network))
    assert host.post(url, QUESTION, key="delad").status_code == 201
    response = other.post(url, QUESTION, key="delad")
    assert response.status_code == 201 and not response.has_header("Idempotent-Replayed")
    assert questions(meeting) == 2


@pytest.mark.django_db
def test_a_refusal_is_not_kept_so_the_key_can_be_sent_again(host, url, meeting):
    refused = host.post(url, {**QUESTION, "text": ""}, key="k-3")
    assert refused.status_code == 422
    assert not IdempotencyKey.objects.exists()
    assert host.post(url, QUESTION, key="k-3").status_code == 201
    assert questions(meeting) == 1


@pytest.mark.django_db
def test_a_key_expires_after_24_hours(host, url, meeting):
    assert host.post(url, QUESTION, key="k-4").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    again = host.post(url, QUESTION, key="k-4")
    assert again.status_code == 201 and not again.has_header("Idempotent-Replayed")
    assert questions(meeting) == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert expired_keys_delete() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "med mellanslag", "x" * 256, "tab\there"])
def test_a_malformed_key_is_refused(host, url, meeting, key):
    response = host.post(url, QUESTION, key=key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_invalid"
    assert is_swedish(response.json()["detail"])
    assert questions(meeting) == 0


@pytest.mark.django_db
def test_a_session_request_is_keyed_by_its_person(url, meeting, coordinator):
    browser = Client()
    browser.force_login(coordinator)
    for _ in range(2):
        response = browser.post(
            url,
            json.dumps(QUESTION),
            content_type="application/json",
            headers={"Idempotency-Key": "session-1"},
        )
        assert response.status_code == 201
    assert questions(meeting) == 1
    assert IdempotencyKey.objects.get().person == coordinator


@pytest.mark.django_db
def test_erasing_the_person_removes_their_keys(host, url, coordinator, office_user):
    from reglab.privacy.erasure import person_erase

    assert host.post(url, QUESTION, key="k-5").status_code == 201
    person_erase(person_id=coordinator.pk, by=office_user)
    assert not IdempotencyKey.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writes need PostgreSQL's row locks"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parallel", [2, 5])
def test_parallel_posts_with_one_key_make_one_record(meeting, url, coordinator, parallel):
    clients = [KeyedClient(Client(), coordinator) for _ in range(parallel)]
    barrier = threading.Barrier(parallel)
    answers = []

    def send(client):
        try:
            barrier.wait(timeout=10)
            response = client.post(url, QUESTION, key="parallell")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert questions(meeting) == 1
    assert [status for status, _body in answers] == [201] * parallel
    assert len({json.dumps(body, sort_keys=True) for _status, body in answers}) == 1


def test_the_openapi_schema_offers_the_header_on_every_post():
    from reglab.api.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert ("Idempotency-Key" in names) == (method == "post"), (method, path)
