"""ASVS rows 35–36: the security log (reglab/core/security_log.py) and the error page."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from reglab.core.security_log import neutralise
from tests.conftest import PASSWORD
from tests.security.sweep import production_values

LINE = re.compile(
    r"^time=(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) event=(?P<event>\w+) "
    r"actor=(?P<actor>\d+|-) ip=(?P<ip>[0-9a-f.:]+) "
)


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def security_lines():
    """The security log's lines as its handler would write them."""
    logger = logging.getLogger("reglab.security")
    handler = _Lines()
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def _events(lines):
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        when = datetime.fromisoformat(match["time"].replace("Z", "+00:00"))
        assert abs(datetime.now(UTC) - when) < timedelta(minutes=5), "not UTC"
        found.append(match.groupdict() | {"line": line})
    return found


# Row 35 ---------------------------------------------------------------------------


@pytest.mark.asvs("V16.3.1", row=35)
@pytest.mark.django_db
def test_sign_in_sign_out_and_a_failed_sign_in_are_logged(client, member_rep, security_lines):
    client.post(reverse("account_login"), {"login": member_rep.email, "password": "fel-losenord-1"})
    client.post(reverse("account_login"), {"login": member_rep.email, "password": PASSWORD})
    client.post(reverse("account_logout"))
    events = _events(security_lines)
    assert [event["event"] for event in events] == ["sign_in_failed", "sign_in", "sign_out"]
    assert events[0]["actor"] == "-"
    assert f"login={member_rep.email}" in events[0]["line"]
    assert events[1]["actor"] == events[2]["actor"] == str(member_rep.pk)
    assert {event["ip"] for event in events} == {"127.0.0.1"}
    # No secret: neither password, nor the session key, nor the CSRF token.
    text = "\n".join(security_lines)
    assert "fel-losenord-1" not in text and PASSWORD not in text
    assert "sessionid" not in text and "csrf" not in text.lower()


@pytest.mark.asvs("V16.3.1", row=35)
@pytest.mark.django_db
def test_a_refused_permission_is_logged_with_the_actor(client, member_rep, security_lines):
    client.force_login(member_rep)
    security_lines.clear()
    response = client.get(reverse("accounts:affiliation_queue"), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 403
    [event] = _events(security_lines)
    assert event["event"] == "refused"
    assert event["actor"] == str(member_rep.pk)
    assert event["ip"] == "192.0.2.10"
    assert "path=/" in event["line"] and "status=403" in event["line"]


@pytest.mark.asvs("V16.3.1", row=35)
@pytest.mark.django_db
def test_a_forged_log_line_is_neutralised(security_lines):
    forged = "x@example.se\r\ntime=2020-01-01T00:00:00.000Z event=sign_in actor=1 ip=1.2.3.4"
    # The sign-in form refuses such an address before it is tried; an authentication
    # backend is asked with it as given (allauth's own, the admin's, the API's).
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, email=forged, password="fel-losenord-1") is None
    assert len(security_lines) == 1
    [line] = security_lines
    assert "\r" not in line and "\n" not in line
    assert "\\x0d\\x0atime=2020" in line
    assert line.count(" event=") == 1


@pytest.mark.asvs("V16.3.1", row=35)
def test_neutralise_escapes_every_control_character():
    assert neutralise("a\u2028b\x1b[31mc\td e") == "a\\x2028b\\x1b[31mc\\x09d_e"
    assert len(neutralise("å" * 1000)) == 200


# Row 36 ---------------------------------------------------------------------------


@pytest.mark.asvs("V16.5.1", row=36)
def test_debug_is_off_in_production():
    assert production_values()["DEBUG"] is False


@pytest.mark.asvs("V16.5.1", row=36)
@pytest.mark.urls("tests.core.unreachable_urls")
@pytest.mark.django_db
def test_the_error_page_is_swedish_with_a_reference_and_no_traceback(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="reglab.errors"):
        response = client.get("/test/other/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "Något gick fel hos oss" in page
    [reference] = re.findall(r"felreferensen <strong><code>([0-9a-f]{12})</code>", page)
    for detail in ("Traceback", "ZeroDivisionError", "unreachable_urls", 'File "'):
        assert detail not in page
    [record] = [r for r in caplog.records if r.name == "reglab.errors"]
    assert f"reference={reference}" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError
    # Each error its own reference.
    with caplog.at_level(logging.ERROR, logger="reglab.errors"):
        again = client.get("/test/other/").content.decode()
    assert reference not in again
