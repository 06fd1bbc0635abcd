"""Django's Redis cache, made to survive Redis being down: a lost cache is a miss, a lost
counter is a refusal.

Redis holds two kinds of things here. Saved pages, the evaluation's figures and the list of
similar proposals are a cache: without Redis the page is simply made anew, so a read that
cannot reach Redis is a miss and a write is skipped (each logged as a warning). The rate
limits (``reglab.core.limits``, the join-code and guest limits, allauth's) count in Redis with
the atomic ``add`` and ``incr``: if those pretended to work, every limit would be open for as
long as Redis is down, so they raise ``CacheUnavailable`` instead and the request is answered
503 with a Swedish message (``reglab.core.unavailable``). A limit that must read its counter
before acting reads it with ``counter_get``, which refuses in the same way.

Sessions are in the database (Django's default engine), so nobody is signed out by a Redis
restart. Settings: ``CACHES["default"]["BACKEND"] = "reglab.core.cache.RedisCache"``.
"""

import logging

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Redis is not there (refused, reset, timed out, still loading its data after a start).
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(Exception):  # noqa: N818 - named for what happened, like Django's
    """Redis cannot be reached for an operation that must not silently succeed (a counter)."""


def _missed(operation: str, error: Exception) -> None:
    logger.warning("Redis unreachable, cache %s skipped: %s", operation, error)


class RedisCache(DjangoRedisCache):
    """Reads and writes fail soft (a miss, a skipped write); ``add``/``incr`` fail closed.

    A call gives up quickly: redis-py would otherwise retry three times with growing pauses
    (about 3 s per call to a stopped Redis, many calls per page). One immediate retry is kept:
    it replaces a pooled connection that a Redis restart has closed. ``OPTIONS`` may override.
    """

    def __init__(self, server, params):
        options = {**params.get("OPTIONS", {})}
        options.setdefault("retry", Retry(NoBackoff(), 1))
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 2)
        super().__init__(server, {**params, "OPTIONS": options})

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE_ERRORS as error:
            _missed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE_ERRORS as error:
            _missed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE_ERRORS as error:
            _missed("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            _missed("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE_ERRORS as error:
            _missed("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE_ERRORS as error:
            _missed("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE_ERRORS as error:
            _missed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except OUTAGE_ERRORS as error:
            _missed("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except OUTAGE_ERRORS as error:
            _missed("clear", error)
            return False

    # Counters and locks: a silent failure would open every limit, so these refuse.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            raise CacheUnavailable(str(error)) from error

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS as error:
            raise CacheUnavailable(str(error)) from error

    def counter_get(self, key, version=None):
        """``get`` for a limit's counter: ``CacheUnavailable`` instead of a miss."""
        try:
            return super().get(key, None, version)
        except OUTAGE_ERRORS as error:
            raise CacheUnavailable(str(error)) from error


def counter_get(key, cache=default_cache):
    """A limit's counter (None when unset); ``CacheUnavailable`` when Redis is down.

    Process memory (development, tests without ``REDIS_URL``) cannot be down: a plain ``get``.
    """
    strict = getattr(cache, "counter_get", None)
    return strict(key) if strict is not None else cache.get(key)
