"""
Production readiness: Django's deployment checks pass with production settings,
settings refuse to load without a secret key, and responses carry the security headers.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **overrides):
    """A clean environment as on a production server: no TESTING, DEBUG or DEMO_MODE."""
    env = {
        key: os.environ[key]
        for key in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")
        if key in os.environ
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "reglab.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(45)[:60],
            "ALLOWED_HOSTS": "reglab.example.se",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            # Required in production (reglab.core.checks); the check connects to nothing.
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_env_has_a_long_random_key(tmp_path):
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) == 60
    assert "TESTING" not in env and "DEMO_MODE" not in env


def test_deploy_check_passes(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_deploy_check_passes_behind_a_proxy_with_smtp(tmp_path):
    env = production_env(
        tmp_path,
        BEHIND_PROXY="1",
        CSRF_TRUSTED_ORIGINS="https://reglab.example.se",
        EMAIL_URL="smtp+tls://reglab:hemligt@mail.example.se:587",
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        OIDC_CLIENT_ID="klient",
        OIDC_CLIENT_SECRET="hemlighet",
    )
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_deploy_check_catches_debug(tmp_path):
    """The check is live: DEBUG on in a deploy is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path, DEBUG="1"),
    )

    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_settings_are_secure(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'ALLOWED_HOSTS']} | "
        "{'storage': s.STORAGES['staticfiles']['BACKEND'], "
        "'mail': s.MAILERS['default']['BACKEND']}))"
    )
    result = run(["-c", code], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["DEBUG"] is False
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000
    assert loaded["ALLOWED_HOSTS"] == ["reglab.example.se"]
    assert "Manifest" in loaded["storage"]
    assert not loaded["mail"].endswith(("console.EmailBackend", "locmem.EmailBackend"))


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_settings_refuse_to_load_without_secret_key(tmp_path, secret_key):
    env = production_env(tmp_path, SECRET_KEY=secret_key)

    result = run(["-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_manage_py_refuses_to_run_without_secret_key(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["core:home", "account_login", "organisations:list"])
def test_security_headers(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_csp_nonce_changes_per_response(client):
    first = client.get(reverse("core:home"))["Content-Security-Policy"]
    second = client.get(reverse("core:home"))["Content-Security-Policy"]

    assert "'nonce-" in first
    assert first != second


@pytest.mark.django_db
def test_not_found_page_has_headers_too(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_filemail_url_writes_each_message_as_a_file(tmp_path):
    """EMAIL_URL=filemail:///path keeps its path (it was dropped, and every mail failed)."""
    mail_dir = tmp_path / "mail"
    code = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Ämne', 'Text', None, ['kansli@reglab.se'])"
    )
    result = run(["-c", code], production_env(tmp_path, EMAIL_URL=f"filemail://{mail_dir}"))

    assert result.returncode == 0, result.stderr
    [message] = list(mail_dir.iterdir())
    assert "kansli@reglab.se" in message.read_text()


def test_the_example_environment_file_can_be_sourced_by_a_shell(tmp_path):
    """README's `set -a; . /etc/reglab/env; set +a` must read every line of env.example."""
    example = PROJECT_ROOT / "deploy" / "env.example"
    result = subprocess.run(  # noqa: S603
        ["bash", "-ec", f'set -a; . "{example}"; set +a; printf "%s" "$DEFAULT_FROM_EMAIL"'],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": os.environ["PATH"]},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Reglab <noreply@reglab.example.se>"
