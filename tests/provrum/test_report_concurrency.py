"""Two people saving the report at once, and a double-clicked submit, on real threads.

Each thread has its own database connection; a barrier starts them together and
the validation is slowed down so that, without the row lock, both would read the
same version (or both would see a report not yet submitted).
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reglab.provrum import lifecycle
from reglab.provrum.models import Event, FinalReport, ReportVersion, State
from reglab.provrum.proposal import services
from reglab.provrum.report import services as reports
from tests.provrum.report_fixtures import fresh, running, saved_report, valid_report

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
    original = getattr(reports, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(reports, name, slow)


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
    provrum = running(cast)
    if start_version:
        saved_report(cast, provrum)
    _slowly(monkeypatch, "clean_report_data")
    texts = {"skane": "Annas sammanfattning.", "orebro": "Eriks sammanfattning."}
    outcomes = _race(
        {
            who: lambda who=who: reports.report_save(
                provrum=fresh(provrum),
                by=cast["people"][who],
                data=valid_report(summary=texts[who]),
                version=start_version,
            )
            for who in texts
        }
    )
    assert sorted(outcomes.values()) == ["ok", "stale_version"], outcomes
    winner = next(who for who, outcome in outcomes.items() if outcome == "ok")
    report = FinalReport.objects.get(provrum=provrum)
    assert report.version == start_version + 1
    assert report.data["summary"] == texts[winner]
    assert ReportVersion.objects.filter(report=report).count() == start_version + 1


def test_a_double_clicked_submit_submits_once(cast, quiet, monkeypatch):
    provrum = running(cast)
    saved_report(cast, provrum)
    _slowly(monkeypatch, "report_check")
    outcomes = _race(
        {
            click: lambda: reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
            for click in ("first", "second")
        }
    )
    assert sorted(outcomes.values()) == ["ok", "ok"], outcomes
    assert fresh(provrum).state == State.REPORTED
    assert Event.objects.filter(provrum=provrum, action=Event.Action.REPORTED).count() == 1
