"""Schemathesis against the API's own OpenAPI schema, as four roles.

Every operation in ``/api/v1/openapi.json`` gets at least ``EXAMPLES`` requests –
schema-valid ones and schema-violating ones: first every case of Schemathesis' coverage
phase (each boundary, each property missing or of the wrong type: 11 to about 200 an
operation), then cases Hypothesis generates until the operation has ``EXAMPLES`` in all
and at least ``FUZZED`` generated ones – and each request is sent as anonymous, a
member's representative, a partner's representative and the office (with its second
factor) – the roles take turns – against the seeded demo. Every answer must be:

- never a server error (ST101);
- a documented status code with the documented content type and a body that
  matches the documented schema (ST103, ST107, ST108, ST110);
- for a schema-valid request, not refused as malformed: a 422 is only allowed
  for what the schema cannot say (an organisation that does not exist, a date in
  the past) – never for a character, number or property the schema allows
  (``the_schema_describes_what_is_refused``);
- for a schema-violating request, refused (ST201), and a request without
  credentials to an operation that needs them, refused (ST104).

Then the stateful phase: per role, walks along the schema's links (reglab.api.openapi
adds them; Schemathesis infers more) with the same checks and the stateful ones; and a
last test reads how many cases each operation and role got.

Run it on both databases (``DATABASE_URL=postgres://…``); fewer cases with
``SCHEMATHESIS_EXAMPLES=20``, longer walks with ``SCHEMATHESIS_SCENARIOS`` and
``SCHEMATHESIS_STEPS``; ``make fuzz`` (bench/drills/fuzz.py) runs it with 1000 cases.
"""

import json
import os
from collections import Counter

import pytest
import schemathesis
from allauth.mfa.models import Authenticator
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reglab.accounts.models import User
from reglab.api.api import api
from reglab.api.services import api_token_create
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))
# Generated (fuzzing-phase) cases each operation gets at least, beside the coverage phase's.
FUZZED = min(int(os.environ.get("SCHEMATHESIS_FUZZED", "20")), EXAMPLES)
# The stateful phase: per role, SCENARIOS walks of up to STEPS requests each along the links
# Schemathesis infers between the operations (an id one answer gives, another takes).
SCENARIOS = int(os.environ.get("SCHEMATHESIS_SCENARIOS", "10"))
STEPS = int(os.environ.get("SCHEMATHESIS_STEPS", "10"))
ROLES = {
    "anonymous": None,
    "member": "region-skane@reglab.example",
    "partner": "nordregio@reglab.example",
    "office": "kansli@reglab.example",
}
# Refusals that mean "the schema allowed what the parser or the input guard refuses".
MALFORMED = {"unsafe_character", "number_too_large", "too_deep", "json_invalid"}

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
)
schema.app = WSGIHandler()
schema.location = "/api/v1/openapi.json"
# Requests sent per (operation, role), by both tests below; the last test reads it.
cases_sent = Counter()
# Cases generated per operation (the roles take turns on them).
turns = Counter()
# Fuzzing-phase cases of an operation that takes nothing (sent as every role).
drawn_whole = Counter()
# Fuzzing-phase cases sent per operation.
fuzzed = Counter()
# Operations without parameters or body: the same few requests, whichever the role.
TAKES_NOTHING = {
    f"{method.upper()} {path}"
    for path, methods in schema.raw_schema["paths"].items()
    for method, operation in methods.items()
    if not operation.get("parameters") and "requestBody" not in operation
}
# positive_data_acceptance wants a 2xx for every schema-valid request. Here a valid request
# is refused for what the schema cannot say – 401/403 for a role without the right, 404 for
# an id that does not exist or is not visible to the role, 409 for the object's state – so
# it is left out for every role; the_schema_describes_what_is_refused takes its place: a
# valid request is never refused as malformed (a 422 for its form).
steps_sent = Counter()
# Built once: the links are inferred from the schema (no links are written into it, so
# the published schema is unchanged) – each role's walk below is a subclass of this.
StateMachine = schema.as_state_machine()


@schemathesis.check
def the_schema_describes_what_is_refused(ctx, response, case):
    """A schema-valid request may be refused for its meaning, never for its form."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 422:
        return None
    body = response.json()
    kinds = {error.get("type") for error in body.get("errors", [])}
    pydantic = {kind for kind in kinds if kind not in (None, "invalid")} - MALFORMED
    if kinds & MALFORMED or pydantic:
        raise AssertionError(
            f"A schema-valid request was refused as malformed ({sorted(kinds)}): {body['detail']}"
        )
    return None


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module, and an API token per role."""
    with shared_setup(django_db_blocker, tmp_path_factory):
        call_command("seed_demo", verbosity=0)
        office = User.objects.get(email=ROLES["office"])
        Authenticator.objects.create(user=office, type=Authenticator.Type.TOTP, data={})
        found = {}
        for role, email in ROLES.items():
            if email is not None:
                _, found[role] = api_token_create(person=User.objects.get(email=email))
        yield found


@pytest.fixture
def wsgi_like_the_test_client():
    """Keep the test's connection (and its transaction) open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def generate_what_the_coverage_phase_left(request):
    """Hypothesis generates what the operation lacks after the coverage phase's cases.

    Schemathesis hands those to Hypothesis as explicit examples, which run first; the
    generate phase then draws ``max_examples`` more: EXAMPLES less the explicit ones, and
    never fewer than FUZZED.
    """
    test = request.function
    explicit = getattr(test, "hypothesis_explicit_examples", None)
    if explicit is not None:
        test._hypothesis_internal_use_settings = settings(
            test._hypothesis_internal_use_settings,
            max_examples=max(FUZZED, EXAMPLES - len(explicit)),
        )


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_its_schema_says(case, tokens, wsgi_like_the_test_client):
    # The roles take turns, so each gets a quarter of the operation's cases. An operation
    # that takes nothing has one schema-valid request (Hypothesis stops once it is drawn):
    # that one goes to every role.
    label = case.operation.label
    generated = case.meta.phase.name == TestPhase.FUZZING
    fuzzed[label] += generated
    if label in TAKES_NOTHING and generated:
        roles = list(ROLES)
        drawn_whole[label] += 1
    else:
        roles = [list(ROLES)[turns[label] % len(ROLES)]]
    turns[label] += 1
    for role in roles:
        cases_sent[label, role] += 1
        headers = {"Accept-Language": "sv", "Accept-Encoding": "identity"}
        if role in tokens:
            headers["Authorization"] = f"Bearer {tokens[role]}"
        case.call_and_validate(
            headers=headers,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[the_schema_describes_what_is_refused],
        )


def test_the_schema_is_walked_whole():
    """Every operation of the schema is a test above (none skipped by the loader)."""
    operations = [
        (method, path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    ]
    assert len(operations) >= 60
    assert len(list(schema.get_all_operations())) == len(operations)


@pytest.mark.parametrize("role", list(ROLES))
def test_the_links_between_operations_hold(role, tokens, wsgi_like_the_test_client):
    """Walks from one operation to the next along the inferred links, as ``role``.

    What one answer names (a provrum, meeting, document, survey …) is taken by the
    next request, so an operation is also reached with ids that exist and in the
    states earlier steps left behind; every answer passes the same checks as above,
    and the stateful ones (a deleted object stays gone, a created one can be read).
    """
    headers = {"Accept-Language": "sv", "Accept-Encoding": "identity"}
    if role in tokens:
        headers["Authorization"] = f"Bearer {tokens[role]}"

    class Walk(StateMachine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            steps_sent[role] += 1
            cases_sent[case.operation.label, role] += 1
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                additional_checks=[the_schema_describes_what_is_refused],
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Walk.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
    assert steps_sent[role] > 0


def test_every_operation_got_its_cases():
    """Read last: every operation got EXAMPLES cases in all, a quarter of them per role
    (an operation that takes nothing: every case it has, as every role), and at least
    FUZZED of them generated by Hypothesis beside the coverage phase's.

    Run alone (``-k``), the tests above have not run and there is nothing to count;
    with ``-k`` choosing some operations, those are counted. ``SCHEMATHESIS_REPORT=path``
    writes the figures there as JSON (``make fuzz``, bench/drills/fuzz.py).
    """
    if not turns:
        pytest.skip("the generated cases did not run in this session")
    labels = [operation.ok().label for operation in schema.get_all_operations()]
    labels = [label for label in labels if turns[label]]
    per_operation = {label: sum(cases_sent[label, role] for role in ROLES) for label in labels}
    per_role = {(label, role): cases_sent[label, role] for label in labels for role in ROLES}
    # An operation that takes nothing may have fewer cases than EXAMPLES in all (GET
    # /networks: a dozen from the coverage phase, one from fuzzing): Hypothesis drew
    # every case it has, and each role got the schema-valid one.
    drawn = {label for label in labels if label in TAKES_NOTHING and drawn_whole[label]}
    short = {
        label: count
        for label, count in per_operation.items()
        if count < EXAMPLES and label not in drawn
    }
    short_roles = {
        (label, role): count
        for (label, role), count in per_role.items()
        if count < (drawn_whole[label] if label in drawn else EXAMPLES // 4)
    }
    short_generated = {
        label: fuzzed[label]
        for label in labels
        if fuzzed[label] < FUZZED and label not in TAKES_NOTHING
    }
    figures = {
        "operations": len(labels),
        "cases in all": sum(per_operation.values()),
        "cases per operation, fewest": min(per_operation.values()),
        "generated cases in all": sum(fuzzed[label] for label in labels),
        "operations that take nothing, with fewer cases": {
            label: count for label, count in per_operation.items() if count < EXAMPLES
        },
        "cases per operation and role, fewest": min(per_role.values()),
        "stateful steps per role": dict(steps_sent),
    }
    print(figures)
    if os.environ.get("SCHEMATHESIS_REPORT"):
        with open(os.environ["SCHEMATHESIS_REPORT"], "w") as report:
            json.dump(figures, report)
    assert not short, short
    assert not short_roles, short_roles
    assert not short_generated, short_generated
