"""Attacking "re-authentication before account changes" (reglab.accounts.reauthentication).

The attacker holds a session cookie older than ACCOUNT_REAUTHENTICATION_TIMEOUT
(or is signed in): the holes found are kept here, one test each, with the
hypotheses that held as short regression tests. Sign-ins are real (password or
code, then TOTP), as in tests/accounts/test_reauthentication.py.
"""

import datetime as dt
import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from reglab.organisations.models import Organisation
from tests.accounts.test_reauthentication import (
    BY_CODE,
    BY_PASSWORD,
    BY_TOTP,
    NEW_PASSWORD,
    later,
    sign_in,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.second_factor import totp_code
from tests.test_signin_code import code_from

pytestmark = pytest.mark.django_db

REAUTHENTICATION_PAGES = (BY_PASSWORD, BY_CODE, BY_TOTP)


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        yield clock


@pytest.fixture
def without_password(db):
    person = UserFactory(email="kod@example.se")
    person.set_unusable_password()
    person.save()
    return person


@pytest.fixture
def superuser_with_totp(db):
    return UserFactory(email="admin@example.se", is_staff=True, is_superuser=True)


def session_text(client) -> str:
    return json.dumps(dict(client.session.items()), default=str)


# --- hole 1: the Django admin changed the account without asking ----------------------


def test_admin_changes_to_ones_own_account_ask_for_recent_authentication(
    client, clock, superuser_with_totp
):
    """A stolen admin session could set the account's password or remove its second
    factor in the admin (which asks for neither the old password nor recent
    authentication) and keep the account for good."""
    person = superuser_with_totp
    sign_in(client, person)
    later(clock)
    totp = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)

    removed = client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    set_password = client.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    for answer in (removed, set_password):
        assert answer.status_code == 302
        assert answer.url.startswith(REAUTHENTICATION_PAGES)
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)
    assert NEW_PASSWORD not in session_text(client)

    # Once confirmed, the admin works as before (looking needs no confirmation).
    assert client.get("/admin/").status_code == 200
    client.post(BY_TOTP, {"code": totp_code(person.totp_secret)})
    client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    assert not Authenticator.objects.filter(pk=totp.pk).exists()


def test_the_admins_other_changes_and_signing_out_are_not_asked(client, clock, superuser_with_totp):
    sign_in(client, superuser_with_totp)
    later(clock)

    organisation = OrganisationFactory()
    deleted = client.post(
        f"/admin/organisations/organisation/{organisation.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not deleted.url.startswith(REAUTHENTICATION_PAGES)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    client.post("/admin/logout/")

    assert "_auth_user_id" not in client.session


# --- hole 2: the new password waited in the session in plain text ---------------------


def test_a_first_password_waiting_for_confirmation_is_not_kept_in_the_session(
    client, clock, without_password
):
    """Allauth stashes an interrupted POST in the session to resume it: for the
    page setting a first password that is the password itself, in plain text in
    the session store until the person confirms or the session ends."""
    sign_in(client, without_password)
    later(clock)

    asked = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert asked.status_code == 302
    assert asked.url.startswith(BY_CODE)
    assert NEW_PASSWORD not in session_text(client)
    without_password.refresh_from_db()
    assert not without_password.has_usable_password()

    # Confirmed, the person is back on the page and sets the password there.
    client.post(BY_CODE, {"action": "send"})
    back = client.post(
        BY_CODE, {"code": code_from(mail.outbox[-1]), "next": reverse("account_set_password")}
    )
    assert back.status_code == 302
    assert back.url == reverse("account_set_password")
    client.post(back.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    without_password.refresh_from_db()
    assert without_password.check_password(NEW_PASSWORD)


# --- hypotheses that held ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["", " ", "Å" * 3, "9" * 100_000, "\x00", "é🙂"])
def test_malformed_codes_are_wrong_codes_in_swedish(client, clock, without_password, code):
    sign_in(client, without_password)
    later(clock)
    client.post(BY_CODE, {"action": "send"})

    answer = client.post(BY_CODE, {"code": code})

    # A NUL byte is refused before any view (reglab's input guard), the rest is a wrong code.
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        assert answer.context["form"].errors
    assert not client.get(BY_CODE).context["code_sent"] or mail.outbox


def test_a_used_code_does_not_confirm_again_and_next_stays_on_the_site(
    client, clock, without_password
):
    sign_in(client, without_password)
    later(clock)
    client.post(BY_CODE, {"action": "send"})
    code = code_from(mail.outbox[-1])

    first = client.post(BY_CODE, {"code": code, "next": "https://angripare.example/"})
    later(clock)
    again = client.post(BY_CODE, {"code": code})

    assert first.status_code == 302
    assert "angripare" not in first.url
    assert again.status_code == 302
    assert again.url.startswith(BY_CODE)
    assert any("Koden gäller inte längre" in str(m) for m in again.wsgi_request._messages)


def test_sending_codes_in_a_loop_is_limited(client, clock, without_password):
    sign_in(client, without_password)
    later(clock)

    for _ in range(10):
        client.post(BY_CODE, {"action": "send"})

    assert len(mail.outbox) <= 3


def test_the_record_does_not_pass_to_the_next_person_signed_in(client, clock):
    first = UserFactory(email="forsta@example.se")
    second = UserFactory(email="andra@example.se")
    sign_in(client, first)
    later(clock)
    other = Client()
    sign_in(other, second)  # fresh, in another browser
    later(clock)
    client.post(reverse("account_logout"))
    sign_in(client, second)
    later(clock)

    asked = client.post(reverse("apitokens:list"), {"name": "x", "expires_in_days": 90})

    assert asked.status_code == 302
    assert asked.url.startswith(BY_PASSWORD)
