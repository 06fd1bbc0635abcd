"""
Finding 2 (issue 10): the second factor was skipped through /admin/login/.

Django's admin had its own sign-in form, outside allauth, so a staff account
protected by TOTP could sign in there with its password alone – and the admin's
session is the whole site's. Now:

- /admin/login/ only sends people to allauth's sign-in (with a safe ``next``
  back into the admin); posting credentials to it signs nobody in;
- the office, staff and superusers must have TOTP: until they set it up, every
  page sends them to the set-up page and the API refuses them (session and
  personal token alike); allauth's recovery codes come with it;
- only in demo mode are the demo accounts (…@reglab.example) spared, and the
  demo banner says so.

Sign-ins here go through the real forms: password, then the code an
authenticator app would show (tests.second_factor computes it by RFC 6238).
"""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from reglab.accounts.models import AffiliationStatus
from reglab.api.services import api_token_create
from reglab.provrum.models import FormatRules
from tests.conftest import PASSWORD
from tests.factories import AffiliationFactory, RegionFactory, UserFactory
from tests.second_factor import give_totp, totp_code

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
ACTIVATE = reverse("mfa_activate_totp")
QUEUE = reverse("accounts:affiliation_queue")
FORMAT_RULES = {
    "min_organisations": 2,
    "max_organisations": 6,
    "min_regions": 2,
    "min_region_share_percent": 50,
    "max_go_aheads_per_year": 3,
    "min_duration_months": 2,
    "max_duration_months": 6,
    "max_base_funding_sek": 100_000,
    "max_base_funding_share_percent": 50,
    "office_annual_cap_sek": 200_000,
}


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def office_without_totp(db):
    return UserFactory(
        email="ny-kansli@example.se", is_office=True, is_staff=True, second_factor=False
    )


@pytest.fixture
def requested(db):
    person = UserFactory(email="sokande@example.se")
    return AffiliationFactory(
        person=person, organisation=RegionFactory(), status=AffiliationStatus.REQUESTED
    )


# --- /admin/login/ is allauth's sign-in -------------------------------------------------


def test_admin_login_redirects_to_allauth_sign_in_with_next_back_to_the_admin(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/accounts/user/"


def test_the_admin_sends_anonymous_people_to_allauth_sign_in(client):
    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")
    assert "/admin/" in response.redirect_chain[-1][0]
    assert response.templates[0].name == "account/login.html"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/admin/", "//evil.example/admin/", "/provrum/", "/admin@evil.example"],
)
def test_admin_login_keeps_only_a_next_inside_the_admin(client, next_url):
    response = client.get("/admin/login/", {"next": next_url})

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/"


@pytest.mark.parametrize("who", ["superuser", "office_user"])
def test_posting_valid_credentials_to_admin_login_signs_nobody_in(client, request, who):
    person = request.getfixturevalue(who)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": person.email, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert signed_in_as(client) is None
    assert client.get(ADMIN).status_code == 302


def test_a_signed_in_person_cannot_switch_account_through_admin_login(
    client, office_user, superuser
):
    client.force_login(office_user)

    client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})

    assert signed_in_as(client) == str(office_user.pk)


def test_admin_login_refuses_a_signed_in_person_without_staff_rights(client, member_rep):
    client.force_login(member_rep)

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 403
    assert signed_in_as(client) == str(member_rep.pk)


def test_admin_login_sends_signed_in_staff_on_to_the_admin(client, office_user):
    client.force_login(office_user)

    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response.url == "/admin/accounts/user/"


# --- the real sign-in: password, then TOTP ----------------------------------------------


def sign_in_with_password(client, person, next_url=ADMIN):
    return client.post(
        reverse("account_login") + f"?next={next_url}",
        {"login": person.email, "password": PASSWORD},
    )


def test_password_and_totp_sign_in_reaches_the_admin(client, superuser):
    response = sign_in_with_password(client, superuser)

    # The password alone does not sign in: allauth asks for the second factor.
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    assert client.get(ADMIN).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(superuser.totp_secret)})

    assert response.status_code == 302
    assert response.url == ADMIN
    assert signed_in_as(client) == str(superuser.pk)
    page = client.get(ADMIN)
    assert page.status_code == 200
    assert "site-name" in page.content.decode()


def test_a_wrong_totp_code_does_not_sign_in(client, superuser):
    sign_in_with_password(client, superuser)
    right = totp_code(superuser.totp_secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None
    assert client.get(ADMIN).status_code == 302


def test_a_totp_code_signs_in_only_once(client, superuser):
    code = totp_code(superuser.totp_secret)
    sign_in_with_password(client, superuser)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_as(client) == str(superuser.pk)

    other = Client()
    sign_in_with_password(other, superuser)
    response = other.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert signed_in_as(other) is None


def test_code_sign_in_also_asks_for_totp(client, office_user):
    from django.core import mail

    from tests.test_signin_code import code_from

    client.post(reverse("account_request_login_code"), {"email": office_user.email})
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[-1])}
    )

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None


# --- an office account without TOTP is sent to set it up --------------------------------


@pytest.mark.parametrize("path", [QUEUE, ADMIN, "/admin/accounts/user/", "/provrum/", "/"])
def test_without_totp_every_page_sends_to_the_set_up(client, office_without_totp, path):
    client.force_login(office_without_totp)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_htmx_requests_without_totp_are_sent_to_the_set_up_too(client, office_without_totp):
    client.force_login(office_without_totp)

    response = client.get(QUEUE, headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == ACTIVATE


def test_without_totp_the_office_cannot_decide_an_affiliation(
    client, office_without_totp, requested
):
    client.force_login(office_without_totp)

    response = client.post(
        reverse("accounts:affiliation_decide", args=[requested.pk]), {"decision": "confirm"}
    )

    assert response.status_code == 302
    assert response.url == ACTIVATE
    requested.refresh_from_db()
    assert requested.status == AffiliationStatus.REQUESTED


def test_without_totp_the_api_refuses_a_session(client, office_without_totp):
    client.force_login(office_without_totp)
    before = FormatRules.objects.values().first()

    response = client.put(
        "/api/v1/format-rules", json.dumps(FORMAT_RULES), content_type="application/json"
    )

    assert response.status_code == 403
    body = response.json()
    assert [reason["code"] for reason in body["reasons"]] == ["second_factor_required"]
    assert "tvåstegsverifiering" in body["detail"]
    assert FormatRules.objects.values().first() == before


def test_without_totp_the_api_refuses_a_personal_token(client, office_without_totp):
    _, raw = api_token_create(person=office_without_totp)
    headers = {"Authorization": f"Bearer {raw}"}
    before = FormatRules.objects.values().first()

    me = client.get("/api/v1/me", headers=headers)
    put = client.put(
        "/api/v1/format-rules",
        json.dumps(FORMAT_RULES),
        content_type="application/json",
        headers=headers,
    )

    assert me.status_code == 403
    assert put.status_code == 403
    assert [reason["code"] for reason in put.json()["reasons"]] == ["second_factor_required"]
    assert FormatRules.objects.values().first() == before


def test_with_totp_the_same_token_and_session_work(client, office_without_totp):
    give_totp(office_without_totp)
    _, raw = api_token_create(person=office_without_totp)

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    client.force_login(office_without_totp)
    put = client.put(
        "/api/v1/format-rules", json.dumps(FORMAT_RULES), content_type="application/json"
    )

    assert me.status_code == 200
    assert "office" in me.json()["roles"]
    assert put.status_code == 200
    assert FormatRules.objects.get().max_go_aheads_per_year == 3
    assert client.get(QUEUE).status_code == 200


def test_a_representative_is_not_asked_for_totp(client, member_rep):
    client.force_login(member_rep)

    assert client.get("/provrum/").status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    "flags", [{"is_staff": True}, {"is_superuser": True, "is_staff": True}, {"is_office": True}]
)
def test_staff_and_superusers_are_asked_too(client, flags):
    person = UserFactory(email="personal@example.se", second_factor=False, **flags)
    client.force_login(person)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_without_totp_sign_out_and_language_still_work(client, office_without_totp):
    client.force_login(office_without_totp)

    language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert language.status_code == 302
    assert language.url == "/"
    assert client.get(reverse("mfa_index")).status_code == 200

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert signed_in_as(client) is None


def confirm_password_for_the_set_up(client):
    """allauth asks for the password again before a second factor is added."""
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_the_set_up_activates_totp_and_shows_recovery_codes(client, office_without_totp):
    client.force_login(office_without_totp)
    assert client.get(QUEUE).url == ACTIVATE
    confirm_password_for_the_set_up(client)

    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    types = set(
        Authenticator.objects.filter(user=office_without_totp).values_list("type", flat=True)
    )
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get(response.url)
    assert codes_page.status_code == 200
    codes = codes_page.context["unused_codes"]
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    # Now the office may act.
    assert client.get(QUEUE).status_code == 200


def test_the_set_up_explains_why(client, office_without_totp, member_rep):
    client.force_login(office_without_totp)
    confirm_password_for_the_set_up(client)

    page = client.get(QUEUE, follow=True)

    assert page.redirect_chain[-1][0] == ACTIVATE
    assert "Kansliets konton måste använda tvåstegsverifiering" in page.content.decode()
    # A representative who sets it up of their own accord is not told they must.
    other = Client()
    other.force_login(member_rep)
    confirm_password = other.post(other.get(ACTIVATE).url, {"password": PASSWORD})
    assert confirm_password.url == ACTIVATE
    voluntary = other.get(ACTIVATE)
    assert voluntary.status_code == 200
    assert "Kansliets konton måste" not in voluntary.content.decode()


def test_signing_in_with_a_password_then_setting_up_totp(client, office_without_totp):
    response = client.post(
        reverse("account_login") + f"?next={QUEUE}",
        {"login": office_without_totp.email, "password": PASSWORD},
    )
    assert response.url == QUEUE
    assert client.get(QUEUE).url == ACTIVATE
    # Signed in a moment ago: the set-up does not ask for the password again
    # (reglab.accounts.reauthentication).
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret

    client.post(ACTIVATE, {"code": totp_code(secret)})

    assert client.get(QUEUE).status_code == 200
    # From now on the password alone is not enough.
    client.post(reverse("account_logout"))
    again = client.post(
        reverse("account_login"), {"login": office_without_totp.email, "password": PASSWORD}
    )
    assert again.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None


def test_a_recovery_code_signs_in_once(client, office_user):
    client.force_login(office_user)
    # Recovery codes come with TOTP when it is set up on the page; here they are
    # made the same way allauth's set-up makes them.
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(office_user).generate_codes()
    client.logout()

    sign_in_with_password(client, office_user, next_url=QUEUE)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert response.url == QUEUE
    assert signed_in_as(client) == str(office_user.pk)
    assert client.get(QUEUE).status_code == 200

    other = Client()
    sign_in_with_password(other, office_user, next_url=QUEUE)
    again = other.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200
    assert signed_in_as(other) is None
    other.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert signed_in_as(other) == str(office_user.pk)


def test_losing_totp_later_asks_for_it_again(client, office_user):
    client.force_login(office_user)
    assert client.get(QUEUE).status_code == 200

    Authenticator.objects.filter(user=office_user).delete()

    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url == ACTIVATE


# --- demo mode: only the demo accounts are spared ---------------------------------------


@pytest.fixture
def demo_office(db):
    return UserFactory(
        email="kansli@reglab.example", is_office=True, is_staff=True, second_factor=False
    )


def test_in_demo_mode_the_demo_office_needs_no_totp(client, settings, demo_office, requested):
    settings.DEMO_MODE = True
    client.force_login(demo_office)

    assert client.get(QUEUE).status_code == 200
    assert client.get(ADMIN).status_code == 200
    response = client.post(
        reverse("accounts:affiliation_decide", args=[requested.pk]), {"decision": "confirm"}
    )
    assert response.url == QUEUE
    requested.refresh_from_db()
    assert requested.status == AffiliationStatus.CONFIRMED


def test_in_demo_mode_the_demo_account_signs_in_with_the_password_alone(
    client, settings, demo_office
):
    settings.DEMO_MODE = True

    response = sign_in_with_password(client, demo_office, next_url=QUEUE)

    assert response.url == QUEUE
    assert client.get(QUEUE).status_code == 200


def test_outside_demo_mode_the_demo_office_must_set_up_totp(client, settings, demo_office):
    settings.DEMO_MODE = False
    client.force_login(demo_office)

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response.url == ACTIVATE


@pytest.mark.parametrize(
    "email", ["kansli@example.se", "kansli@reglab.example.se", "kansli@notreglab.example"]
)
def test_in_demo_mode_other_office_accounts_still_need_totp(client, settings, email):
    settings.DEMO_MODE = True
    person = UserFactory(email=email, is_office=True, is_staff=True, second_factor=False)
    client.force_login(person)

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_the_demo_banner_says_the_demo_office_needs_no_second_factor(client, settings):
    settings.DEMO_MODE = True
    text = re.sub(r"\s+", " ", client.get("/").content.decode())
    assert "tvåstegsverifiering" in text
    assert "i drift krävs den" in text

    settings.DEMO_MODE = False
    assert "tvåstegsverifiering" not in client.get("/").content.decode()
