"""Saved pages: the busiest read-only pages are kept whole, ready to send.

Rendering a board or a provrum page with Django's templates costs 20–30 ms of CPU
however lean its queries are; sending a saved copy costs about a millisecond. A
page is saved per

- address (path and query string), host and scheme,
- language,
- viewer: nobody, or one person (signed in or through an API token) – a page is
  never shared between two people, whose rights may differ,
- htmx request headers (a fragment is not the page),
- day (pages that say "today" or count days), and
- data version: a number that changes with every write to the platform's tables.

Any write makes every saved page old at once: honest and simple, and writes are
rare beside reads. Writes are noticed where they happen, in SQL (see
``watch_writes``), so ``QuerySet.update()``, ``bulk_create`` and raw SQL count
as much as ``save()``. The version is read once per request (one small query).

Per-request parts stay per request: the CSRF token and the CSP nonce are
placeholders in the saved body, filled when it is sent. A page is not saved when
it is not a 200, sets a cookie, changes the session, carries messages, or used a
real token or nonce; and none is served while a message waits to be shown.

The body is kept gzip-compressed as well, in pieces that end on a full flush: a
placeholder's value goes in between as a stored (uncompressed) block, so a page
is compressed once when saved, never per request, and the per-request token is
never compressed together with text from the request (see
``reglab.core.compression`` on BREACH).

Settings: PAGE_CACHE (on by default), PAGE_CACHE_SECONDS (how long a saved page
may live at most, for the relative times it shows), and the ``pages`` cache
(Redis when REDIS_URL is set, else local memory of BLOCK_CACHE_ENTRIES pages).
"""

import hashlib
import re
import secrets
import struct
import zlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.csp import generate_nonce

from reglab.core.api_tokens import token_actor
from reglab.core.compression import UNCOMPRESSED_PREFIXES

# The named GET pages that are saved (URL names as ``namespace:name``).
PAGES = frozenset(
    {
        "core:home",
        "provrum:board",
        "provrum:detail",
        "provrum:discussion",
        "provrum:history",
        "provrum:queue",
        "organisations:detail",
        "evaluation:dashboard",
        "results:index",
        "results:feed",
        "notifications:list",
        "api:list_provrum",
        "api:list_results",
        "api:list_organisations",
    }
)

# Letters and digits only, so that escaping leaves them as they are.
CSRF_PLACEHOLDER = "rglbPageCsrf9f3c1e"
NONCE_PLACEHOLDER = "rglbPageNonce7a21d4"
_PLACEHOLDERS = re.compile(rb"(rglbPageCsrf9f3c1e|rglbPageNonce7a21d4)")
# Response headers the view set that are not kept: they are set anew per request.
_DROPPED_HEADERS = frozenset({"content-length", "content-encoding", "set-cookie"})
_HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger", "HX-Trigger-Name")

# Writes to these tables do not change what a saved page shows: sessions, throttling
# records, queued tasks, an API token's "last used", and the version itself.
_IGNORED_TABLES = (
    "django_session",
    "axes_",
    "django_tasks_database_",
    "api_apitoken",
    "core_dataversion",
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?([\w.]+)', re.I)


def is_on() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


# The data version ---------------------------------------------------------------------


def _bump(wrapper):
    """Take a new version number on ``wrapper``'s connection, without logging a query."""
    cursor = wrapper.connection.cursor()
    try:
        if wrapper.vendor == "postgresql":
            cursor.execute("SELECT nextval('core_data_version_seq')")
        else:
            # SQLite lets one transaction write at a time, so this row makes nobody wait.
            cursor.execute(
                "INSERT INTO core_dataversion (id, version) VALUES (1, 1) "
                "ON CONFLICT (id) DO UPDATE SET version = core_dataversion.version + 1"
            )
    finally:
        cursor.close()


def _bump_after_commit(alias):
    def bump():
        wrapper = connections[alias]
        wrapper.ensure_connection()
        _bump(wrapper)

    return bump


# While migrations run, the version's own table or sequence may not exist yet; the
# version moves once they are done instead (a new release may render pages anew).
_paused = False


def migrations_begin(sender, **kwargs):
    """``pre_migrate`` receiver."""
    global _paused
    _paused = True


def migrations_done(sender, using="default", **kwargs):
    """``post_migrate`` receiver (sent per app; the core app's turn is enough)."""
    global _paused
    if sender.label != "core":
        return
    _paused = False
    wrapper = connections[using]
    wrapper.ensure_connection()
    _bump(wrapper)


def settings_changed(**kwargs):
    """``setting_changed`` receiver: pages made under other settings (tests change them,
    a running server never does) are not sent again."""
    caches["pages"].clear()


def _changes_data(sql) -> bool:
    if _paused or not isinstance(sql, str):
        return False
    match = _WRITE.match(sql)
    return match is not None and not match.group(1).lower().startswith(_IGNORED_TABLES)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _changes_data(sql):
        wrapper = context["connection"]
        _bump(wrapper)
        if wrapper.vendor == "postgresql" and wrapper.in_atomic_block:
            # The sequence moves at once, before this transaction commits: a page made
            # in between would show the old data under the new number. Moving it once
            # more after the commit makes such a page old too.
            if not any(
                getattr(func, "page_version_bump", False) for _, func, _ in wrapper.run_on_commit
            ):
                bump = _bump_after_commit(wrapper.alias)
                bump.page_version_bump = True
                transaction.on_commit(bump, using=wrapper.alias, robust=True)
    return result


def watch_writes(sender, connection, **kwargs):
    """``connection_created`` receiver: every write on the connection moves the version."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def data_version(using: str = "default") -> str:
    """The current data version (one query)."""
    wrapper = connections[using]
    with wrapper.cursor() as cursor:
        if wrapper.vendor == "postgresql":
            cursor.execute("SELECT last_value, is_called FROM core_data_version_seq")
            value, called = cursor.fetchone()
            return f"{value}{'' if called else '-'}"
        cursor.execute("SELECT version FROM core_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else "0"


# Saved bodies --------------------------------------------------------------------------

_FINAL_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -15).flush()  # an empty last block


def _stored_block(data: bytes) -> bytes:
    """``data`` as uncompressed deflate blocks (each holds at most 65,535 bytes)."""
    out = []
    for start in range(0, len(data), 65535):
        chunk = data[start : start + 65535]
        out.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


# The length of each placeholder's value: the compressed pieces around it are made for
# exactly this many bytes in between (see SavedPage).
_VALUE_LENGTHS = {CSRF_PLACEHOLDER: CSRF_TOKEN_LENGTH, NONCE_PLACEHOLDER: len(generate_nonce())}


class SavedPage:
    """A page's body in pieces: bytes, and placeholder names between them.

    Each piece is compressed on its own, ending on a flush, and may refer back to the
    pieces before it: its compressor starts with the preceding text as its dictionary,
    where every placeholder stands as NUL bytes of its value's length. No piece can
    match a NUL (pages hold none), so the distances agree with the body as sent, and
    the value itself goes in as an uncompressed block.
    """

    def __init__(self, body: bytes, headers: dict):
        self.headers = headers
        self.parts = [
            part.decode() if index % 2 else part
            for index, part in enumerate(_PLACEHOLDERS.split(body))
        ]
        self.deflated = []
        window = b""
        for part in self.parts:
            if isinstance(part, str):
                self.deflated.append(b"")
                window += b"\x00" * _VALUE_LENGTHS[part]
                continue
            if window:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=window[-32768:])
            else:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.deflated.append(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH))
            window = (window + part)[-32768:]

    def response(self, request) -> HttpResponse:
        values = _values(request, self.parts)
        body = b"".join(values[p] if isinstance(p, str) else p for p in self.parts)
        response = HttpResponse(headers=self.headers)
        patch_vary_headers(response, ("Accept-Encoding",))
        fits = all(len(value) == _VALUE_LENGTHS[name] for name, value in values.items())
        if fits and re_accepts_gzip.search(request.headers.get("accept-encoding", "")):
            # As Django's GZipMiddleware: up to 100 random bytes in the header's name field.
            name = b"a" * secrets.randbelow(100)
            pieces = [b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff", name, b"\x00"]
            for part, deflated in zip(self.parts, self.deflated, strict=True):
                pieces.append(_stored_block(values[part]) if isinstance(part, str) else deflated)
            pieces += [_FINAL_BLOCK, struct.pack("<LL", zlib.crc32(body), len(body) & 0xFFFFFFFF)]
            response.content = b"".join(pieces)
            response.headers["Content-Encoding"] = "gzip"
        else:
            # CompressionMiddleware compresses it, if the client asks.
            response.content = body
        return response


def _values(request, parts) -> dict[str, bytes]:
    """This request's CSRF token and nonce, for the placeholders among ``parts``."""
    values = {}
    if CSRF_PLACEHOLDER in parts:
        values[CSRF_PLACEHOLDER] = get_token(request).encode()
    if NONCE_PLACEHOLDER in parts:
        values[NONCE_PLACEHOLDER] = str(request._csp_nonce).encode()
    return values


def _filled(request, body: bytes) -> bytes:
    parts = [part.decode() if i % 2 else part for i, part in enumerate(_PLACEHOLDERS.split(body))]
    values = _values(request, parts)
    return b"".join(values[p] if isinstance(p, str) else p for p in parts)


# The middleware -------------------------------------------------------------------------


def placeholders(request):
    """Context processor: while a page is made for saving, tokens are placeholders."""
    if getattr(request, "_page_cache_key", None):
        return {"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": NONCE_PLACEHOLDER}
    return {}


def _pages_cache():
    return caches["pages"]


def _viewer(request) -> str | None:
    """Whose page this is: "-" for nobody, "u<id>" for a person; None: do not save."""
    match = request.resolver_match
    if "api" in match.namespaces and request.headers.get("Authorization"):
        scheme, _, raw = request.headers["Authorization"].partition(" ")
        try:
            person = token_actor(raw.strip()) if scheme.lower() == "bearer" else None
        except PermissionDenied:
            person = None  # no second factor yet
        if person is None:
            return None  # the API answers this itself
        request.user = person
        return f"u{person.pk}"
    user = request.user
    return f"u{user.pk}" if user.is_authenticated else "-"


def _waiting_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _key(request, viewer: str) -> str:
    parts = [
        data_version(),
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        getattr(request, "LANGUAGE_CODE", ""),
        viewer,
        request.get_full_path(),
        *(request.headers.get(name, "") for name in _HTMX_HEADERS),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PageCacheMiddleware:
    """Serves the pages in ``PAGES`` from their saved copies, and saves them when made.

    Last in the middleware list: every access check in middleware (the second factor,
    the input guard) has run before a saved page is sent, and the view itself checks
    the object, as it did when the page was saved for this same person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and not getattr(response, "_page_cache_served", False):
            response = self._save(request, response, key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method != "GET"
            or not is_on()
            or match is None
            or match.view_name not in PAGES
            or request.path.startswith(UNCOMPRESSED_PREFIXES)
            or _waiting_messages(request)
        ):
            return None
        viewer = _viewer(request)
        if viewer is None:
            return None
        key = _key(request, viewer)
        saved = _pages_cache().get(key)
        if saved is not None:
            response = saved.response(request)
            response._page_cache_served = True
            return response
        request._page_cache_key = key
        request._page_cache_csrf_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        return None

    def _save(self, request, response, key):
        storage = getattr(request, "_messages", None)
        session = getattr(request, "session", None)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Content-Encoding")
            or "no-store" in response.get("Cache-Control", "")
            or (session is not None and session.modified)
            or (storage is not None and len(storage) > 0)
            # A real token or nonce went into the body: it must not reach anybody else.
            or (
                request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
                and not request._page_cache_csrf_before
            )
            or getattr(request, "_csp_nonce", None)
        ):
            # Not saved; the placeholders in the body are filled for this request alone.
            if not response.streaming and _PLACEHOLDERS.search(response.content):
                response.content = _filled(request, response.content)
            return response
        saved = SavedPage(response.content, _kept(response))
        _pages_cache().set(key, saved, getattr(settings, "PAGE_CACHE_SECONDS", 300))
        return saved.response(request)


def _kept(response) -> dict:
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in _DROPPED_HEADERS
    }
