"""
Sign-in through OpenID Connect (for Microsoft Entra ID), against a fake provider.

There is no internet here, so a tiny provider runs on 127.0.0.1 in a thread: it
serves the discovery document, a token endpoint and a userinfo endpoint.
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.urls import reverse

from reglab.accounts.models import User

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "reglab-test-client"
CLIENT_SECRET = "hemlig-klient-nyckel"  # noqa: S105


class FakeProvider:
    """State shared between the test and the provider's request handler."""

    def __init__(self):
        self.server = None
        self.token_requests = []
        self.userinfo = {
            "sub": "entra-subject-123",
            "email": "maja.entra@example.se",
            "email_verified": True,
            "name": "Maja Entra",
        }

    @property
    def base_url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def issuer(self):
        return f"{self.base_url}/tenant/v2.0"

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base_url}/oauth2/v2.0/authorize",
            "token_endpoint": f"{self.base_url}/oauth2/v2.0/token",
            "userinfo_endpoint": f"{self.base_url}/oidc/userinfo",
            "jwks_uri": f"{self.base_url}/discovery/v2.0/keys",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            **self.userinfo,
        }
        # allauth does not check the signature of an ID token it fetched itself
        # over a direct back-channel (OIDC Core 3.1.3.7), so any key will do.
        return jwt.encode(claims, "test-signing-key-that-is-long-enough!", algorithm="HS256")


def _handler_for(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, payload, status=200):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            path = urlsplit(self.path).path
            if path == "/tenant/v2.0/.well-known/openid-configuration":
                self._json(provider.discovery())
            elif path == "/oidc/userinfo":
                if self.headers.get("Authorization") != "Bearer fake-access-token":
                    self._json({"error": "invalid_token"}, status=401)
                else:
                    self._json(provider.userinfo)
            elif path == "/discovery/v2.0/keys":
                self._json({"keys": []})
            else:
                self._json({"error": "not_found"}, status=404)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path != "/oauth2/v2.0/token":
                self._json({"error": "not_found"}, status=404)
                return
            provider.token_requests.append(form)
            self._json(
                {
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "access_token": "fake-access-token",
                    "id_token": provider.id_token(),
                }
            )

    return Handler


@pytest.fixture
def fake_oidc():
    provider = FakeProvider()
    provider.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(provider))
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    yield provider
    provider.server.shutdown()
    provider.server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def entra(settings, fake_oidc):
    """The provider configured as settings.py does from OIDC_* variables."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "entra",
                    "name": "Microsoft Entra ID",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": fake_oidc.issuer,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        }
    }
    return fake_oidc


def _start_login(client):
    return client.post(reverse("openid_connect_login", kwargs={"provider_id": "entra"}))


@pytest.mark.django_db
def test_login_url_is_the_documented_one():
    assert reverse("openid_connect_login", kwargs={"provider_id": "entra"}) == (
        "/accounts/oidc/entra/login/"
    )


@pytest.mark.django_db
def test_login_redirects_to_the_authorization_endpoint(client, entra):
    response = _start_login(client)

    assert response.status_code == 302
    location = urlsplit(response.url)
    assert (
        f"{location.scheme}://{location.netloc}{location.path}"
        == (entra.discovery()["authorization_endpoint"])
    )
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver/accounts/oidc/entra/login/callback/"
    assert set(query["scope"].split()) >= {"openid", "email", "profile"}
    assert len(query["state"]) >= 12
    # PKCE: an S256 challenge, never the verifier itself.
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert "code_verifier" not in query


@pytest.mark.django_db
def test_login_page_offers_the_provider(client, entra):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert 'action="/accounts/oidc/entra/login/?process=login"' in html
    assert "Microsoft Entra ID" in html


@pytest.mark.django_db
def test_login_is_not_started_by_a_get(client, entra):
    # SOCIALACCOUNT_LOGIN_ON_GET is off: a GET only shows a confirmation page.
    response = client.get(reverse("openid_connect_login", kwargs={"provider_id": "entra"}))

    assert response.status_code == 200
    assert not entra.token_requests


@pytest.mark.django_db
def test_unknown_provider_id_is_not_found(client, entra):
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "okand"}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_callback_signs_in_a_new_person(client, entra):
    start = _start_login(client)
    query = {k: v[0] for k, v in parse_qs(urlsplit(start.url).query).items()}

    # The provider sends the browser back with a code and the same state.
    response = client.get(
        reverse("openid_connect_callback", kwargs={"provider_id": "entra"}),
        {"code": "fake-authorisation-code", "state": query["state"]},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    # The back-channel token request carried the secret and the PKCE verifier.
    assert len(entra.token_requests) == 1
    token_request = entra.token_requests[0]
    assert token_request["client_id"] == CLIENT_ID
    assert token_request["client_secret"] == CLIENT_SECRET
    assert token_request["code"] == "fake-authorisation-code"
    verifier = token_request["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert challenge.decode() == query["code_challenge"]

    person = User.objects.get(email="maja.entra@example.se")
    assert client.session["_auth_user_id"] == str(person.pk)
    assert person.socialaccount_set.get().uid == "entra-subject-123"


@pytest.mark.django_db
def test_callback_with_a_forged_state_is_refused(client, entra):
    _start_login(client)

    response = client.get(
        reverse("openid_connect_callback", kwargs={"provider_id": "entra"}),
        {"code": "fake-authorisation-code", "state": "forged-state"},
    )

    assert "_auth_user_id" not in client.session
    assert not entra.token_requests
    # allauth's authentication error page.
    assert response.status_code == 401


def _settings_in_subprocess(extra_env):
    """settings.SOCIALACCOUNT_PROVIDERS and SECURE_CSP as a fresh process loads them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update({"DJANGO_SETTINGS_MODULE": "reglab.settings", "TESTING": "1", **extra_env})
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'providers': settings.SOCIALACCOUNT_PROVIDERS, "
        "'form_action': settings.SECURE_CSP['form-action']}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_configure_the_provider_from_the_environment():
    loaded = _settings_in_subprocess(
        {
            "OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant-id/v2.0",
            "OIDC_CLIENT_ID": "klient-id",
            "OIDC_CLIENT_SECRET": "klient-hemlighet",
        }
    )

    config = loaded["providers"]["openid_connect"]
    assert config["OAUTH_PKCE_ENABLED"] is True
    [app] = config["APPS"]
    assert app["provider_id"] == "entra"
    assert app["client_id"] == "klient-id"
    assert app["secret"] == "klient-hemlighet"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    # The browser may post the sign-in form on to the provider.
    assert "https://login.microsoftonline.com" in loaded["form_action"]


def test_provider_id_can_be_changed():
    loaded = _settings_in_subprocess(
        {
            "OIDC_SERVER_URL": "https://idp.example.se",
            "OIDC_CLIENT_ID": "klient-id",
            "OIDC_CLIENT_SECRET": "klient-hemlighet",
            "OIDC_PROVIDER_ID": "region",
        }
    )

    assert loaded["providers"]["openid_connect"]["APPS"][0]["provider_id"] == "region"


def test_no_provider_without_a_server_url():
    loaded = _settings_in_subprocess({})

    assert loaded["providers"] == {}
    assert loaded["form_action"] == ["'self'"]
