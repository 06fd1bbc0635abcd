"""Drill: the year's last go-ahead and a meeting's last seat, raced through several app
processes on PostgreSQL, 100 times each: exactly one winner every time.

`make serve` runs four gunicorn processes. Each round makes the contenders through the
services (as the tests do: tests/provrum/conftest.py and tests/meetings/conftest.py), then
sends their requests through the API at the same moment (a barrier), so they land in
different processes with their own database connections:

- go-ahead: the office's annual cap is set to one more than the year's go-aheads, and two
  ready provrum ask for it at once: one gets 200, the other 409 ``capacity_reached``, and the
  database holds exactly one new go-ahead;
- seat: a meeting with one seat left and two people registering at once: one ``registered``,
  the other ``waitlisted``, and the meeting never holds more than its seats.
"""

import os
import sys

from bench.drills.client import at_once, request, result_line
from bench.drills.platform import platform, serve

ROUNDS = int(os.environ.get("DRILL_ROUNDS", "100"))


def main() -> int:
    with platform("races", time_limit=1200) as running:
        cast, office_token = make_cast()
        serve(running, workers=4)
        go_ahead = race_go_aheads(running.http_port, cast, office_token)
        seats = race_seats(running.http_port)
        figures = {**go_ahead, **seats}
        print("\n".join(f"{key}: {value}" for key, value in figures.items()))
        passed = (
            go_ahead["go-ahead rounds with exactly one winner"] == ROUNDS
            and seats["seat rounds with exactly one winner"] == ROUNDS
            and go_ahead["go-ahead errors"] == 0
            and seats["seat errors"] == 0
        )
        print(result_line("races", passed, figures))
        return 0 if passed else 1


def make_cast():
    from django.db import connections

    from reglab.api.services import api_token_create
    from tests.factories import UserFactory
    from tests.provrum.conftest import cast_of

    # The factory gives the office its second factor, without which its token cannot act.
    office = UserFactory(email="kansli@example.se", name="Kansliet", is_office=True)
    _token, raw = api_token_create(person=office, name="Övning")
    cast = cast_of(office)
    connections.close_all()
    return cast, raw


def race_go_aheads(port: int, cast, office_token: str) -> dict:
    from django.db import connections

    from reglab.provrum.facts import go_aheads_in_year
    from reglab.provrum.models import FormatRules, Provrum, State
    from tests.provrum.conftest import ready_provrum

    exact, errors, outcomes = 0, 0, {}
    for number in range(ROUNDS):
        before = go_aheads_in_year()
        # The one rules row (made with its defaults if the platform has not made it yet).
        FormatRules.objects.update_or_create(pk=1, defaults={"max_go_aheads_per_year": before + 1})
        contenders = [ready_provrum(cast, title=f"Övning {number} {side}") for side in "AB"]
        connections.close_all()
        results = at_once(
            [
                lambda p=provrum: request(
                    port,
                    "POST",
                    f"/api/v1/provrum/{p.pk}/go-ahead",
                    {"comment": "Klartecken."},
                    office_token,
                )
                for provrum in contenders
            ]
        )
        statuses = sorted(
            (r[0], r[1].get("code", "") if isinstance(r[1], dict) else "")
            if isinstance(r, tuple)
            else (0, repr(r))
            for r in results
        )
        outcomes[str(statuses)] = outcomes.get(str(statuses), 0) + 1
        states = list(
            Provrum.objects.filter(pk__in=[p.pk for p in contenders]).values_list(
                "state", flat=True
            )
        )
        winners = states.count(State.GO_AHEAD)
        if (
            winners == 1
            and go_aheads_in_year() == before + 1
            and [s for s, _c in statuses] == [200, 409]
        ):
            exact += 1
        if any(status >= 500 or status == 0 for status, _code in statuses):
            errors += 1
    return {
        "go-ahead rounds": ROUNDS,
        "go-ahead rounds with exactly one winner": exact,
        "go-ahead errors": errors,
        "go-ahead answers (status, code) × rounds": outcomes,
    }


def race_seats(port: int) -> dict:
    from django.db import connections

    from reglab.api.services import api_token_create
    from reglab.meetings.models import Registration, RegistrationStatus
    from reglab.meetings.services.registration import registration_register
    from tests.meetings.conftest import make_meeting, people

    racers = people(2 * ROUNDS, prefix="tavlande")
    tokens = {person.pk: api_token_create(person=person, name="Övning")[1] for person in racers}
    already = people(ROUNDS, prefix="redan")
    exact, errors, outcomes = 0, 0, {}
    for number in range(ROUNDS):
        meeting = make_meeting(capacity=2, title=f"Övningsträff {number}")
        registration_register(meeting=meeting, person=already[number])
        pair = racers[2 * number : 2 * number + 2]
        connections.close_all()
        path = f"/api/v1/meetings/{meeting.pk}/registrations"
        results = at_once(
            [
                lambda person=person, path=path: request(
                    port,
                    "POST",
                    path,
                    {},
                    tokens[person.pk],
                )
                for person in pair
            ]
        )
        places = sorted(
            r[1].get("status", "") if isinstance(r, tuple) and isinstance(r[1], dict) else repr(r)
            for r in results
        )
        outcomes[str(places)] = outcomes.get(str(places), 0) + 1
        seated = Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.REGISTERED
        ).count()
        if places == ["registered", "waitlisted"] and seated == 2:
            exact += 1
        if any(not (isinstance(r, tuple) and r[0] == 201) for r in results):
            errors += 1
    return {
        "seat rounds": ROUNDS,
        "seat rounds with exactly one winner": exact,
        "seat errors": errors,
        "seat answers × rounds": outcomes,
    }


if __name__ == "__main__":
    sys.exit(main())
