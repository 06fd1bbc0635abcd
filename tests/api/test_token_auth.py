"""The API accepts a personal Bearer token or a session, and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reglab.api.models import ApiToken, hash_token
from reglab.api.services import api_token_authenticate, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/me", "/api/v1/organisations"]


@pytest.fixture
def token(member_rep):
    _, raw = api_token_create(person=member_rep, name="test")
    return raw


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_token_is_401(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer rgl_unknown-token",
        "Bearer " + "x" * 500,
        "Token rgl_something",
        "Basic a2Fuc2xpOnNlY3JldA==",
        "rgl_no-scheme",
    ],
)
def test_malformed_or_unknown_token_is_401(client, token, url, header):
    response = client.get(url, headers={"Authorization": header})
    assert response.status_code == 401


def assert_answers_as(response, person):
    """The body is the person's: /me names them, /organisations lists their organisation."""
    assert response.status_code == 200
    body = response.json()
    if isinstance(body, dict):
        assert (body["id"], body["email"]) == (person.pk, person.email)
    else:
        organisation = person.affiliations.get().organisation
        assert organisation.slug in [row["slug"] for row in body]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_good_token_is_200(client, token, member_rep, url):
    assert_answers_as(client.get(url, headers=bearer(token)), member_rep)


def test_token_with_one_character_changed_is_401(client, token):
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get("/api/v1/me", headers=bearer(tampered)).status_code == 401


@pytest.mark.parametrize("url", ENDPOINTS)
def test_revoked_token_is_401(client, token, url):
    api_token_revoke(token=ApiToken.objects.get(key_hash=hash_token(token)))
    assert client.get(url, headers=bearer(token)).status_code == 401


def test_revoking_twice_keeps_the_first_time(token):
    record = ApiToken.objects.get(key_hash=hash_token(token))
    api_token_revoke(token=record)
    first = record.revoked_at
    api_token_revoke(token=record)
    record.refresh_from_db()
    assert record.revoked_at == first


@pytest.mark.parametrize("url", ENDPOINTS)
def test_inactive_persons_token_is_401(client, member_rep, token, url):
    member_rep.is_active = False
    member_rep.save()
    assert client.get(url, headers=bearer(token)).status_code == 401


def test_token_identifies_its_owner(client, member_rep, token):
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.json()["email"] == member_rep.email


def test_token_is_stored_only_as_a_hash(member_rep):
    record, raw = api_token_create(person=member_rep)
    assert raw.startswith("rgl_")
    assert len(raw) > 40
    assert record.key_hash == hash_token(raw)
    assert record.prefix == raw[:10]
    stored = ApiToken.objects.filter(pk=record.pk).values().get()
    assert all(raw not in str(value) for value in stored.values())


def test_tokens_are_different_each_time(member_rep):
    raws = {api_token_create(person=member_rep)[1] for _ in range(5)}
    assert len(raws) == 5


def test_use_is_recorded_at_most_once_a_minute(member_rep, token):
    record = ApiToken.objects.get(key_hash=hash_token(token))
    assert record.last_used_at is None
    assert api_token_authenticate(token) == member_rep
    record.refresh_from_db()
    first_use = record.last_used_at
    assert first_use is not None
    api_token_authenticate(token)
    record.refresh_from_db()
    assert record.last_used_at == first_use
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now() - timedelta(minutes=5))
    api_token_authenticate(token)
    record.refresh_from_db()
    assert record.last_used_at > first_use - timedelta(minutes=5)
    assert (timezone.now() - record.last_used_at).total_seconds() < 60


@pytest.mark.parametrize("url", ENDPOINTS)
def test_session_works_for_get(client, member_rep, url):
    client.force_login(member_rep)
    assert_answers_as(client.get(url), member_rep)


def test_session_of_an_inactive_person_is_401(client, member_rep):
    client.force_login(member_rep)
    member_rep.is_active = False
    member_rep.save()
    assert client.get("/api/v1/me").status_code == 401
