"""Finding 6: behind a proxy every limit keys on the person's own address, and mail cannot
break sign-in.

Behind a proxy REMOTE_ADDR is the proxy's address for everyone, so allauth's and
axes' per-address limits used to count all people together: five code requests
a minute from anyone blocked code sign-in for everybody. With BEHIND_PROXY the
client's address is taken from X-Forwarded-For, trusting exactly
TRUSTED_PROXY_COUNT proxies (the entries they appended, from the right); without
it the header is ignored, since anyone can send it.

Sign-in e-mail (codes, confirmation links, resets) goes through the task queue,
so an SMTP outage does not turn a sign-in request into an error page.
"""

import logging
import smtplib

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from reglab.core.client_ip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "198.51.100.7"
CLIENT_B = "203.0.113.40"
CODE_REQUESTS_PER_MINUTE = 5  # ACCOUNT_RATE_LIMITS["request_login_code"], per address
RATE_LIMITED = "För många misslyckade försök"


class FailingSMTPBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as smtplib does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("Connection unexpectedly closed")


@pytest.fixture
def behind_proxy(settings):
    """The settings BEHIND_PROXY=1 gives (the settings module reads the environment once)."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def request_code(client, email, xff=None):
    extra = {"REMOTE_ADDR": PROXY}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("account_request_login_code"), {"email": email}, **extra)


def limited(response):
    """Allauth refuses the code request on the form itself: the page again, with the reason."""
    return response.status_code == 200 and RATE_LIMITED in response.content.decode()


def exhaust_code_requests(xff_for):
    """Use up the per-address code requests; each with its own address and client."""
    for n in range(CODE_REQUESTS_PER_MINUTE):
        response = request_code(Client(), f"person{n}@example.se", xff_for(n))
        assert response.status_code == 302


# The helper ---------------------------------------------------------------------


def _request(remote, xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(CLIENT_A, xff=CLIENT_B)) == CLIENT_A


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (1, CLIENT_A, CLIENT_A),
        # The client's own header comes first; the proxy appends what it saw.
        (1, f"{CLIENT_B}, {CLIENT_A}", CLIENT_A),
        (1, f"1.2.3.4,{CLIENT_B},  {CLIENT_A} ", CLIENT_A),
        # Two proxies (a load balancer in front of nginx): the second from the right.
        (2, f"{CLIENT_B}, {CLIENT_A}, 10.0.0.9", CLIENT_A),
        (1, "2001:db8::1", "2001:db8::1"),
        # A header the proxy did not write as expected: the proxy's own address.
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (2, CLIENT_A, PROXY),
    ],
)
def test_behind_a_proxy_the_trusted_entry_is_used(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(PROXY, xff=xff)) == expected


# Limits per client ----------------------------------------------------------------


def test_one_client_using_up_code_requests_does_not_block_another(behind_proxy):
    exhaust_code_requests(lambda n: CLIENT_A)

    blocked = request_code(Client(), "en-till@example.se", CLIENT_A)
    other = request_code(Client(), "en-annan@example.se", CLIENT_B)

    assert limited(blocked)
    assert other.status_code == 302
    assert other.url.startswith(reverse("account_confirm_login_code"))


def test_a_spoofed_header_does_not_escape_the_limit(behind_proxy):
    # The client writes its own X-Forwarded-For, new each time; the proxy appends CLIENT_A.
    exhaust_code_requests(lambda n: f"192.0.2.{n}, {CLIENT_A}")

    response = request_code(Client(), "en-till@example.se", f"192.0.2.200, {CLIENT_A}")
    assert limited(response)
    # ... and naming CLIENT_A first does not make CLIENT_B's request count as CLIENT_A's.
    response = request_code(Client(), "en-annan@example.se", f"{CLIENT_A}, {CLIENT_B}")
    assert response.status_code == 302


def test_without_a_proxy_a_forwarded_header_cannot_dodge_the_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(CODE_REQUESTS_PER_MINUTE):
        response = Client().post(
            reverse("account_request_login_code"),
            {"email": f"person{n}@example.se"},
            REMOTE_ADDR=CLIENT_A,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        assert response.status_code == 302
    response = Client().post(
        reverse("account_request_login_code"),
        {"email": "en-till@example.se"},
        REMOTE_ADDR=CLIENT_A,
        HTTP_X_FORWARDED_FOR="192.0.2.250",
    )
    assert limited(response)


def test_axes_records_the_clients_address(behind_proxy, member_rep):
    Client().post(
        reverse("account_login"),
        {"login": member_rep.email, "password": "fel-losenord-som-gissas"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.1, {CLIENT_A}",
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT_A]


# Mail through the task queue -------------------------------------------------------


def test_a_mail_outage_does_not_break_code_sign_in(settings, member_rep, caplog):
    working = Client()
    normal = request_code(working, member_rep.email)
    normal_page = working.get(normal.url)

    settings.MAILERS = {
        "default": {"BACKEND": "tests.security.test_finding_06_proxy_addresses.FailingSMTPBackend"}
    }
    broken = Client()
    with caplog.at_level(logging.ERROR, logger="reglab.accounts.tasks"):
        response = request_code(broken, member_rep.email)
    page = broken.get(response.url)

    assert (response.status_code, response.url) == (normal.status_code, normal.url)
    assert page.status_code == normal_page.status_code == 200
    assert page.context["email"] == normal_page.context["email"] == member_rep.email
    assert "Enter your sign-in code" in page.content.decode() or "inloggningskod" in (
        page.content.decode()
    )
    assert any("SMTPException" in r.getMessage() or r.exc_info for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_sends_the_code(settings, member_rep):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    response = request_code(Client(), member_rep.email)

    assert response.status_code == 302
    # The request only queued the mail.
    assert mail.outbox == []
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "reglab.accounts.tasks.send_account_mail"
    ]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [message] = mail.outbox
    assert message.to == [member_rep.email]
    assert message.subject.startswith("[Reglab] ")


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_mail_outage_is_logged_by_the_worker(
    settings, member_rep, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {"BACKEND": "tests.security.test_finding_06_proxy_addresses.FailingSMTPBackend"}
    }

    response = request_code(Client(), member_rep.email)
    assert response.status_code == 302

    with caplog.at_level(logging.ERROR, logger="reglab.accounts.tasks"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [r for r in caplog.records if r.name == "reglab.accounts.tasks"]
