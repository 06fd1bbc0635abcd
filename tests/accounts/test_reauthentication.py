"""Account changes ask for recent authentication (reglab.accounts.reauthentication).

A session older than ACCOUNT_REAUTHENTICATION_TIMEOUT is sent to confirm that it
is the person (password, authenticator app or, without a password, an e-mail
code) and the change is not made; once confirmed, allauth resumes it. A fresh
sign-in is not asked again. Everyone signs in for real here (password or code),
as a session made by force_login has no record of how it was signed in.
"""

import datetime as dt

import pytest
import time_machine
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from reglab.api.models import ApiToken
from reglab.privacy.models import ErasureRequest
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.second_factor import give_totp, totp_code
from tests.test_signin_code import code_from

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-helt-nytt-langt-losenord"
NEW_ADDRESS = "ny-adress@example.se"
ACTIVATE = reverse("mfa_activate_totp")
BY_PASSWORD = reverse("account_reauthenticate")
BY_CODE = reverse("account_reauthenticate_code")
BY_TOTP = reverse("mfa_reauthenticate")


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        yield clock


def later(clock):
    """Past the re-authentication timeout, well within the session's own limits."""
    clock.shift(allauth_settings.REAUTHENTICATION_TIMEOUT + 60)


@pytest.fixture
def with_password(db):
    return UserFactory(email="losenord@example.se")


@pytest.fixture
def without_password(db):
    """Someone who signs in by e-mail code only."""
    person = UserFactory(email="kod@example.se")
    person.set_unusable_password()
    person.save()
    return person


def sign_in(client, person):
    """The real sign-in: the password if there is one, else a code; then TOTP if set up."""
    if person.has_usable_password():
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        )
    else:
        client.post(reverse("account_request_login_code"), {"email": person.email})
        response = client.post(
            reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[-1])}
        )
    if response.url == reverse("mfa_authenticate"):
        response = client.post(response.url, {"code": totp_code(person.totp_secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    mail.outbox.clear()


# --- the account changes ------------------------------------------------------------------


def set_password(client):
    return client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def password_is_set(person):
    person.refresh_from_db()
    return person.check_password(NEW_PASSWORD)


def add_address(client):
    return client.post(reverse("account_email"), {"email": NEW_ADDRESS, "action_add": ""})


def address_is_added(person):
    return EmailAddress.objects.filter(user=person, email=NEW_ADDRESS).exists()


def create_token(client):
    return client.post(reverse("apitokens:list"), {"name": "Skript", "expires_in_days": 90})


def token_is_created(person):
    return ApiToken.objects.filter(person=person).exists()


def request_erasure(client):
    return client.post(reverse("privacy:request_erasure"), {"confirm": "on"})


def erasure_is_requested(person):
    return ErasureRequest.objects.filter(person=person).exists()


def remove_second_factor(client):
    return client.post(reverse("mfa_deactivate_totp"))


def second_factor_is_removed(person):
    return not Authenticator.objects.filter(user=person).exists()


ACTIONS = {
    "set the first password": (set_password, password_is_set),
    "add an address": (add_address, address_is_added),
    "create an API token": (create_token, token_is_created),
    "ask for erasure": (request_erasure, erasure_is_requested),
}


def confirm_by_code(client, asked):
    """Ask for the code on the page allauth sent to, then enter it."""
    page = client.get(asked.url)
    assert page.status_code == 200
    assert not mail.outbox, "opening the page sends nothing"
    next_url = page.context["redirect_field_value"]
    sent = client.post(BY_CODE, {"action": "send", "next": next_url})
    assert sent.status_code == 302
    [message] = mail.outbox
    return client.post(BY_CODE, {"code": code_from(message), "next": next_url})


def confirm(client, person, asked):
    if asked.url.startswith(BY_CODE):
        return confirm_by_code(client, asked)
    if asked.url.startswith(BY_TOTP):
        return client.post(asked.url, {"code": totp_code(person.totp_secret)})
    return client.post(asked.url, {"password": PASSWORD})


# --- a session past the timeout is asked, then the change is made ---------------------


@pytest.mark.parametrize(
    ("action", "who", "asked_at"),
    [
        # The first password is not resumed (it is not kept in the session): the person
        # sends it again once confirmed (tests/security/test_attack_reauth.py).
        ("add an address", "without_password", BY_CODE),
        ("create an API token", "without_password", BY_CODE),
        ("create an API token", "with_password", BY_PASSWORD),
        ("ask for erasure", "without_password", BY_CODE),
        ("ask for erasure", "with_password", BY_PASSWORD),
    ],
)
def test_an_old_session_must_confirm_before_the_change(
    client, clock, request, action, who, asked_at
):
    act, done = ACTIONS[action]
    person = request.getfixturevalue(who)
    sign_in(client, person)
    later(clock)

    asked = act(client)

    assert asked.status_code == 302
    assert asked.url.startswith(asked_at)
    assert not done(person)

    resumed = confirm(client, person, asked)

    assert resumed.status_code in (200, 302)
    assert done(person)


def test_the_new_token_is_shown_once_confirmed(client, clock, with_password):
    sign_in(client, with_password)
    later(clock)

    page = confirm(client, with_password, create_token(client))

    assert page.status_code == 200
    assert page.context["created"]["token"].person == with_password
    assert page.context["created"]["raw"] in page.content.decode()


# --- a fresh sign-in is not asked -----------------------------------------------------


@pytest.mark.parametrize(
    ("who", "actions"),
    [
        ("with_password", ["add an address", "create an API token", "ask for erasure"]),
        (
            "without_password",
            ["set the first password", "add an address", "create an API token", "ask for erasure"],
        ),
    ],
)
def test_a_fresh_sign_in_makes_every_change_without_being_asked(
    client, clock, request, who, actions
):
    person = request.getfixturevalue(who)
    sign_in(client, person)
    clock.shift(allauth_settings.REAUTHENTICATION_TIMEOUT - 60)

    for action in actions:
        act, done = ACTIONS[action]
        response = act(client)
        assert not response.get("Location", "").startswith((BY_CODE, BY_PASSWORD, BY_TOTP))
        assert done(person), action


def test_a_fresh_sign_in_may_remove_the_second_factor(client, clock):
    person = UserFactory(email="tvasteg@example.se")
    person.totp_secret = give_totp(person)
    sign_in(client, person)

    response = remove_second_factor(client)

    assert not response.get("Location", "").startswith((BY_CODE, BY_PASSWORD, BY_TOTP))
    assert second_factor_is_removed(person)


# --- without a password: an e-mail code, or the authenticator app ---------------------


def test_without_a_password_the_authenticator_app_confirms_too(client, clock, without_password):
    without_password.totp_secret = give_totp(without_password)
    sign_in(client, without_password)
    later(clock)

    asked = create_token(client)

    assert asked.url.startswith(BY_TOTP)
    page = client.get(asked.url)
    assert [alt["id"] for alt in page.context["reauthentication_alternatives"]] == ["code"]
    confirm(client, without_password, asked)
    assert token_is_created(without_password)


def test_an_office_account_without_password_or_app_sets_the_app_up_after_a_code(client, clock):
    """The set-up page asks for recent authentication, and the code page is reachable
    although everything else sends such an account to the set-up."""
    person = UserFactory(email="kansli2@example.se", is_office=True, second_factor=False)
    person.set_unusable_password()
    person.save()
    sign_in(client, person)
    later(clock)

    asked = client.get(ACTIVATE)

    assert asked.url.startswith(BY_CODE)
    resumed = confirm_by_code(client, asked)
    assert resumed.url == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    client.post(ACTIVATE, {"code": totp_code(page.context["form"].secret)})
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_an_old_session_without_a_password_must_confirm_before_adding_an_app(
    client, clock, without_password
):
    sign_in(client, without_password)
    later(clock)

    asked = client.get(ACTIVATE)

    assert asked.status_code == 302
    assert asked.url.startswith(BY_CODE)


# --- the code page ----------------------------------------------------------------------


def test_a_wrong_code_confirms_nothing_and_three_end_the_code(client, clock, without_password):
    sign_in(client, without_password)
    later(clock)
    assert add_address(client).url.startswith(BY_CODE)
    client.post(BY_CODE, {"action": "send"})
    code = code_from(mail.outbox[-1])
    wrong = "XXXX-XXXX" if code != "XXXX-XXXX" else "ZZZZ-ZZZZ"

    response = client.post(BY_CODE, {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not address_is_added(without_password)
    for _ in range(allauth_settings.LOGIN_BY_CODE_MAX_ATTEMPTS - 1):
        client.post(BY_CODE, {"code": wrong})
    # The code is spent: even the right one now confirms nothing.
    client.post(BY_CODE, {"code": code})
    assert add_address(client).url.startswith(BY_CODE)
    assert not address_is_added(without_password)


def test_a_code_expires(client, clock, without_password):
    sign_in(client, without_password)
    later(clock)
    client.post(BY_CODE, {"action": "send"})
    code = code_from(mail.outbox[-1])
    clock.shift(allauth_settings.LOGIN_BY_CODE_TIMEOUT + 1)

    client.post(BY_CODE, {"code": code})

    assert add_address(client).url.startswith(BY_CODE)


def test_a_code_from_another_session_confirms_nothing(clock, without_password):
    here, there = Client(), Client()
    sign_in(here, without_password)
    sign_in(there, without_password)
    later(clock)
    here.post(BY_CODE, {"action": "send"})

    there.post(BY_CODE, {"code": code_from(mail.outbox[-1])})

    assert add_address(there).url.startswith(BY_CODE)


def test_whoever_has_a_password_confirms_with_it_not_a_code(client, clock, with_password):
    sign_in(client, with_password)
    later(clock)

    response = client.post(BY_CODE, {"action": "send"})

    assert response.status_code == 302
    assert response.url.startswith(BY_PASSWORD)
    assert not mail.outbox


def the_two_confirm_pages(client, clock, with_password, without_password):
    """The page asking for the password, and the code page with a client to send a code."""
    sign_in(client, with_password)
    later(clock)
    password_page = client.get(create_token(client).url).content.decode()
    coded = Client()
    sign_in(coded, without_password)
    later(clock)
    code_page = coded.get(add_address(coded).url).content.decode()
    return password_page, code_page, coded


def test_the_pages_and_the_mail_are_in_swedish(client, clock, with_password, without_password):
    password_page, code_page, coded = the_two_confirm_pages(
        client, clock, with_password, without_password
    )
    coded.post(BY_CODE, {"action": "send"})

    assert "Bekräfta att det är du" in password_page
    assert "Ange ditt lösenord" in password_page
    assert "Bekräfta att det är du" in code_page
    assert "Vi skickar en kod till <strong>kod@example.se</strong>" in code_page
    [message] = mail.outbox
    assert message.subject == "[Reglab] Din kod för att bekräfta att det är du"
    assert "bekräfta att det är du innan du ändrar ditt konto" in message.body


def test_both_ways_to_confirm_lead_back_to_the_profile(
    client, clock, with_password, without_password
):
    password_page, code_page, _ = the_two_confirm_pages(
        client, clock, with_password, without_password
    )
    back = f'<a href="{reverse("accounts:profile")}">Avbryt och gå tillbaka till din profil</a>'

    assert back in password_page
    assert back in code_page
