"""Two go-aheads at once for the year's last place: exactly one succeeds.

``provrum_give_go_ahead`` locks the FormatRules row before it counts the year's
go-aheads, so the second office decision waits for the first to commit and then
sees the place taken. Real threads, each with its own database connection, are
started together by a barrier; the count is slowed down a little so that,
without the lock, both would count the same free place (removing the lock makes
this test fail).
"""

import threading
import time

import pytest
from django.db import connection

from reglab.provrum import lifecycle
from reglab.provrum.facts import go_aheads_in_year
from reglab.provrum.models import Decision, Provrum, State
from reglab.provrum.proposal import decisions, services
from tests.provrum.conftest import ready_provrum

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def quiet(monkeypatch):
    """No notifications: they are not what this test is about, and they run after commit."""
    monkeypatch.setattr(lifecycle, "dispatch", lambda *args, **kwargs: None)


@pytest.fixture
def slow_count(monkeypatch):
    """Count the year's go-aheads, then wait: widens the window between counting and saving."""

    def counted_slowly(year=None):
        count = go_aheads_in_year(year)
        time.sleep(0.3)
        return count

    monkeypatch.setattr(decisions, "go_aheads_in_year", counted_slowly)


@pytest.mark.asvs("V2.3.4", row=21)
def test_two_go_aheads_for_the_last_place(cast, quiet, slow_count):
    office = cast["office"]
    first = ready_provrum(cast, title="AI och visualisering")
    decisions.provrum_give_go_ahead(provrum=first, by=office, comment="Klartecken.")
    contenders = [
        ready_provrum(cast, title="Civilt försvar"),
        ready_provrum(cast, title="Genomförandet av RUS"),
    ]
    barrier = threading.Barrier(len(contenders))
    outcomes = {}

    def decide(provrum):
        try:
            barrier.wait(timeout=10)
            decisions.provrum_give_go_ahead(provrum=provrum, by=office, comment="Klartecken.")
            outcomes[provrum.pk] = "go_ahead"
        except services.RuleViolation as refused:
            outcomes[provrum.pk] = [reason.code for reason in refused.reasons]
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[provrum.pk] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(provrum,)) for provrum in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["['capacity_reached']", "go_ahead"], outcomes
    assert go_aheads_in_year() == 2
    states = dict(Provrum.objects.filter(pk__in=outcomes).values_list("pk", "state"))
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "go_ahead")
    loser = next(pk for pk in outcomes if pk != winner)
    assert states == {winner: State.GO_AHEAD, loser: State.INTEREST}
    assert Decision.objects.filter(outcome=Decision.Outcome.GO_AHEAD).count() == 2
