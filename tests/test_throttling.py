"""
Password guessing is throttled.

Two layers guard the password: allauth's own rate limit on failed sign-ins
(ACCOUNT_RATE_LIMITS["login_failed"], in the cache) and django-axes (in the
database, per account and IP address, also covering the admin). Whichever
comes first, the attempt after AXES_FAILURE_LIMIT failures is refused even
with the right password. The cache is cleared around every test (conftest).
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.test_signin_code import code_from

pytestmark = pytest.mark.django_db

WRONG = "fel-losenord-som-gissas"
IP = "203.0.113.10"
OTHER_IP = "203.0.113.99"


def attempt(client, email, password, ip=IP):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def refused(response, client):
    """Not signed in: axes' lockout (429) or allauth's form error or rate limit."""
    return not signed_in(client) and response.status_code in (200, 429)


@pytest.fixture
def axes_only(settings):
    """Switch allauth's failed-login limit off to see django-axes on its own."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": False}
    return settings.AXES_FAILURE_LIMIT


def test_right_password_is_refused_after_the_failure_limit(client, member_rep):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, member_rep.email, WRONG)
        assert refused(response, client)

    response = attempt(client, member_rep.email, PASSWORD)

    assert refused(response, client)
    assert response.status_code == 429 or response.context["form"].non_field_errors()


def test_a_few_failures_do_not_block_the_right_password(client, member_rep):
    for _ in range(3):
        attempt(client, member_rep.email, WRONG)

    response = attempt(client, member_rep.email, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_allauth_limits_failures_per_account(client, member_rep):
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[-1].split("/")[0])
    assert limit <= settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        attempt(client, member_rep.email, WRONG)

    response = attempt(client, member_rep.email, PASSWORD)

    assert not signed_in(client)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_axes_locks_out_after_the_failure_limit(client, member_rep, axes_only):
    for number in range(1, axes_only + 1):
        response = attempt(client, member_rep.email, WRONG)
        assert not signed_in(client)
        # Up to the limit the form answers; the limit-th failure itself is locked out.
        assert response.status_code == (429 if number == axes_only else 200)

    response = attempt(client, member_rep.email, PASSWORD)

    assert response.status_code == 429
    assert "account/locked_out.html" in [t.name for t in response.templates]
    assert not signed_in(client)
    # The lockout page offers the way in that still works: a one-time code.
    assert reverse("account_request_login_code") in response.content.decode()


def test_axes_counts_per_account_and_ip_address(client, member_rep, axes_only):
    for _ in range(axes_only - 1):
        attempt(client, member_rep.email, WRONG)

    [record] = AccessAttempt.objects.all()
    assert record.username == member_rep.email
    assert record.ip_address == IP
    assert record.failures_since_start == axes_only - 1


def test_axes_counts_every_spelling_of_the_address_together(client, member_rep, axes_only):
    for number in range(axes_only):
        email = member_rep.email.upper() if number % 2 else member_rep.email
        attempt(client, email, WRONG)

    response = attempt(client, member_rep.email, PASSWORD)

    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == member_rep.email


def test_lockout_does_not_spread_to_other_ips_or_accounts(client, member_rep, axes_only):
    other_person = UserFactory(email="annan@example.se")
    for _ in range(axes_only):
        attempt(client, member_rep.email, WRONG)
    assert attempt(client, member_rep.email, PASSWORD).status_code == 429

    # The same account from another IP address ...
    response = attempt(client.__class__(), member_rep.email, PASSWORD, ip=OTHER_IP)
    assert response.status_code == 302
    # ... and another account from the same IP address can still sign in.
    other = client.__class__()
    response = attempt(other, other_person.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(other)


def test_success_before_the_limit_resets_the_count(client, member_rep, axes_only):
    for _ in range(axes_only - 1):
        attempt(client, member_rep.email, WRONG)
    assert attempt(client, member_rep.email, PASSWORD).status_code == 302
    client.logout()

    for _ in range(axes_only - 1):
        attempt(client, member_rep.email, WRONG)
    response = attempt(client, member_rep.email, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_one_time_code_still_works_when_locked_out(client, member_rep, axes_only):
    for _ in range(axes_only):
        attempt(client, member_rep.email, WRONG)
    assert attempt(client, member_rep.email, PASSWORD).status_code == 429

    client.post(reverse("account_request_login_code"), {"email": member_rep.email}, REMOTE_ADDR=IP)
    code = code_from(mail.outbox[-1])
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=IP)

    assert response.status_code == 302
    assert signed_in(client)


def test_admin_sign_in_is_allauths_and_throttled(client, superuser):
    """
    /admin/login/ checks no password itself (finding 2 of issue 10): it forwards
    to allauth's sign-in with the admin as the next page, and that is throttled.
    """
    login = client.get(reverse("admin:login") + "?next=/admin/").url
    assert login.startswith(reverse("account_login"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"login": superuser.email, "password": WRONG}, REMOTE_ADDR=IP)

    response = client.post(login, {"login": superuser.email, "password": PASSWORD}, REMOTE_ADDR=IP)

    assert response.status_code in (200, 429)
    assert not signed_in(client)
    assert AccessAttempt.objects.get().username == superuser.email
