"""Two people saving the plan at once, and two approvals for the year's last base funding.

Real threads, each with its own database connection, started together by a
barrier; the validation (or the rule check) is slowed down so that, without
the row locks, both would read the same version (or the same granted sum).
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reglab.provrum import lifecycle
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import PlanVersion, ProjectPlan, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import services
from tests.provrum.plan_fixtures import saved_plan, submitted_plan, valid_plan, with_go_ahead

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
    monkeypatch.setattr(lifecycle, "dispatch", lambda *args, **kwargs: None)


def _slowly(monkeypatch, name):
    original = getattr(plans, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(plans, name, slow)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = {}

    def run(key, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[key] = "ok"
        except ValidationError as refused:
            outcomes[key] = refused.code
        except services.RuleViolation as refused:
            outcomes[key] = ",".join(reason.code for reason in refused.reasons)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            outcomes[key] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("start_version", [0, 1])
def test_two_saves_from_the_same_version(cast, quiet, monkeypatch, start_version):
    provrum = with_go_ahead(cast)
    if start_version:
        saved_plan(cast, provrum)
    _slowly(monkeypatch, "clean_plan_data")
    texts = {"skane": "Annas syfte.", "orebro": "Eriks syfte."}
    outcomes = _race(
        {
            who: lambda who=who: plans.plan_save(
                provrum=provrum,
                by=cast["people"][who],
                data=valid_plan(purpose=texts[who]),
                version=start_version,
            )
            for who in texts
        }
    )
    assert sorted(outcomes.values()) == ["ok", "stale_version"], outcomes
    winner = next(who for who, outcome in outcomes.items() if outcome == "ok")
    plan = ProjectPlan.objects.get(provrum=provrum)
    assert plan.version == start_version + 1
    assert plan.data["purpose"] == texts[winner]
    assert PlanVersion.objects.filter(plan=plan).count() == start_version + 1


@pytest.mark.asvs("V2.3.4", row=21)
def test_two_approvals_for_the_last_base_funding(cast, quiet, monkeypatch):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    contenders = [
        with_go_ahead(cast, title="Drönare i krisberedskap"),
        with_go_ahead(cast, title="Nordiska grannar och gränshinder"),
    ]
    big = valid_plan()
    big["budget_lines"][0]["amount"] = 300_000
    big["financing"][0]["amount"] = 100_000
    for provrum in contenders:
        submitted_plan(cast, provrum, data=big)
    format_rules.format_rules_update(by=cast["office"], office_annual_cap_sek=150_000)
    _slowly(monkeypatch, "base_funding_granted_in_year")
    outcomes = _race(
        {
            provrum.pk: lambda provrum=provrum: plans.plan_approve(
                provrum=provrum, by=cast["office"]
            )
            for provrum in contenders
        }
    )
    assert sorted(outcomes.values()) == ["office_annual_cap_exceeded", "ok"], outcomes
    states = sorted(
        provrum.__class__.objects.filter(pk__in=[p.pk for p in contenders]).values_list(
            "state", flat=True
        )
    )
    assert states == sorted([State.GO_AHEAD, State.RUNNING])
