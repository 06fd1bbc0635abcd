"""Two people take the last seat at once: exactly one gets it, the other queues.

``registration_register`` locks the meeting row (select_for_update) before it
counts the seats taken, so the second waits for the first to commit and then
sees the meeting full. Real threads, each with its own connection, start
together at a barrier; the count is slowed down so that without the lock both
would see the same free seat.
"""

import threading
import time

import pytest
from django.db import connection

from reglab.meetings.models import RegistrationStatus
from reglab.meetings.services import registration as services
from tests.meetings.conftest import make_meeting, people

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def slow_seat(monkeypatch):
    original = services.rules.seat_or_queue

    def slowly(**kwargs):
        answer = original(**kwargs)
        time.sleep(0.3)
        return answer

    monkeypatch.setattr(services.rules, "seat_or_queue", slowly)


@pytest.mark.parametrize("contenders", [2, 4])
def test_the_last_seat_goes_to_exactly_one(slow_seat, contenders):
    meeting = make_meeting(capacity=3)
    for person in people(2, prefix="redan"):
        services.registration_register(meeting=meeting, person=person)
    racers = people(contenders, prefix="racer")
    barrier = threading.Barrier(contenders)
    outcomes = {}

    def register(person):
        try:
            barrier.wait(timeout=10)
            registration = services.registration_register(meeting=meeting, person=person)
            outcomes[person.pk] = registration.status
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[person.pk] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["registered"] + ["waitlisted"] * (contenders - 1), outcomes
    assert meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 3
