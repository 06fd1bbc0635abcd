"""Sign-in with e-mail address and password through allauth, and password reset by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-helt-nytt-och-langt-losenord"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_with_email_and_password(client, member_rep):
    response = sign_in(client, member_rep.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == str(member_rep.pk)


def test_sign_in_ignores_case_of_email(client, member_rep):
    response = sign_in(client, member_rep.email.upper(), PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(member_rep.pk)


def test_sign_in_follows_next(client, member_rep):
    profile_url = reverse("accounts:profile")
    response = client.post(
        reverse("account_login"),
        {"login": member_rep.email, "password": PASSWORD, "next": profile_url},
    )

    assert response.status_code == 302
    assert response.url == profile_url


def test_wrong_password_shows_an_error(client, member_rep):
    response = sign_in(client, member_rep.email, "fel-losenord-helt-enkelt")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    # The error is shown on the page, marked up as an alert.
    assert 'role="alert"' in response.content.decode()
    assert signed_in_user_id(client) is None


def test_unknown_email_shows_the_same_error_as_wrong_password(client, member_rep):
    wrong_password = sign_in(client, member_rep.email, "fel-losenord-helt-enkelt")
    unknown = sign_in(client, "finns-inte@example.se", "fel-losenord-helt-enkelt")

    assert unknown.status_code == 200
    assert list(unknown.context["form"].non_field_errors()) == list(
        wrong_password.context["form"].non_field_errors()
    )
    assert signed_in_user_id(client) is None


def test_sign_in_page_renders_fields(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert reverse("account_reset_password") in html
    assert reverse("account_request_login_code") in html


def _reset_link(message):
    match = re.search(r"https?://[^\s\"'<>]+/accounts/password/reset/key/[^\s\"'<>]+", message.body)
    assert match, message.body
    return match.group(0)


def test_password_reset_sends_one_mail_with_a_link(client, member_rep):
    response = client.post(reverse("account_reset_password"), {"email": member_rep.email})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member_rep.email]
    assert message.subject.startswith("[Reglab] ")
    _reset_link(message)


def test_password_reset_link_sets_a_new_password(client, member_rep):
    client.post(reverse("account_reset_password"), {"email": member_rep.email})
    link = _reset_link(mail.outbox[0])

    # allauth moves the key into the session and redirects to a key-less URL.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "form" in response.context
    assert response.context["form"] is not None
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else link

    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off: the person signs in themselves.
    assert signed_in_user_id(client) is None

    member_rep.refresh_from_db()
    assert member_rep.check_password(NEW_PASSWORD)

    assert sign_in(client, member_rep.email, PASSWORD).status_code == 200
    assert signed_in_user_id(client) is None
    response = sign_in(client, member_rep.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(member_rep.pk)


def test_password_reset_link_works_only_once(client, member_rep):
    client.post(reverse("account_reset_password"), {"email": member_rep.email})
    link = _reset_link(mail.outbox[0])
    response = client.get(link, follow=True)
    set_password_url = response.redirect_chain[-1][0]
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    other = client.__class__()
    response = other.get(link, follow=True)
    assert response.status_code == 200
    assert response.context.get("token_fail") is True


def test_password_reset_refuses_a_weak_password(client, member_rep):
    client.post(reverse("account_reset_password"), {"email": member_rep.email})
    response = client.get(_reset_link(mail.outbox[0]), follow=True)
    set_password_url = response.redirect_chain[-1][0]

    response = client.post(set_password_url, {"password1": "kort", "password2": "kort"})

    assert response.status_code == 200
    assert response.context["form"].errors
    member_rep.refresh_from_db()
    assert member_rep.check_password(PASSWORD)


def test_password_reset_for_unknown_address_sends_no_link(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "finns-inte@example.se"})

    # Same response as for a known address (no account enumeration).
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)
