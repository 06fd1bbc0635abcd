"""Asking one cell of the matrix: one role, one route, one object in one state.

An outcome is one character:

====  ==========================================================================
2     200 (or 201/204)
3     a redirect elsewhere than to a sign-in page
L     a redirect to the sign-in page (``/accounts/login/?next=``)
M     a redirect to the admin's sign-in page
1     401      4  403      N  404      X  405      R  429
V     400, 409 or 422: refused for what was sent, after the permission check
A     (expected only) accepted: 2, 3 or V – the role is not refused
U     (expected only) 2 for an API write whose change the row counts cannot show: an
      update in place, or a repeat of what is already so (an approved plan approved);
      an API write expected as 2 must change the row count of some table
C     (WebSocket) connected
====  ==========================================================================

Every write is sent inside a transaction that is rolled back, so no cell changes
what the next one sees; a role that must be refused must also leave every table
as it was (``fingerprint``), which is checked before the rollback.
"""

import json
import re
import threading

from asgiref.sync import async_to_sync
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.security.authz_bodies import Form

ACCEPTED = {"2", "3", "V"}
REFUSED = {"L", "M", "1", "4", "N", "X"}
READ = {"GET", "HEAD"}


class Clients:
    """One test client per person, signed in once (``force_login``: the sign-in itself is
    tested elsewhere); the anonymous client, and the guest holding a join code."""

    def __init__(self, everyone, subjects):
        self._by_person = {}
        self.anonymous = Client(raise_request_exception=False)
        self.joincode = Client(raise_request_exception=False)
        self.joincode.cookies["reglab_delta"] = everyone["joincode_token"]
        # Signed in now, in the shared set-up: a session made inside a test would be
        # rolled back with it.
        for states in subjects.values():
            for subject in states.values():
                for role, person in subject.cast.items():
                    if person is not None:
                        self.for_role(role, person)

    def for_role(self, role, person):
        if role in ("anonymous", "joincode"):
            return getattr(self, role)
        if person.pk not in self._by_person:
            client = Client(raise_request_exception=False)
            client.force_login(person)
            self._by_person[person.pk] = client
        return self._by_person[person.pk]


def outcome(response) -> str:
    status = response.status_code
    if status in (200, 201, 204):
        return "2"
    if 300 <= status < 400:
        location = response.get("Location", "")
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return "L"
        if location.startswith("/admin/login/"):
            return "M"
        return "3"
    return {401: "1", 403: "4", 404: "N", 405: "X", 429: "R"}.get(
        status, "V" if status in (400, 409, 422) else str(status)
    )


def matches(expected: str, observed: str) -> bool:
    if expected == "U":
        return observed == "2"
    return observed in ACCEPTED if expected == "A" else observed == expected


def _tables():
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model.__module__.startswith("reglab.") or model._meta.app_label in ("account", "mfa"):
            names.add(model._meta.db_table)
    return sorted(names)


_FINGERPRINT_SQL = None


def fingerprint() -> tuple:
    """The number of rows of every table of the platform (history tables included, so an
    update shows too), in one query."""
    global _FINGERPRINT_SQL
    if _FINGERPRINT_SQL is None:
        quote = connection.ops.quote_name
        # Table names from the models, quoted: nothing from outside.
        count = "(SELECT COUNT(*) FROM {})"  # noqa: S608
        counts = ", ".join(count.format(quote(name)) for name in _tables())
        _FINGERPRINT_SQL = "SELECT " + counts
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL)
        return cursor.fetchone()


def url_of(key, route, params, aliases):
    pattern, names = route
    kwargs = {name: params[aliases.get(name, name)] for name in names}
    if key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "WS ")):
        return pattern.format(**kwargs) if "{" in pattern else _ws_path(pattern, kwargs)
    if "/" not in key:
        if any(name.startswith("arg") for name in names):
            return reverse(key, args=[kwargs[name] for name in names])
        return reverse(key, kwargs=kwargs)
    return _ws_path(pattern, kwargs)


def _ws_path(pattern, kwargs):
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), pattern)
    path = path.replace("^", "").replace("$", "")
    for name, value in kwargs.items():
        for converter in ("int", "str", "path"):
            path = path.replace(f"<{converter}:{name}>", str(value))
    return path


def _send(client, method, url, body):
    if url.startswith("/api/"):
        if method in READ:
            return client.get(url)
        send = getattr(client, method.lower())
        if body is None:
            return send(url)
        if isinstance(body, Form):
            return send(url, body.encoded())
        return send(url, json.dumps(body), content_type="application/json")
    if method in READ:
        return client.get(url)
    return client.post(url, {})


def ask(client, method, url, body=None) -> tuple[str, bool]:
    """(outcome, whether any table changed), the request rolled back either way; ``body`` is
    an API write's (tests/security/authz_bodies.py)."""
    if method in READ:
        return outcome(_send(client, method, url, None)), False
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    caches["default"].clear()  # the per-person write limits start afresh for each cell
    with transaction.atomic():
        before = fingerprint()
        observed = outcome(_send(client, method, url, body))
        changed = fingerprint() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    return observed, changed


def ask_socket(client, url) -> str:
    """Connect to the WebSocket as the client's session; 'C' or the close code's outcome."""
    from channels.testing import WebsocketCommunicator

    from reglab.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie.value}".encode()))

    async def connect():
        socket = WebsocketCommunicator(application, url, headers=headers)
        connected, code = await socket.connect()
        if connected:
            await socket.receive_json_from()
            await socket.disconnect()
            return "C"
        return {4403: "4", 4404: "N"}.get(code, str(code))

    return _beside_the_test(async_to_sync(connect))


def _beside_the_test(call):
    """``call()`` in a thread of its own that uses the test's database connection.

    The consumer's database work (``database_sync_to_async``) runs in the thread that
    called ``async_to_sync``, on that thread's connection, which must be the test's: only
    it sees the world, built inside a transaction that is never committed, and on SQLite
    another connection to the in-memory database finds its tables locked by that
    transaction. In the test's own thread that is so only while no event loop is
    registered there; a browser test earlier in the process leaves Playwright's loop
    registered, and then ``async_to_sync`` refuses to run at all, and Django keeps the
    test's connection per async context rather than per thread. A fresh thread has no
    loop; it is handed the test's connection as Django's live server thread is, and the
    test waits for it, so the connection is never used by two threads at once.
    """
    test_connection = connections[DEFAULT_DB_ALIAS]
    result = {}

    def run():
        connections[DEFAULT_DB_ALIAS] = test_connection
        try:
            result["value"] = call()
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            result["error"] = error

    test_connection.inc_thread_sharing()
    try:
        thread = threading.Thread(target=run, name="matrix-websocket")
        thread.start()
        thread.join()
    finally:
        test_connection.dec_thread_sharing()
    if "error" in result:
        raise result["error"]
    return result["value"]
