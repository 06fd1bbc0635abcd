"""Sign-in with a one-time code sent by e-mail (allauth's login by code)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# allauth's default user code (8 letters without vowels in two dashed groups, as
# "BNQS-HWBP") stands on a line of its own in the mail.
CODE_LINE = re.compile(r"^[ \t]*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)[ \t]*$", re.MULTILINE)


def code_from(message):
    codes = CODE_LINE.findall(message.body)
    assert len(codes) == 1, message.body
    return codes[0]


def request_code(client, email):
    return client.post(reverse("account_request_login_code"), {"email": email})


def test_login_by_code_is_enabled():
    assert settings.ACCOUNT_LOGIN_BY_CODE_ENABLED is True


def test_request_code_sends_it_by_mail(client, member_rep):
    response = request_code(client, member_rep.email)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member_rep.email]
    assert message.subject.startswith("[Reglab] ")
    code_from(message)


def test_code_signs_the_person_in(client, member_rep):
    request_code(client, member_rep.email)
    code = code_from(mail.outbox[0])

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(member_rep.pk)
    # The signed-in person reaches their own profile.
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert f"<strong>{member_rep.email}</strong>" in profile.content.decode()


def test_code_works_without_a_usable_password(client, member_rep):
    member_rep.set_unusable_password()
    member_rep.save()
    request_code(client, member_rep.email)

    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[0])}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_rep.pk)


def test_code_is_accepted_in_lower_case(client, member_rep):
    request_code(client, member_rep.email)
    code = code_from(mail.outbox[0]).lower()

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_rep.pk)


def test_wrong_code_is_refused(client, member_rep):
    request_code(client, member_rep.email)
    code = code_from(mail.outbox[0])
    wrong = "XXXX-XXXX" if code != "XXXX-XXXX" else "ZZZZ-ZZZZ"

    response = client.post(reverse("account_confirm_login_code"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors.get("code")
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_codes_end_the_attempt(client, member_rep):
    request_code(client, member_rep.email)
    code = code_from(mail.outbox[0])
    max_attempts = getattr(settings, "ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS", 3)

    for _ in range(max_attempts):
        client.post(reverse("account_confirm_login_code"), {"code": "XXXX-XXXX"})

    # The attempt is over: back to requesting a new code, even with the right one.
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response.url == reverse("account_request_login_code")
    assert "_auth_user_id" not in client.session


def test_code_from_another_session_is_refused(client, member_rep):
    request_code(client, member_rep.email)
    code = code_from(mail.outbox[0])

    other = Client()
    response = other.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response.url == reverse("account_request_login_code")
    assert "_auth_user_id" not in other.session
    assert "_auth_user_id" not in client.session


def test_unknown_address_gets_no_code(client, db):
    response = request_code(client, "finns-inte@example.se")

    # Same flow as for a known address (no account enumeration) ...
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    # ... but the mail only says there is no account, with no code in it.
    assert len(mail.outbox) == 1
    assert not CODE_LINE.search(mail.outbox[0].body)
    client.post(reverse("account_confirm_login_code"), {"code": "BCDF-GHJK"})
    assert "_auth_user_id" not in client.session
