"""Redis down (RELIABILITY.md §2b, "DB/Redis restart"): pages still answer, limits refuse.

The outage is real: the cache points at a loopback port where nothing listens, so every Redis
call is refused by the kernel. Reads of the cache are then misses (saved pages, the
evaluation's figures and similar proposals are made anew), while a rate limit that cannot
count answers 503 with a Swedish message instead of letting writes through; never a 500.
Sessions are in the database, so a signed-in person stays signed in. `make drills`
(bench/drills/redis_restart.py) stops and starts a real Redis under load.
"""

import socket

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from reglab.core.cache import CacheUnavailable, counter_get
from reglab.core.limits import limit_take
from reglab.provrum.models import Comment
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast

UNAVAILABLE = "Tjänsten är tillfälligt otillgänglig"
PAGE_LEAD = "En del av tjänsten svarar inte just nu"


def closed_port() -> int:
    """A loopback port that was free a moment ago and that nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    location = f"redis://127.0.0.1:{closed_port()}/0"
    default = {"BACKEND": "reglab.core.cache.RedisCache", "LOCATION": location}
    settings.CACHES = {"default": default, "pages": {**default, "KEY_PREFIX": "pages"}}
    settings.PAGE_CACHE = True
    return location


@pytest.fixture
def visitor():
    """Answers as a browser gets them (the test client would raise the request's error)."""
    return Client(raise_request_exception=False)


def assert_swedish_503_page(response):
    html = response.content.decode()
    assert response.status_code == 503, html[:300]
    assert response["Retry-After"] == "10"
    assert UNAVAILABLE in html and PAGE_LEAD in html and 'lang="sv"' in html


def assert_swedish_503_json(response):
    assert response.status_code == 503, response.content[:300]
    body = response.json()
    assert body["code"] == "unavailable"
    assert body["detail"].startswith(UNAVAILABLE)


def test_the_cache_misses_and_skips_writes_while_counters_refuse(redis_down):
    cache.set("reglab:test", "kvar")
    assert cache.get("reglab:test", "saknas") == "saknas"
    assert cache.get_many(["a", "b"]) == {}
    assert caches["pages"].has_key("x") is False
    assert cache.delete("reglab:test") is False
    with pytest.raises(CacheUnavailable):
        cache.add("reglab:test", 0)
    with pytest.raises(CacheUnavailable):
        cache.incr("reglab:test")
    with pytest.raises(CacheUnavailable):
        counter_get("reglab:test")


def test_pages_answer_200_without_redis(redis_down, visitor, cast):
    provrum = proposal(cast)
    assert visitor.get("/").status_code == 200
    visitor.force_login(cast["people"]["orebro"])
    detail = reverse("provrum:detail", kwargs={"pk": provrum.pk})
    for _ in range(2):  # the second visit would be a saved page with Redis up
        page = visitor.get(detail)
        assert page.status_code == 200
        assert provrum.title in page.content.decode()
    visitor.force_login(cast["office"])
    assert visitor.get(reverse("evaluation:dashboard")).status_code == 200


def test_the_session_survives_and_limited_writes_answer_503(redis_down, visitor, cast):
    provrum = proposal(cast)
    writer = cast["people"]["orebro"]
    visitor.force_login(writer)
    # Sessions are in the database: the person is still signed in.
    assert writer.name in visitor.get("/").content.decode()

    url = reverse("provrum:comment_add", kwargs={"pk": provrum.pk})
    assert_swedish_503_page(visitor.post(url, {"body": "Skrivet när Redis var nere"}))
    api = ApiClient(visitor, writer)
    reply = api.post(f"/api/v1/provrum/{provrum.pk}/comments", {"body": "Via API:t"})
    assert_swedish_503_json(reply)
    assert not Comment.objects.filter(author=writer).exists()


def test_join_codes_are_refused_not_let_through(redis_down, visitor):
    # The join-code limit cannot count wrong codes: every code is refused, so guessing learns
    # nothing while Redis is down.
    assert_swedish_503_page(visitor.get(reverse("live:room", kwargs={"code": "ABCDEF"})))


def test_sign_in_is_refused_while_its_limit_cannot_count(redis_down, visitor, cast):
    # allauth's sign-in limit takes a lock with cache.add: no Redis, no guessing at full speed.
    person = cast["people"]["orebro"]
    answer = visitor.post(reverse("account_login"), {"login": person.email, "password": "fel"})
    assert_swedish_503_page(answer)


def test_a_limit_refuses_when_redis_is_down(redis_down, cast):
    with pytest.raises(CacheUnavailable):
        limit_take(cast["people"]["orebro"], "comment")
