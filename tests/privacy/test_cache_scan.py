"""The scan and the purge of saved pages on both cache back-ends: local memory and Redis."""

import socket

import pytest
from django.core.cache import caches

from reglab.core.blocks import SavedPage
from reglab.privacy.scan import cache_hits, purge_saved_pages

NAME = "Zelmira Qvarnström"


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def save_page_and_other_entry():
    page = SavedPage(f"<h1>{NAME}</h1>".encode(), {"Content-Type": "text/html"})
    caches["pages"].set("page-1", page)
    caches["default"].set("limit-1", 3)
    caches["default"].set("note-1", "ingen person här")


def check_scan_and_purge():
    save_page_and_other_entry()
    hits = cache_hits([NAME])
    assert [hit.where for hit in hits] == ["pages"]
    purge_saved_pages()
    assert cache_hits([NAME]) == []
    assert caches["pages"].get("page-1") is None
    assert caches["default"].get("limit-1") == 3  # the rest of the cache stays


def test_local_memory():
    check_scan_and_purge()


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_redis(settings):
    # As reglab/settings.py configures them: one database, the pages under their own prefix.
    default = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/12",
    }
    settings.CACHES = {"default": default, "pages": {**default, "KEY_PREFIX": "pages"}}
    try:
        check_scan_and_purge()
    finally:
        caches["default"].clear()
