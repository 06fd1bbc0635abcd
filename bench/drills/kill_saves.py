"""Drill: kill -9 of an app process during 200 plan saves: 0 partial records, 0 acknowledged
saves missing.

`make serve` runs two gunicorn processes on PostgreSQL. Four group leaders' scripts save their
plans through the API (`PUT /api/v1/provrum/{id}/plan`, each save from the version the last
one returned, 50 saves each, 200 in all) while another thread kills a gunicorn worker with
SIGKILL after every 10 acknowledged saves (about 20 kills); gunicorn starts a new one. A save
whose connection broke is not acknowledged: the script reads the plan again and goes on from
the version it finds.

Afterwards, per plan: every acknowledged save is there as the version it was acknowledged as,
with what was sent; the versions run 1…N without a gap; and the plan's current version and
text are those of its last version (no half-written save).
"""

import http.client
import os
import random
import signal
import sys
import threading
import time

from bench.drills.client import request, result_line
from bench.drills.platform import platform, serve

SAVES = int(os.environ.get("DRILL_SAVES", "200"))
GROUPS = 4
# A connection cut by a killed process: reset, closed, or a response cut short.
BROKEN = (OSError, http.client.HTTPException)
KILL_EVERY = int(os.environ.get("DRILL_KILL_EVERY", "10"))


def main() -> int:
    with platform("kill", time_limit=900) as running:
        provrum_ids, token = make_plans()
        serve(running, workers=2)
        port = running.http_port
        acknowledged: list[tuple[int, int, str]] = []
        broken, refused = [], []
        lock = threading.Lock()
        done = threading.Event()

        attempts, crashed = [], []

        def leader(provrum_id: int, count: int):
            try:
                saves(provrum_id, count)
            except Exception as error:  # noqa: BLE001 (counted: the drill fails)
                with lock:
                    crashed.append(repr(error))

        def saves(provrum_id: int, count: int):
            path = f"/api/v1/provrum/{provrum_id}/plan"
            version = 0
            for number in range(count):
                with lock:
                    attempts.append(provrum_id)
                purpose = f"Syftet, sparning {number} av plan {provrum_id}."
                body = {"version": version, "data": plan_data(purpose)}
                try:
                    status, answer = request(port, "PUT", path, body, token, timeout=20)
                except BROKEN as error:  # the process holding the request was killed
                    with lock:
                        broken.append(repr(error))
                    version = reread(port, path, token)
                    continue
                if status == 200:
                    version = answer["version"]
                    with lock:
                        acknowledged.append((provrum_id, version, purpose))
                else:
                    with lock:
                        refused.append((status, str(answer)[:200]))
                    version = reread(port, path, token)

        kills = []

        def killer():
            """SIGKILL one worker after every KILL_EVERY acknowledged saves, while the four
            scripts keep both workers busy, so the kill lands in the middle of requests."""
            threshold = KILL_EVERY
            while not done.wait(0.02):
                with lock:
                    saved = len(acknowledged)
                if saved < threshold:
                    continue
                workers = running.worker_pids()
                if len(workers) < 2:  # gunicorn is still starting the replacement
                    continue
                victim = random.choice(workers)  # noqa: S311 (which worker, not a secret)
                try:
                    os.kill(victim, signal.SIGKILL)
                    kills.append(victim)
                except ProcessLookupError:
                    continue
                threshold = saved + KILL_EVERY

        threads = [
            threading.Thread(target=leader, args=(pid, SAVES // GROUPS)) for pid in provrum_ids
        ]
        reaper = threading.Thread(target=killer)
        begun = time.monotonic()
        reaper.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        reaper.join()
        seconds = time.monotonic() - begun

        missing, partial = verify(provrum_ids, acknowledged)
        figures = {
            "saves attempted": len(attempts),
            "scripts stopped by an error": len(crashed),
            "acknowledged (200)": len(acknowledged),
            "connections broken by a kill (not acknowledged)": len(broken),
            "refused (4xx, e.g. stale after a broken save)": len(refused),
            "workers killed with SIGKILL": len(kills),
            "acknowledged saves missing": len(missing),
            "partial records": len(partial),
            "seconds": round(seconds, 1),
        }
        print("\n".join(f"{key}: {value}" for key, value in figures.items()))
        for line in (missing + partial + crashed)[:10]:
            print("  ", line)
        passed = (
            not missing
            and not partial
            and not crashed
            and len(attempts) == SAVES
            and len(kills) > 0
            and len(acknowledged) > 0
        )
        print(result_line("kill_saves", passed, figures))
        return 0 if passed else 1


def plan_data(purpose: str) -> dict:
    from tests.provrum.plan_fixtures import valid_plan

    return valid_plan(purpose=purpose)


def reread(port: int, path: str, token: str) -> int:
    for _attempt in range(150):
        try:
            status, answer = request(port, "GET", path, None, token, timeout=20)
            if status == 200:
                return answer["version"]
        except BROKEN:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The plan {path} could not be read again.")


def make_plans() -> tuple[list[int], str]:
    from django.db import connections

    from reglab.api.services import api_token_create
    from reglab.provrum.models import FormatRules
    from tests.factories import UserFactory
    from tests.provrum.conftest import cast_of
    from tests.provrum.plan_fixtures import with_go_ahead

    office = UserFactory(email="kansli@example.se", name="Kansliet", is_office=True)
    FormatRules.objects.update_or_create(pk=1, defaults={"max_go_aheads_per_year": 100})
    cast = cast_of(office)
    ids = [with_go_ahead(cast, title=f"Övning {n}").pk for n in range(GROUPS)]
    _token, raw = api_token_create(person=cast["people"]["skane"], name="Övning")
    connections.close_all()
    return ids, raw


def verify(provrum_ids, acknowledged):
    from reglab.provrum.models import PlanVersion, ProjectPlan

    missing, partial = [], []
    for provrum_id, version, purpose in acknowledged:
        found = PlanVersion.objects.filter(plan__provrum_id=provrum_id, number=version).first()
        if found is None or found.data.get("purpose") != purpose:
            missing.append(f"provrum {provrum_id} version {version}: {found and found.data}")
    for provrum_id in provrum_ids:
        plan = ProjectPlan.objects.get(provrum_id=provrum_id)
        numbers = sorted(plan.versions.values_list("number", flat=True))
        if numbers != list(range(1, len(numbers) + 1)):
            partial.append(f"provrum {provrum_id}: versions {numbers[:5]}… not 1…N")
        last = plan.versions.order_by("-number").first()
        if last is None or plan.version != last.number or plan.data != last.data:
            partial.append(f"provrum {provrum_id}: the plan is not its last version")
    return missing, partial


if __name__ == "__main__":
    sys.exit(main())
