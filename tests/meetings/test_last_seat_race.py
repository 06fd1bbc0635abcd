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
@pytest.mark.asvs("V2.3.4", row=21)
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


def run_at_once(*actions):
    """Run each action in its own thread (and connection), started together; their
    results or errors, in order."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_freed_seat_goes_to_the_queue_not_to_a_newcomer_at_the_same_moment(slow_seat):
    meeting = make_meeting(capacity=1)
    seated, waiting, newcomer = people(3, prefix="ko")
    first = services.registration_register(meeting=meeting, person=seated)
    services.registration_register(meeting=meeting, person=waiting)
    run_at_once(
        lambda: services.registration_cancel(registration=first, by=seated),
        lambda: services.registration_register(meeting=meeting, person=newcomer),
    )
    status = dict(meeting.registrations.values_list("person_id", "status"))
    assert status == {
        seated.pk: RegistrationStatus.CANCELLED,
        waiting.pk: RegistrationStatus.REGISTERED,
        newcomer.pk: RegistrationStatus.WAITLISTED,
    }


def test_one_seat_cancelled_twice_at_once_moves_the_queue_up_by_one(slow_seat):
    meeting = make_meeting(capacity=1)
    seated, second, third = people(3, prefix="dubbel")
    first = services.registration_register(meeting=meeting, person=seated)
    services.registration_register(meeting=meeting, person=second)
    services.registration_register(meeting=meeting, person=third)
    results = run_at_once(
        lambda: services.registration_cancel(registration=first, by=seated),
        lambda: services.registration_cancel(registration=first, by=seated),
    )
    assert sum(result is not None for result in results) == 1, results
    status = dict(meeting.registrations.values_list("person_id", "status"))
    assert status[second.pk] == RegistrationStatus.REGISTERED
    assert status[third.pk] == RegistrationStatus.WAITLISTED
