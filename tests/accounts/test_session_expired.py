"""The one decision on a session's age (reglab.accounts.sessions.session_expired), shared by
the page middleware and the live dialog's WebSockets: pure, so no database."""

import pytest

from reglab.accounts.sessions import SEEN, STARTED, session_expired

NOW = 1_800_000_000
IDLE = 30 * 60
ABSOLUTE = 12 * 60 * 60


def expired(session):
    return session_expired(session, now=NOW, idle=IDLE, absolute=ABSOLUTE)


@pytest.mark.asvs("V7.3.1", row=9)
@pytest.mark.parametrize(
    ("seen_ago", "is_expired"), [(0, False), (IDLE - 1, False), (IDLE, True), (IDLE + 1, True)]
)
def test_the_idle_limit(seen_ago, is_expired):
    assert expired({STARTED: NOW - seen_ago, SEEN: NOW - seen_ago}) is is_expired


@pytest.mark.asvs("V7.3.1", row=9)
@pytest.mark.parametrize(
    ("started_ago", "is_expired"),
    [(ABSOLUTE - 1, False), (ABSOLUTE, True), (ABSOLUTE + 1, True)],
)
def test_the_absolute_limit_however_recently_seen(started_ago, is_expired):
    assert expired({STARTED: NOW - started_ago, SEEN: NOW}) is is_expired


def test_a_session_without_a_clock_has_passed_neither_limit():
    assert expired({}) is False
    assert expired({STARTED: NOW - ABSOLUTE + 1}) is False
    assert expired({SEEN: NOW - IDLE}) is True
