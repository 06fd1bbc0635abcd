"""ASVS rows 1–6 (passwords, lockout, second factor, one-time links, hashing) and the
brute-force line of the test plan (§2b), through the real forms where there is one."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.second_factor import totp_code
from tests.security.asvs.production_settings import production_settings
from tests.test_signin_code import code_from

pytestmark = pytest.mark.django_db

WRONG = "fel-losenord-som-gissas"
IP = "203.0.113.10"
OTHER_IP = "203.0.113.99"
PROXY = "10.0.0.2"


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def sign_in(client, email, password, **extra):
    extra.setdefault("REMOTE_ADDR", IP)
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def refusal_codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def change_password(client, old, new):
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": old, "password1": new, "password2": new},
    )


# --- Row 1: length, not composition ---------------------------------------------------


@pytest.mark.asvs("V6.2.1, V6.2.9", row=1)
def test_twelve_characters_for_everyone_fifteen_for_the_office(member_rep, office_user):
    assert "password_too_short" in refusal_codes("kaffe-och-t", member_rep)  # 11
    assert refusal_codes("kaffe-och-te", member_rep) == set()  # 12
    assert "password_too_short" in refusal_codes("kaffe-och-te-n", office_user)  # 14
    assert refusal_codes("kaffe-och-te-nu", office_user) == set()  # 15
    superuser = UserFactory(email="drift@example.se", is_superuser=True, is_staff=True)
    assert "password_too_short" in refusal_codes("kaffe-och-te-n", superuser)


@pytest.mark.asvs("V6.2.1, V6.2.9", row=1)
def test_the_office_password_form_demands_fifteen(client, office_user):
    client.force_login(office_user)

    short = change_password(client, PASSWORD, "kaffe-och-te-n")
    assert short.status_code == 200
    assert short.context["form"].errors["password1"]
    office_user.refresh_from_db()
    assert office_user.check_password(PASSWORD)

    assert change_password(client, PASSWORD, "kaffe-och-te-nu").status_code == 302
    office_user.refresh_from_db()
    assert office_user.check_password("kaffe-och-te-nu")


@pytest.mark.asvs("V6.2.1, V6.2.9", row=1)
@pytest.mark.parametrize("length", [64, 128])
def test_long_passwords_are_accepted_and_sign_in(client, member_rep, length):
    long_password = ("ordet flyter " * 20)[:length]
    assert len(long_password) == length
    client.force_login(member_rep)

    assert change_password(client, PASSWORD, long_password).status_code == 302

    fresh = Client()
    assert sign_in(fresh, member_rep.email, long_password).status_code == 302
    assert signed_in_as(fresh) == str(member_rep.pk)


@pytest.mark.asvs("V6.2.1, V6.2.9", row=1)
@pytest.mark.parametrize(
    "password",
    ["739184620573", "alltid små bokstäver", "ALLTIDVERSALER", "!!##%%&&//(())"],
    ids=["digits-only", "lower-case-only", "capitals-only", "signs-only"],
)
def test_no_composition_rules(member_rep, password):
    assert refusal_codes(password, member_rep) == set()


# --- Row 2: known and platform passwords ----------------------------------------------


@pytest.mark.asvs("V6.2.11", row=2)
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password1234", "password_too_common"),
        ("Reglab2026!!!", "password_platform_word"),
        ("reglab-reglab-reglab", "password_platform_word"),
        ("RegionSkåne123456", "password_platform_word"),
        ("Provrum_2026_Provrum", "password_platform_word"),
        ("VästraGötaland2026", "password_platform_word"),
    ],
)
def test_common_and_platform_passwords_are_refused(member_rep, password, code):
    assert code in refusal_codes(password, member_rep)


@pytest.mark.asvs("V6.2.11", row=2)
def test_a_passphrase_naming_a_region_is_allowed(member_rep):
    assert refusal_codes("jag cyklar genom skåne varje sommar", member_rep) == set()


@pytest.mark.asvs("V6.2.11", row=2)
def test_the_password_form_refuses_a_platform_word_in_swedish(client, member_rep):
    client.force_login(member_rep)

    with translation.override("sv"):
        response = change_password(client, PASSWORD, "Reglab2026!!!")

    assert response.status_code == 200
    [message] = response.context["form"].errors["password1"]
    assert message.startswith("Lösenordet är för lätt att gissa")
    member_rep.refresh_from_db()
    assert member_rep.check_password(PASSWORD)


# --- Row 3 and the brute-force line: lockout ------------------------------------------


def error_codes(response):
    """The codes of the sign-in form's errors; a lockout page (429) counts as a refusal."""
    if response.status_code == 429:
        return {"too_many_login_attempts"}
    return {
        error.code
        for errors in response.context["form"].errors.as_data().values()
        for error in errors
    }


def per_account_limit():
    return int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[-1].split("/")[0])


def per_address_limit():
    return int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[0].split("/")[0])


@pytest.mark.asvs("V6.3.1", row=3)
def test_the_right_password_is_refused_after_n_failures_and_accepted_after_n_minus_one(
    member_rep,
):
    limit = per_account_limit()
    assert 3 <= limit <= settings.AXES_FAILURE_LIMIT
    person = UserFactory(email="tva@example.se")

    # N - 1 failures: the right password still opens the account.
    for _ in range(limit - 1):
        sign_in(Client(), person.email, WRONG)
    opened = Client()
    assert sign_in(opened, person.email, PASSWORD).status_code == 302
    assert signed_in_as(opened) == str(person.pk)

    # N failures: attempt N + 1 is refused although the password is right.
    for _ in range(limit):
        sign_in(Client(), member_rep.email, WRONG)
    locked = Client()
    response = sign_in(locked, member_rep.email, PASSWORD)
    assert signed_in_as(locked) is None
    assert response.status_code in (200, 429)


@pytest.mark.asvs("V6.3.1", row=3)
def test_the_lock_is_per_account_from_every_address(member_rep):
    for number in range(per_account_limit()):
        sign_in(Client(), member_rep.email, WRONG, REMOTE_ADDR=f"198.51.100.{number + 1}")

    locked = Client()
    sign_in(locked, member_rep.email, PASSWORD, REMOTE_ADDR=OTHER_IP)

    assert signed_in_as(locked) is None


@pytest.mark.asvs("V6.3.1", row=3)
def test_fifty_accounts_from_one_address_are_stopped_at_the_address_limit():
    people = [UserFactory(email=f"person{number}@example.se") for number in range(50)]
    limit = per_address_limit()
    assert limit < len(people)

    accepted = 0
    for person in people[:-1]:
        # One guess per account, never reaching the per-account limit.
        response = sign_in(Client(), person.email, WRONG)
        accepted += "too_many_login_attempts" not in error_codes(response)
    last = people[-1]
    same_address = Client()
    sign_in(same_address, last.email, PASSWORD)
    elsewhere = Client()
    sign_in(elsewhere, last.email, PASSWORD, REMOTE_ADDR=OTHER_IP)

    assert signed_in_as(same_address) is None
    assert signed_in_as(elsewhere) == str(last.pk)
    # Exactly `limit` guesses were checked against a password; the rest were turned away.
    assert accepted == limit


@pytest.mark.asvs("V6.3.1", row=3)
@pytest.mark.parametrize("proxies", [0, 1], ids=["no-proxy", "behind-one-proxy"])
def test_a_forged_x_forwarded_for_does_not_reset_the_count(member_rep, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    for number in range(per_address_limit()):
        person = UserFactory(email=f"gissad{number}@example.se")
        forged = f"192.0.2.{number + 1}"
        # Behind the proxy, the proxy appends the address it saw (IP); the rest is the client's.
        header = f"{forged}, {IP}" if proxies else forged
        sign_in(
            Client(),
            person.email,
            WRONG,
            REMOTE_ADDR=PROXY if proxies else IP,
            HTTP_X_FORWARDED_FOR=header,
        )

    client = Client()
    header = f"192.0.2.250, {IP}" if proxies else "192.0.2.250"
    sign_in(
        client,
        member_rep.email,
        PASSWORD,
        REMOTE_ADDR=PROXY if proxies else IP,
        HTTP_X_FORWARDED_FOR=header,
    )

    assert signed_in_as(client) is None


@pytest.mark.asvs("V6.3.1", row=3)
def test_spellings_of_the_address_count_together(member_rep):
    email = member_rep.email
    spellings = [email.upper(), email.title(), f"  {email}  ", email.swapcase(), email]
    for number in range(per_account_limit()):
        sign_in(Client(), spellings[number % len(spellings)], WRONG)

    client = Client()
    sign_in(client, email, PASSWORD)

    assert signed_in_as(client) is None


@pytest.mark.asvs("V6.3.1", row=3)
def test_an_unknown_address_gets_the_same_reply_as_a_wrong_password(member_rep):
    known = sign_in(Client(), member_rep.email, WRONG)
    unknown = sign_in(Client(), "finns-inte@example.se", WRONG)

    assert known.status_code == unknown.status_code == 200
    assert list(known.context["form"].non_field_errors()) == list(
        unknown.context["form"].non_field_errors()
    )
    assert known.context["form"].errors == unknown.context["form"].errors

    # Locked out, too, the reply does not tell an account from none.
    for _ in range(per_account_limit()):
        sign_in(Client(), member_rep.email, WRONG)
        sign_in(Client(), "finns-inte@example.se", WRONG)
    known = sign_in(Client(), member_rep.email, WRONG)
    unknown = sign_in(Client(), "finns-inte@example.se", WRONG)
    assert known.status_code == unknown.status_code
    assert list(known.context["form"].non_field_errors()) == list(
        unknown.context["form"].non_field_errors()
    )


# --- Row 4: second factor for the office and the admin --------------------------------


@pytest.mark.asvs("V6.3.3", row=4)
@pytest.mark.parametrize("who", ["office_user", "superuser"])
def test_a_password_alone_does_not_sign_in_the_office_or_admin(request, who):
    person = request.getfixturevalue(who)
    client = Client()

    response = sign_in(client, person.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(person.totp_secret)})
    assert response.status_code == 302
    assert signed_in_as(client) == str(person.pk)


@pytest.mark.asvs("V6.3.3", row=4)
@pytest.mark.parametrize(
    "flags",
    [{"is_office": True, "is_staff": True}, {"is_staff": True, "is_superuser": True}],
    ids=["office", "admin"],
)
def test_without_totp_the_office_and_admin_can_only_set_it_up(client, flags):
    person = UserFactory(email="utan-totp@example.se", second_factor=False, **flags)
    client.force_login(person)

    for path in ("/admin/", reverse("accounts:affiliation_queue"), reverse("core:home")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_activate_totp"), path


# --- Row 5: one-time codes and links ----------------------------------------------------


def request_code(client, email):
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email})
    return code_from(mail.outbox[-1])


def confirm_code(client, code):
    return client.post(reverse("account_confirm_login_code"), {"code": code})


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_sign_in_code_works_once(client, member_rep):
    code = request_code(client, member_rep.email)
    assert confirm_code(client, code).status_code == 302
    assert signed_in_as(client) == str(member_rep.pk)
    client.post(reverse("account_logout"))

    confirm_code(client, code)

    assert signed_in_as(client) is None


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_sign_in_code_expires(client, member_rep):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        code = request_code(client, member_rep.email)
        traveller.shift(timedelta(seconds=account_settings.LOGIN_BY_CODE_TIMEOUT + 1))

        confirm_code(client, code)

    assert account_settings.LOGIN_BY_CODE_TIMEOUT <= 15 * 60
    assert signed_in_as(client) is None


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_sign_in_code_dies_after_wrong_guesses(client, member_rep):
    code = request_code(client, member_rep.email)
    wrong = "".join("B" if c == "A" else "A" for c in code)
    for _ in range(account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS):
        confirm_code(client, wrong)

    confirm_code(client, code)

    assert signed_in_as(client) is None


RESET_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/password/reset/key/[^\s\"'<>]+")


def reset_link(client, email):
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email})
    [link] = RESET_LINK.findall(mail.outbox[-1].body)
    return link


def set_new_password(client, link, password):
    page = client.get(link, follow=True)
    if page.context.get("token_fail"):
        return page
    return client.post(page.redirect_chain[-1][0], {"password1": password, "password2": password})


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_reset_link_works_once(client, member_rep):
    link = reset_link(client, member_rep.email)
    assert set_new_password(client, link, "forsta-nya-losenordet").status_code == 302

    again = set_new_password(Client(), link, "andra-nya-losenordet")

    assert again.context["token_fail"] is True
    member_rep.refresh_from_db()
    assert member_rep.check_password("forsta-nya-losenordet")


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_reset_link_expires_after_an_hour(client, member_rep):
    assert settings.PASSWORD_RESET_TIMEOUT <= 60 * 60
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        link = reset_link(client, member_rep.email)
        traveller.shift(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1))

        response = set_new_password(Client(), link, "sent-nytt-losenord")

    assert response.context["token_fail"] is True
    member_rep.refresh_from_db()
    assert member_rep.check_password(PASSWORD)


LINK = re.compile(r"https?://[^\s\"'<>]+")
OWN = "ett-eget-langt-ord"


def confirmation_link(client, email):
    mail.outbox.clear()
    client.post(
        reverse("account_signup"),
        {"name": "Ny Person", "email": email, "password1": OWN, "password2": OWN},
    )
    [message] = [m for m in mail.outbox if m.to == [email]]
    [link] = [url for url in LINK.findall(message.body) if "/confirm-email/" in url]
    return link


@pytest.mark.asvs("V6.4.1", row=5)
def test_a_sign_up_confirmation_link_expires(client):
    days = account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    assert days <= 3
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        link = confirmation_link(client, "ny-person@example.se")
        traveller.shift(timedelta(days=days, seconds=1))

        client.post(link)

    assert signed_in_as(client) is None
    assert not EmailAddress.objects.filter(email="ny-person@example.se", verified=True).exists()


# --- Row 6: password hashing -------------------------------------------------------------


ALLOWED_HASHERS = {
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
}


@pytest.mark.asvs("V11.4.2", row=6)
def test_production_hashes_only_with_pbkdf2_or_argon2():
    hashers = production_settings()["PASSWORD_HASHERS"]
    assert hashers
    assert set(hashers) <= ALLOWED_HASHERS

    # A hash made by a hasher production does not list (MD5, as the tests use) ...
    md5 = make_password("ett-langt-hemligt-ord", hasher="md5")
    assert md5.startswith("md5$")

    with override_settings(PASSWORD_HASHERS=hashers):
        first = get_hasher()
        assert first.algorithm in {"pbkdf2_sha256", "argon2"}
        if first.algorithm == "pbkdf2_sha256":
            # OWASP's floor for PBKDF2-HMAC-SHA256.
            assert first.iterations >= 600_000
        # ... never matches there.
        assert not check_password("ett-langt-hemligt-ord", md5)
