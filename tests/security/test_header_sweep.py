"""The header sweep: every URL the platform answers, fetched signed in and not, in production
settings; every response carries the security headers and every cookie it sets is safe.

One concrete URL per route (tests/security/sweep.py, from the authorization matrix's table),
fetched by an anonymous visitor and by a superuser (who reaches the most pages, the admin
included); a redirect, a refusal and a 404 must carry the headers as a page does.
"""

import logging

import pytest
from django.test import Client

from tests.security.authz_world import build_world
from tests.security.sweep import concrete_urls, production_settings, production_values
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

HSTS_SECONDS = 31536000


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_setup(django_db_blocker, tmp_path_factory):
        everyone, subjects = build_world()
        yield everyone, subjects


@pytest.fixture(autouse=True)
def _refusals_unlogged():
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def header_faults(response) -> list[str]:
    """What a response lacks of the headers every answer must carry."""
    faults = []
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if not csp:
        faults.append("no Content-Security-Policy")
    elif "sandbox" not in directives:
        # A stored document is served with its own stricter policy (sandbox, default-src 'none').
        if "'self'" not in directives.get("script-src", []) or {
            "'unsafe-inline'",
            "'unsafe-eval'",
        } & set(directives.get("script-src", [])):
            faults.append(f"script-src {directives.get('script-src')}")
        if directives.get("object-src") != ["'none'"]:
            faults.append(f"object-src {directives.get('object-src')}")
        if directives.get("frame-ancestors") != ["'none'"]:
            faults.append(f"frame-ancestors {directives.get('frame-ancestors')}")
    hsts = response.get("Strict-Transport-Security", "")
    parts = dict(
        (part.strip().partition("=")[0].lower(), part.strip().partition("=")[2])
        for part in hsts.split(";")
    )
    if not parts.get("max-age", "").isdigit() or int(parts["max-age"]) < HSTS_SECONDS:
        faults.append(f"HSTS {hsts!r}")
    elif "includesubdomains" not in parts:
        faults.append(f"HSTS without includeSubDomains {hsts!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        faults.append("no nosniff")
    if response.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin"):
        faults.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        faults.append(f"Cross-Origin-Opener-Policy {response.get('Cross-Origin-Opener-Policy')!r}")
    return faults


def cookie_faults(response) -> list[str]:
    """A cookie that is not Secure, not SameSite, readable by script (but the CSRF token's,
    which Django documents as harmless), or a session or CSRF cookie without ``__Host-``."""
    values = production_values()
    faults = []
    for name, morsel in response.cookies.items():
        if morsel["max-age"] == 0 or morsel.value == "":
            continue  # a deletion
        if not morsel["secure"]:
            faults.append(f"{name} not Secure")
        if morsel["samesite"] not in ("Lax", "Strict"):
            faults.append(f"{name} SameSite={morsel['samesite']!r}")
        if name != values["CSRF_COOKIE_NAME"] and not morsel["httponly"]:
            faults.append(f"{name} not HttpOnly")
        if name in (values["SESSION_COOKIE_NAME"], values["CSRF_COOKIE_NAME"]) and not (
            name.startswith("__Host-") and morsel["path"] == "/" and not morsel["domain"]
        ):
            faults.append(f"{name} not a __Host- cookie")
    return faults


def sweep(client, urls) -> list[str]:
    faults = []
    for (route, _method), (url, _cast) in urls.items():
        response = client.get(url, secure=True)
        for fault in header_faults(response) + cookie_faults(response):
            faults.append(f"{route} {url} ({response.status_code}): {fault}")
    return faults


def test_every_url_has_the_headers_signed_in_and_not(world):
    everyone, subjects = world
    urls = concrete_urls(subjects, ("GET",))
    assert len(urls) > 300
    with production_settings():
        anonymous = Client(raise_request_exception=False)
        signed_in = Client(raise_request_exception=False)
        signed_in.force_login(everyone["superuser"])
        faults = sweep(anonymous, urls) + sweep(signed_in, urls)
    assert faults == []


def test_plain_http_is_sent_to_https(world):
    with production_settings():
        response = Client().get("/", secure=False)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_language_cookie_is_safe(world):
    with production_settings():
        client = Client()
        client.get("/", secure=True)
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
        assert response.status_code == 302
        assert "django_language" in response.cookies or any(
            "lang" in name for name in response.cookies
        )
        assert cookie_faults(response) == []


def test_the_checks_catch_a_missing_header_and_a_bad_cookie(world):
    """The sweep is live: a response without HSTS, or with an unsafe cookie, is reported."""
    with production_settings():
        response = Client().get("/", secure=True)
    assert header_faults(response) == []
    del response["Strict-Transport-Security"]
    response.set_cookie("spar", "1")
    assert "HSTS ''" in header_faults(response)
    assert {"spar not Secure", "spar not HttpOnly"} <= set(cookie_faults(response))
