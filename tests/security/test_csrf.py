"""CSRF: every unsafe route refuses a request without the token (403), no view is exempt
from the check, and no GET changes anything.

One concrete URL per route and method (tests/security/sweep.py, from the authorization
matrix's table), sent by a client that enforces CSRF as a browser's request would be checked:
signed in by session (the ambient authority a forged request would ride on) and anonymous.
Then every GET route is fetched by the person who plays the object's most involved role, and
every row of every table of the platform must be as it was.
"""

import ast
import logging
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.authz_world import build_world
from tests.security.sweep import UNSAFE, concrete_urls, production_settings, snapshot
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Views exempt from Django's CSRF check. The API's views are exempt from the middleware
# because django-ninja checks CSRF itself for session requests (reglab/api/api.py); the
# sweep below shows it does. Nothing else is.
EXEMPT: set[str] = set()
# API writes that take no session, so a forged request has no authority to ride on: a guest
# joins the live dialog with the meeting's code (auth=None; the answer is a bearer token the
# forging page cannot read), and a guest answers with that token in the Authorization header,
# which no other site can send (401 without it).
GUEST_JOIN = "POST /api/v1/live/{code}/participants"
TOKEN_ONLY = {
    "POST /api/v1/live/{code}/questions/{qid}/answers",
    "POST /api/v1/live/{code}/questions/{qid}/suggestions",
}
# The roles, most involved first, whose person fetches a route's object in the GET sweep.
INVOLVED = ("owner", "leader", "participant", "coordinator", "other", "office", "superuser")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_setup(django_db_blocker, tmp_path_factory):
        everyone, subjects = build_world()
        yield everyone, subjects


@pytest.fixture(autouse=True)
def _refusals_unlogged():
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


# As a browser sends them from a page of the platform: a refusal is then the missing token's,
# not the Referer check's (which Django makes on HTTPS first).
SAME_ORIGIN = {"Origin": "https://testserver", "Referer": "https://testserver/"}


def _send(client, method, url):
    send = getattr(client, method.lower())
    if url.startswith("/api/"):
        return send(url, "{}", content_type="application/json", secure=True, headers=SAME_ORIGIN)
    return send(url, {}, secure=True, headers=SAME_ORIGIN)


def test_every_unsafe_route_without_a_token_is_refused(world):
    everyone, subjects = world
    urls = concrete_urls(subjects, UNSAFE)
    assert len(urls) > 150
    assert {GUEST_JOIN, *TOKEN_ONLY} <= {route for route, _method in urls}
    wrong = []
    with production_settings():
        signed_in = Client(enforce_csrf_checks=True, raise_request_exception=False)
        signed_in.force_login(everyone["superuser"])
        anonymous = Client(enforce_csrf_checks=True, raise_request_exception=False)
        before = snapshot()
        for (route, method), (url, _cast) in urls.items():
            if route == GUEST_JOIN:
                continue
            status = _send(signed_in, method, url).status_code
            if status != (401 if route in TOKEN_ONLY else 403):
                wrong.append(f"signed in: {method} {route} {url}: {status}")
            status = _send(anonymous, method, url).status_code
            # The API answers an anonymous write 401 before it asks for a token: no session,
            # nothing to forge. Every page refuses it for the missing token.
            refused = (401, 403) if url.startswith("/api/") else (403,)
            if status not in refused:
                wrong.append(f"anonymous: {method} {route} {url}: {status}")
        after = snapshot()
    assert wrong == [], "\n".join(wrong)
    assert sorted(table for table in before if before[table] != after[table]) == []


def test_a_request_with_the_token_passes_the_check(world):
    """The refusals above are the token's doing: the same client with it gets past the check."""
    everyone, _ = world
    with production_settings():
        client = Client(enforce_csrf_checks=True)
        client.force_login(everyone["superuser"])
        client.get("/", secure=True)
        from django.conf import settings

        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        refused = client.post(
            "/i18n/setlang/", {"language": "sv"}, secure=True, headers=SAME_ORIGIN
        )
        passed = client.post(
            "/i18n/setlang/",
            {"language": "sv", "csrfmiddlewaretoken": token},
            secure=True,
            headers=SAME_ORIGIN,
        )
    assert refused.status_code == 403
    assert passed.status_code == 302


def _callbacks(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_view_is_exempt_from_the_check():
    exempt = {
        pattern
        for pattern, callback in _callbacks(get_resolver())
        if getattr(callback, "csrf_exempt", False) and not pattern.startswith("api/v1/")
    }
    assert exempt == EXEMPT
    # Nor does the code mark any (a view mounted later would be caught here first).
    marked = []
    for path in sorted((PROJECT_ROOT / "reglab").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name | ast.Attribute) and "csrf_exempt" in ast.unparse(node):
                marked.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert marked == []


def test_the_api_checks_csrf_for_session_requests():
    """django-ninja's own check is on: the API is exempt from the middleware only for it."""
    from reglab.api.api import api

    exempt = [
        f"{operation.methods} {path}"
        for _prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        if operation.csrf_exempt
    ]
    assert exempt == []
    assert sum(len(view.operations) for _, r in api._routers for view in r.path_operations.values())


def test_no_get_changes_anything(world):
    everyone, subjects = world
    urls = concrete_urls(subjects, ("GET",))
    clients = {}
    with production_settings():
        asked = []
        for url, cast in urls.values():
            role = next((role for role in INVOLVED if cast.get(role) is not None), "superuser")
            person = cast.get(role) or everyone["superuser"]
            if person.pk not in clients:
                # Signed in before the snapshot: signing in records the time (last_login).
                clients[person.pk] = Client(raise_request_exception=False)
                clients[person.pk].force_login(person)
            asked.append((clients[person.pk], url))
        before = snapshot()
        for client, url in asked:
            client.get(url, secure=True)
        after = snapshot()
    changed = sorted(table for table in before if before[table] != after[table])
    assert changed == []
