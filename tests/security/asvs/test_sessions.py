"""ASVS rows 7–12: the session across sign-in, sign-out, time, password and address
changes, and its cookie in production."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.security.asvs.production_settings import production_settings

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
NEW_PASSWORD = "ett-annat-langt-losenord"


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def reaches_profile(client):
    response = client.get(PROFILE)
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))
        return False
    assert response.status_code == 200
    return True


def with_cookie(key):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


# --- Row 7: a new session at sign-in ----------------------------------------------------


@pytest.mark.asvs("V7.2.4", row=7)
def test_sign_in_gives_a_new_session_key(client, member_rep):
    planted = client.session  # e.g. a key an attacker fixed in the victim's browser
    planted["planted"] = True
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    assert sign_in(client, member_rep.email).status_code == 302

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not SessionStore().exists(planted.session_key)
    # The planted key opens nothing.
    assert not reaches_profile(with_cookie(planted.session_key))
    assert reaches_profile(with_cookie(new_key))


# --- Row 8: sign-out kills the cookie ---------------------------------------------------


@pytest.mark.asvs("V7.4.1", row=8)
def test_the_cookie_is_dead_after_sign_out(client, member_rep):
    sign_in(client, member_rep.email)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert reaches_profile(with_cookie(key))

    assert client.post(reverse("account_logout")).status_code == 302

    assert not SessionStore().exists(key)
    assert not reaches_profile(with_cookie(key))


# --- Row 9: idle and absolute limits ----------------------------------------------------

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.mark.asvs("V7.3.1", row=9)
def test_thirty_minutes_idle_signs_out(client, member_rep):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, member_rep.email)
        clock.shift(timedelta(minutes=29))
        assert reaches_profile(client)
        clock.shift(timedelta(minutes=29))
        assert reaches_profile(client)

        clock.shift(timedelta(minutes=30))
        with translation.override("sv"):
            response = client.get(PROFILE, follow=True)

    assert signed_in_as(client) is None
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Du har loggats ut eftersom sessionen har löpt ut." in response.content.decode()


@pytest.mark.asvs("V7.3.1", row=9)
def test_twelve_hours_after_sign_in_signs_out_however_active(client, member_rep):
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, member_rep.email)
        for _ in range(12 * 60 // 25):  # a request every 25 minutes: 11 h 40 min
            clock.shift(timedelta(minutes=25))
            assert reaches_profile(client)
        clock.shift(timedelta(minutes=21))

        assert not reaches_profile(client)
    assert signed_in_as(client) is None


@pytest.mark.asvs("V7.3.1", row=9)
def test_production_keeps_the_limits():
    values = production_settings()

    assert "reglab.accounts.sessions.SessionTimeoutMiddleware" in values["MIDDLEWARE"]
    assert values["SESSION_IDLE_TIMEOUT"] <= 30 * 60
    assert values["SESSION_ABSOLUTE_TIMEOUT"] <= 12 * 60 * 60
    assert values["SESSION_COOKIE_AGE"] <= 12 * 60 * 60


# --- Row 10: deactivation and password changes end the other sessions -------------------


@pytest.fixture
def two_browsers(member_rep):
    here, there = Client(), Client()
    sign_in(here, member_rep.email)
    sign_in(there, member_rep.email)
    assert reaches_profile(here) and reaches_profile(there)
    return here, there


@pytest.mark.asvs("V7.4.2", row=10)
def test_a_password_change_ends_the_other_sessions(member_rep, two_browsers):
    here, there = two_browsers

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not reaches_profile(there)
    assert reaches_profile(here)


@pytest.mark.asvs("V7.4.2", row=10)
def test_deactivation_ends_every_session(member_rep, two_browsers):
    here, there = two_browsers

    # What the office's "active" tick in the admin, and erasure, do.
    member_rep.is_active = False
    member_rep.save(update_fields=["is_active"])

    assert not reaches_profile(here)
    assert not reaches_profile(there)


# --- Row 11: re-authentication before account changes -----------------------------------


@pytest.mark.asvs("V7.5.1", row=11)
def test_changing_the_address_asks_for_the_password_again(client, member_rep):
    client.force_login(member_rep)
    add = {"email": "ny-adress@example.se", "action_add": ""}

    response = client.post(reverse("account_email"), add)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not member_rep.emailaddress_set.filter(email="ny-adress@example.se").exists()

    wrong = client.post(reverse("account_reauthenticate"), {"password": "fel-losenord-igen"})
    assert wrong.status_code == 200
    assert client.post(reverse("account_email"), add).url.startswith(
        reverse("account_reauthenticate")
    )

    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), add)
    assert member_rep.emailaddress_set.filter(email="ny-adress@example.se").exists()


@pytest.mark.asvs("V7.5.1", row=11)
def test_changing_the_password_asks_for_the_old_one(client, member_rep):
    client.force_login(member_rep)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "fel-losenord-igen", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    member_rep.refresh_from_db()
    assert member_rep.check_password(PASSWORD)


@pytest.mark.asvs("V7.5.1", row=11)
def test_removing_the_second_factor_asks_for_the_password_again(client, office_user):
    client.force_login(office_user)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate")) or response.url.startswith(
        reverse("account_reauthenticate")
    )
    assert Authenticator.objects.filter(user=office_user, type=Authenticator.Type.TOTP).exists()


# --- Row 12: the session cookie in production -------------------------------------------


@pytest.mark.asvs("V3.3.1", row=12)
def test_production_session_cookie_settings():
    values = production_settings()

    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_PATH"] == "/"
    assert values["SESSION_COOKIE_DOMAIN"] is None


@pytest.mark.asvs("V3.3.1", row=12)
def test_the_cookie_a_sign_in_sets_under_production_settings(settings, member_rep):
    values = production_settings()
    for name in (
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_DOMAIN",
    ):
        setattr(settings, name, values[name])
    client = Client()

    response = client.post(
        reverse("account_login"), {"login": member_rep.email, "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
