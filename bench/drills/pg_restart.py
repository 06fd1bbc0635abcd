"""Drill: PostgreSQL restarted under load: Swedish 503s while it is away, never a 500, every
page answers again within 10 s of the database being back, and no acknowledged write is lost.

A PostgreSQL cluster of the drill's own (initdb in a temporary folder, on a free loopback port,
run as the ``postgres`` system user), so the machine's shared server is never touched. The demo
data is loaded and `make serve` (two gunicorn processes) serves it for two minutes at about
20 requests a second: four readers fetch pages and API lists, five times a second each, and a
writer lets a phone join the live dialog and answer twice a second. After 30 s the cluster is
restarted (``pg_ctl restart -m fast``); after 70 s it is stopped (fast), stays down for 3 s
and is started again. Every answer that got 201 must be in the database afterwards (an
answer saved whose reply then failed is counted and reported, not lost).
"""

import contextlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.drills.client import request, result_line
from bench.drills.platform import platform, serve
from bench.servers import free_port

PATHS = [
    "/resultat/flode.atom",
    "/resultat/",
    "/moten/",
    "/organisationer/",
    "/natverk/",
    "/api/v1/results",
]
DOWN_SECONDS = 3.0
RECOVERY_LIMIT = 10.0


def as_postgres(*command: str) -> subprocess.CompletedProcess:
    prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    return subprocess.run(  # noqa: S603 (fixed programs, arguments as a list)
        [*prefix, *command], check=True, capture_output=True, text=True
    )


@contextlib.contextmanager
def own_cluster():
    folder = Path(tempfile.mkdtemp(prefix="reglab-drill-pg-"))
    folder.chmod(0o755)
    data = folder / "data"
    port = free_port()
    shutil.chown(folder, "postgres") if os.geteuid() == 0 else None
    as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = ["pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "postgres.log"), "-w"]
    as_postgres(*ctl, "start")
    try:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as admin:
            admin.execute('CREATE DATABASE "reglab"')
        yield port, ctl
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres(*ctl, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    with own_cluster() as (pg_port, ctl):
        url = f"postgres://postgres@127.0.0.1:{pg_port}/reglab"
        with platform("pgrestart", database_url=url, time_limit=900) as running:
            from django.core.management import call_command
            from django.db import connections

            from bench.live import make_meeting

            call_command("seed_demo", verbosity=0)
            _meeting, question, room, option_id = make_meeting()
            connections.close_all()
            serve(running, workers=2)
            result = drill(running.http_port, ctl, (room.code, question, option_id))
            from reglab.live.models import Answer

            stored = Answer.objects.filter(question_id=question).count()
            return report(result, stored)


READERS, READS_PER_SECOND, WRITES_PER_SECOND = 4, 5, 2
LOAD_SECONDS, RESTART_AT, STOP_AT = 120, 30, 70


def paced(rate: float, stop: threading.Event, work) -> None:
    """Call ``work`` ``rate`` times a second until ``stop``, never faster (a slow answer delays)."""
    step, due = 1 / rate, time.monotonic()
    while not stop.is_set():
        work()
        due += step
        stop.wait(max(0.0, due - time.monotonic()))


def drill(port: int, ctl: list[str], live: tuple[str, int, int]) -> dict:
    code, question, option_id = live
    seen: list[tuple[float, str, int, bool]] = []
    written: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def fetch(path: str, method="GET", body=None, token="") -> int:
        sent = time.monotonic()
        try:
            status, answer = request(port, method, path, body, token, timeout=15)
            swedish = "tillfälligt otillgänglig" in str(answer)
        except (OSError, http.client.HTTPException):
            status, answer, swedish = 0, None, False
        with lock:
            seen.append((sent, path, status, swedish))
        return status, answer

    def reader(offset: int):
        number = [offset]

        def once():
            fetch(PATHS[number[0] % len(PATHS)])
            number[0] += 1

        paced(READS_PER_SECOND, stop, once)

    def writer():
        def once():
            status, answer = fetch(f"/api/v1/live/{code}/participants", "POST", {})
            if status != 201:
                return
            status, _ = fetch(
                f"/api/v1/live/{code}/questions/{question}/answers",
                "POST",
                {"options": [option_id]},
                answer["token"],
            )
            if status == 201:
                with lock:
                    written.append(1)

        paced(WRITES_PER_SECOND, stop, once)

    warm_up(port)
    begun = time.monotonic()
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    events = []
    stop.wait(RESTART_AT)
    down = time.monotonic()
    as_postgres(*ctl, "-m", "fast", "restart")
    events.append(("restart -m fast", down, time.monotonic()))
    stop.wait(max(0.0, begun + STOP_AT - time.monotonic()))
    down = time.monotonic()
    as_postgres(*ctl, "-m", "fast", "stop")
    time.sleep(DOWN_SECONDS)
    as_postgres(*ctl, "start")
    events.append(("stop -m fast, 3 s, start", down, time.monotonic()))
    stop.wait(max(0.0, begun + LOAD_SECONDS - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "seen": seen,
        "events": events,
        "written": len(written),
        "seconds": time.monotonic() - begun,
    }


def report(result: dict, stored: int) -> int:
    seen, events = result["seen"], result["events"]
    unavailable = [row for row in seen if row[2] == 503]
    figures = {
        "requests": len(seen),
        "requests per second": round(len(seen) / result["seconds"], 1),
        "answers by status": count_by_status(seen),
        "server errors (500)": sum(1 for row in seen if row[2] == 500),
        "broken connections": sum(1 for row in seen if row[2] == 0),
        "503 answers, of which in Swedish": f"{len(unavailable)}, {sum(r[3] for r in unavailable)}",
        "live answers acknowledged (201) / in the database": f"{result['written']} / {stored}",
        # An answer committed just before the database went away, whose reply then failed:
        # saved, though the phone was told to try again (a retry replaces it).
        "answers saved whose reply was not 201": stored - result["written"],
    }
    recoveries = []
    for name, down, up in events:
        window = [row for row in seen if down <= row[0] < up]
        failed_after = [row for row in seen if row[0] >= up and row[2] not in (200, 201)]
        # Failures after "up" that belong to this event: before the next event began.
        later = [e[1] for e in events if e[1] > up]
        if later:
            failed_after = [row for row in failed_after if row[0] < min(later)]
        recovered = (max(row[0] for row in failed_after) - up) if failed_after else 0.0
        recoveries.append(recovered)
        figures[f"{name}: database away for (s)"] = round(up - down, 1)
        figures[f"{name}: answers meanwhile (by status)"] = count_by_status(window)
        figures[f"{name}: last failed answer after it was back (s)"] = round(recovered, 2)
    print("\n".join(f"{key}: {value}" for key, value in figures.items()))
    passed = (
        figures["server errors (500)"] == 0
        and figures["broken connections"] == 0
        and all(row[3] for row in unavailable)
        and all(r <= RECOVERY_LIMIT for r in recoveries)
        and stored >= result["written"]
        and result["written"] > 0
    )
    print(result_line("pg_restart", passed, figures))
    return 0 if passed else 1


def warm_up(port: int) -> None:
    """Every path answers 200 once before the drill starts (workers started, caches filled)."""
    limit = time.monotonic() + 180
    waiting = list(PATHS)
    while waiting and time.monotonic() < limit:
        with contextlib.suppress(OSError):
            if request(port, "GET", waiting[0], timeout=60)[0] == 200:
                waiting.pop(0)
                continue
        time.sleep(0.5)
    if waiting:
        raise SystemExit(f"No 200 from {waiting} within 180 s; the drill did not start.")


def count_by_status(rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row[2])] = counts.get(str(row[2]), 0) + 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
