"""ASVS rows 30–34: CSRF, security headers, proxy headers, redirects, and what URLs and caches
may hold. The sweeps over every URL are in tests/security/test_header_sweep.py and
tests/security/test_csrf.py; these are the rows' own checks, in production settings
(tests/security/sweep.py) where headers and cookies depend on them."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from reglab.core.client_ip import client_ip
from tests.conftest import PASSWORD
from tests.security.authz_routes import all_routes
from tests.security.sweep import production_settings, production_values

SAME_ORIGIN = {"Origin": "https://testserver", "Referer": "https://testserver/"}


# Row 30 ---------------------------------------------------------------------------


@pytest.mark.asvs("V3.5.1", row=30)
@pytest.mark.django_db
def test_a_signed_in_form_post_and_api_write_need_the_token(member_rep):
    with production_settings():
        client = Client(enforce_csrf_checks=True)
        client.force_login(member_rep)
        page = client.post(reverse("notifications:settings"), {}, secure=True, headers=SAME_ORIGIN)
        api = client.post(
            "/api/v1/provrum", "{}", content_type="application/json", secure=True,
            headers=SAME_ORIGIN,
        )  # fmt: skip
        htmx = client.post(
            reverse("notifications:settings"),
            {},
            secure=True,
            headers={**SAME_ORIGIN, "HX-Request": "true"},
        )
    assert page.status_code == 403
    assert htmx.status_code == 403
    assert api.status_code == 403
    assert api.json()["code"] == "not_allowed"


@pytest.mark.asvs("V3.5.1", row=30)
def test_the_csrf_middleware_is_on_and_strict():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    values = production_values()
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"


# Row 31 ---------------------------------------------------------------------------


@pytest.mark.asvs("V3.4.1", row=31)
@pytest.mark.django_db
def test_production_pages_carry_hsts_csp_nosniff_and_referrer_policy(client):
    with production_settings():
        response = client.get(reverse("core:home"), secure=True)
    assert response.status_code == 200
    hsts = [part.strip().lower() for part in response["Strict-Transport-Security"].split(";")]
    assert int(hsts[0].removeprefix("max-age=")) >= 365 * 24 * 3600
    assert "includesubdomains" in hsts
    csp = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert csp["script-src"][0] == "'self'"
    assert all(source == "'self'" or source.startswith("'nonce-") for source in csp["script-src"])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Row 32 ---------------------------------------------------------------------------


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", **meta)


@pytest.mark.asvs("V4.1.3", row=32)
def test_a_spoofed_forwarded_for_is_ignored():
    spoofed = _request(HTTP_X_FORWARDED_FOR="10.0.0.1", HTTP_X_REAL_IP="10.0.0.2")
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(spoofed) == "203.0.113.7"
    # Behind one proxy: the address the proxy appended, never one the client wrote before it.
    behind = _request(HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4")
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(behind) == "198.51.100.4"
        # A header the proxy did not write (none at all): the proxy's own address.
        assert client_ip(_request()) == "203.0.113.7"


@pytest.mark.asvs("V4.1.3", row=32)
@pytest.mark.django_db
def test_spoofed_forwarded_host_and_proto_are_ignored(client):
    with production_settings():
        assert not settings.USE_X_FORWARDED_HOST
        assert not settings.USE_X_FORWARDED_PORT
        # Without BEHIND_PROXY no header makes a plain-HTTP request count as HTTPS.
        assert production_values().get("SECURE_PROXY_SSL_HEADER") in (None, "None")
        response = client.get(
            "/",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
        )
    assert response.status_code == 301
    assert urlsplit(response["Location"]).netloc == "testserver"


# Row 33 ---------------------------------------------------------------------------

ELSEWHERE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]


@pytest.mark.asvs("V3.7.2", row=33)
@pytest.mark.parametrize("target", ELSEWHERE)
@pytest.mark.django_db
def test_next_to_another_host_is_refused_after_signing_in(client, member_rep, target):
    response = client.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert urlsplit(location).netloc in ("", "testserver"), location
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "_auth_user_id" in client.session


@pytest.mark.asvs("V3.7.2", row=33)
@pytest.mark.parametrize("target", ELSEWHERE)
@pytest.mark.django_db
def test_next_to_another_host_is_refused_by_the_language_switch_and_sign_out(
    client, member_rep, target
):
    language = client.post("/i18n/setlang/", {"language": "sv", "next": target})
    client.force_login(member_rep)
    signed_out = client.post(reverse("account_logout"), {"next": target})
    for response in (language, signed_out):
        assert response.status_code == 302
        assert urlsplit(response["Location"]).netloc in ("", "testserver")
        assert not response["Location"].startswith(("//", "/\\"))


# Row 34 ---------------------------------------------------------------------------

# URLs that are themselves the key, because they are followed from where no session or header
# can go: an e-mailed link, a calendar subscription, a screen in a meeting room. Each is long
# and random, single-purpose and revocable or short-lived; Referrer-Policy: same-origin
# keeps them from other sites.
CAPABILITY_URLS = {
    "account_confirm_email",  # allauth: the link in the confirmation e-mail
    "account_reset_password_from_key",  # allauth: the link in the reset e-mail
    "provrum:calendar_feed",  # a calendar program's subscription (revocable)
    "meetings:registration",  # a guest's link to their registration
    "live:screen",  # the meeting room's screen
    "live:screen_results",
}
SECRET_WORDS = ("token", "key", "secret", "password", "email", "epost", "personnummer", "uidb")


@pytest.mark.asvs("V14.2.1", row=34)
def test_no_secret_or_personal_data_in_urls_but_the_capability_links():
    carrying = {
        route
        for route, (pattern, params) in all_routes().items()
        if any(word in name.lower() for name in params for word in SECRET_WORDS)
    }
    assert carrying == CAPABILITY_URLS
    assert production_values()["SECURE_REFERRER_POLICY"] in ("same-origin", "no-referrer")


@pytest.mark.asvs("V14.2.1", row=34)
@pytest.mark.django_db
def test_signed_in_answers_are_not_stored_in_caches(client, member_rep):
    anonymous = client.get(reverse("core:home"))
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(member_rep)
    for url in (reverse("core:home"), reverse("accounts:profile"), "/finns-inte/"):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url
        assert "private" in response["Cache-Control"]


@pytest.mark.asvs("V14.2.1", row=34)
@pytest.mark.django_db
def test_the_sign_in_form_sends_the_address_in_the_body_not_the_url(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'method="post"' in page
    assert "?email=" not in page and "?login=" not in page
