"""The authorization matrix: every role × every route × the object's state, every cell asserted.

The routes are found from the platform's configuration (tests/security/authz_routes.py):
every URL pattern (pages, exports, feeds, the admin), every operation of the API and
every WebSocket. Each must have a row in the table (tests/security/authz_table.py),
and each row a route: a new route without a row fails ``test_every_route_is_in_the_table``
with its name. Each row is asked of every role (tests/security/authz_world.py) for
every state of its object (tests/security/authz_subjects.py), against the seeded demo
built once for the module (tests/shared_data.py). A write is rolled back after each
cell; a role that must be refused must also leave every table as it was. The number
of cells is printed at the end of the run (tests/security/conftest.py).
"""

import logging

import pytest

from tests.security.authz_admin import admin_params
from tests.security.authz_bodies import BODIES, body_for
from tests.security.authz_cells import REFUSED, Clients, ask, ask_socket, matches, url_of
from tests.security.authz_routes import all_routes
from tests.security.authz_table import TABLE
from tests.security.authz_world import ROLES, build_world
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db
ROUTES = all_routes()
CELLS = {"asked": 0}
API_WRITES = ("POST /api/", "PUT /api/", "PATCH /api/", "DELETE /api/")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_setup(django_db_blocker, tmp_path_factory):
        everyone, subjects = build_world()
        yield subjects, Clients(everyone, subjects)


@pytest.fixture(autouse=True)
def _refusals_unlogged():
    """Thousands of refusals are the point here; each would be a logged warning."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def socket_in_the_test_transaction(monkeypatch):
    """Channels closes "old" connections around each database call, which would end the
    test's transaction; the test client keeps it, and so does the socket here."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def test_every_route_is_in_the_table():
    listed = {row.route for row in TABLE}
    missing = sorted(set(ROUTES) - listed)
    assert not missing, f"Routes missing from the authorization table: {missing}"
    unknown = sorted(listed - set(ROUTES))
    assert not unknown, f"Rows for routes that no longer exist: {unknown}"


def test_every_role_is_in_every_row():
    assert all(tuple(row.outcomes) == ROLES for row in TABLE)


def _subjects(row, subjects):
    if row.kind == "admin":
        return {"-": None}
    found = subjects[row.kind]
    states = row.states or tuple(found)
    return {state: found[state] for state in states}


@pytest.mark.parametrize("row", TABLE, ids=[f"{r.method} {r.route} {r.kind}" for r in TABLE])
def test_cells(row, world, socket_in_the_test_transaction):
    subjects, clients = world
    route = ROUTES[row.route]
    wrong = []
    for state, subject in _subjects(row, subjects).items():
        if subject is None:
            params, cast = admin_params(row.route, route), subjects["none"]["-"].cast
        else:
            params, cast = subject.params, subject.cast
        url = url_of(row.route, route, params, row.aliases)
        body = None
        if row.route.startswith(API_WRITES):
            body = body_for(row.route, params, clients.for_role("superuser", cast["superuser"]))
        for role, expected in row.outcomes.items():
            if role not in cast:
                continue  # the object has no such role (a provrum without a leader)
            client = clients.for_role(role, cast[role])
            CELLS["asked"] += 1
            if row.method == "WS":
                observed, changed = ask_socket(client, url), False
            else:
                observed, changed = ask(client, row.method, url, body)
            if not matches(expected, observed):
                wrong.append(f"{state} {role}: expected {expected}, got {observed} ({url})")
            elif changed and expected in REFUSED:
                wrong.append(f"{state} {role}: refused ({observed}) but a table changed ({url})")
            elif row.route.startswith(API_WRITES) and expected == "2" and not changed:
                wrong.append(f"{state} {role}: allowed but nothing changed ({url})")
    assert not wrong, "\n".join(wrong)


def test_every_api_write_has_a_body():
    writes = {route for route in ROUTES if route.startswith(API_WRITES)}
    assert sorted(writes - set(BODIES)) == []
    assert sorted(set(BODIES) - writes) == []
