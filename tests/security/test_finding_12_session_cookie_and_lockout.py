"""
Finding 12 (issue 10), two of its parts.

1. In production the session and CSRF cookies carry the ``__Host-`` prefix, so
   a browser accepts them only as Secure, for Path=/ and without a Domain: a
   neighbouring subdomain cannot plant or overwrite them. Checked by loading the
   settings as a production server does (a subprocess with SECURE on) and by
   the cookie a real response sets under those settings.

2. Anyone can make an account's password fail too often. What we chose:
   - the one-time code sent by e-mail keeps working while the password is
     locked, from the attacker's address too (a region's colleagues share one);
   - the lock is short: allauth's per-account limit counts 5 minutes, axes'
     per account and address lock lasts AXES_COOLOFF_TIME (15 minutes);
   - the office sees the attempts and lockouts in the admin (axes' records) and
     can lift a lock there.
"""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.test_deploy_check import PROJECT_ROOT, production_env
from tests.test_signin_code import code_from

WRONG = "fel-losenord-som-gissas"
ATTACKER_IP = "198.51.100.66"
VICTIM_IP = "203.0.113.20"


# --- 1. cookies ------------------------------------------------------------------------


def production_settings(tmp_path, **overrides):
    script = (
        "import json, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "names = ['SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE',\n"
        "         'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_PATH', 'CSRF_COOKIE_PATH',\n"
        "         'SESSION_COOKIE_DOMAIN', 'CSRF_COOKIE_DOMAIN', 'SESSION_COOKIE_HTTPONLY']\n"
        "print(json.dumps({name: getattr(settings, name) for name in names}))\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_carry_the_host_prefix(tmp_path):
    values = production_settings(tmp_path, SECURE="1")

    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    # What the prefix demands of the cookie, or browsers drop it.
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_PATH"] == values["CSRF_COOKIE_PATH"] == "/"
    assert values["SESSION_COOKIE_DOMAIN"] is None
    assert values["CSRF_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_production_is_secure_by_default(tmp_path):
    values = production_settings(tmp_path)

    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"


def test_without_tls_the_prefix_is_not_used(tmp_path):
    # A browser refuses a __Host- cookie that is not Secure: plain-HTTP
    # development keeps the ordinary names.
    values = production_settings(tmp_path, SECURE="0", SECURE_SSL_REDIRECT="0")

    assert values["SESSION_COOKIE_NAME"] == "sessionid"
    assert values["CSRF_COOKIE_NAME"] == "csrftoken"


@pytest.mark.django_db
def test_the_session_cookie_a_sign_in_sets_meets_the_prefix_rules(settings, member_rep):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()

    client.get(reverse("account_login"), secure=True)
    response = client.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD},
        secure=True,
    )

    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True
    assert "sessionid" not in response.cookies
    assert client.get(reverse("accounts:profile"), secure=True).status_code == 200


# --- 2. lockout --------------------------------------------------------------------------


def fail_password(email, times, ip=ATTACKER_IP):
    attacker = Client()
    for _ in range(times):
        attacker.post(reverse("account_login"), {"login": email, "password": WRONG}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def sign_in_by_code(client, email, ip):
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email}, REMOTE_ADDR=ip)
    code = code_from(mail.outbox[-1])
    return client.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=ip)


def test_the_lock_is_short():
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) <= timedelta(minutes=15)
    per_account = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[-1]
    assert per_account.endswith("/5m/key")


@pytest.mark.django_db
@pytest.mark.parametrize("victim_ip", [VICTIM_IP, ATTACKER_IP], ids=["own-ip", "shared-ip"])
def test_a_locked_password_leaves_code_sign_in_working(member_rep, victim_ip):
    # More failures than both layers allow: allauth's per-account limit and axes.
    fail_password(member_rep.email, settings.AXES_FAILURE_LIMIT + 2)
    victim = Client()
    refused = victim.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD},
        REMOTE_ADDR=victim_ip,
    )
    assert not signed_in(victim)
    assert refused.status_code in (200, 429)

    response = sign_in_by_code(victim, member_rep.email, victim_ip)

    assert response.status_code == 302
    assert signed_in(victim)
    assert victim.get(reverse("accounts:profile"), REMOTE_ADDR=victim_ip).status_code == 200


@pytest.mark.django_db
def test_the_office_sees_the_attempts_and_lockouts_in_the_admin(client, office_user, member_rep):
    fail_password(member_rep.email, settings.AXES_FAILURE_LIMIT)
    assert AccessAttempt.objects.filter(username=member_rep.email).exists()
    client.force_login(office_user)

    index = client.get("/admin/")
    listing = client.get("/admin/axes/accessattempt/")
    attempt = AccessAttempt.objects.get(username=member_rep.email)
    detail = client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/")

    assert index.status_code == 200
    assert "/admin/axes/accessattempt/" in index.content.decode()
    assert listing.status_code == 200
    assert member_rep.email in listing.content.decode()
    assert ATTACKER_IP in listing.content.decode()
    assert detail.status_code == 200
    assert member_rep.email in detail.content.decode()
    assert ATTACKER_IP in detail.content.decode()


@pytest.mark.django_db
def test_the_office_can_lift_a_lock_in_the_admin(client, office_user, member_rep, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": False}
    fail_password(member_rep.email, settings.AXES_FAILURE_LIMIT, ip=VICTIM_IP)
    victim = Client()
    locked = victim.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD},
        REMOTE_ADDR=VICTIM_IP,
    )
    assert locked.status_code == 429
    attempt = AccessAttempt.objects.get(username=member_rep.email)

    client.force_login(office_user)
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    again = victim.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD},
        REMOTE_ADDR=VICTIM_IP,
    )
    assert again.status_code == 302
    assert signed_in(victim)


@pytest.mark.django_db
def test_people_without_the_office_role_do_not_see_the_attempts(client, member_rep):
    fail_password(member_rep.email, 3)
    client.force_login(member_rep)

    response = client.get("/admin/axes/accessattempt/")

    assert response.status_code == 302
    assert member_rep.email not in response.content.decode()
