"""Drill: PostgreSQL restarted under load: Swedish 503s while it is away, never a 500, and every
page answers again within 10 s of the database being back.

A PostgreSQL cluster of the drill's own (initdb in a temporary folder, on a free loopback port,
run as the ``postgres`` system user), so the machine's shared server is never touched. The demo
data is loaded and `make serve` (two gunicorn processes) serves it while four clients keep
fetching pages and API lists. After 3 s the cluster is stopped (fast shutdown), stays down for
3 s and is started again; the clients go on for 12 s more.
"""

import contextlib
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
        with platform("pgrestart", database_url=url, time_limit=600) as running:
            from django.core.management import call_command
            from django.db import connections

            call_command("seed_demo", verbosity=0)
            connections.close_all()
            serve(running, workers=2)
            return drill(running.http_port, ctl)


def drill(port: int, ctl: list[str]) -> int:
    seen: list[tuple[float, str, int, bool]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(offset: int):
        number = offset
        while not stop.is_set():
            path = PATHS[number % len(PATHS)]
            number += 1
            sent = time.monotonic()
            try:
                status, body = request(port, "GET", path, timeout=15)
                swedish = "tillfälligt otillgänglig" in str(body)
            except OSError:
                status, swedish = 0, False
            with lock:
                seen.append((sent, path, status, swedish))
                if os.environ.get("DRILL_VERBOSE"):
                    print(f"{sent - begun:6.2f} +{time.monotonic() - sent:5.2f} {status} {path}")

    begun = time.monotonic()
    warm_up(port)
    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    time.sleep(3)
    down_at = time.monotonic()
    as_postgres(*ctl, "-m", "fast", "stop")
    if os.environ.get("DRILL_VERBOSE"):
        print(f"down {down_at - begun:.2f}, stopped {time.monotonic() - begun:.2f}")
    time.sleep(DOWN_SECONDS)
    as_postgres(*ctl, "start")
    up_at = time.monotonic()
    time.sleep(12)
    stop.set()
    for thread in clients:
        thread.join()

    during = [row for row in seen if down_at <= row[0] < up_at]
    after = [row for row in seen if row[0] >= up_at]
    failed_after = [row for row in after if row[2] != 200]
    recovered = (max(row[0] for row in failed_after) - up_at) if failed_after else 0.0
    statuses: dict[str, int] = {}
    for _at, _path, status, _swedish in seen:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    unavailable = [row for row in seen if row[2] == 503]
    figures = {
        "requests": len(seen),
        "answers by status": statuses,
        "server errors (500)": sum(1 for row in seen if row[2] == 500),
        "broken connections": sum(1 for row in seen if row[2] == 0),
        "503 answers, of which in Swedish": f"{len(unavailable)}, {sum(r[3] for r in unavailable)}",
        "answers while the database was down (by status)": count_by_status(during),
        "database down for (s)": round(up_at - down_at, 1),
        "last failed answer after the database was back (s)": round(recovered, 2),
        "seconds in all": round(time.monotonic() - begun, 1),
    }
    print("\n".join(f"{key}: {value}" for key, value in figures.items()))
    passed = (
        figures["server errors (500)"] == 0
        and figures["broken connections"] == 0
        and all(row[3] for row in unavailable)
        and len(unavailable) > 0
        and recovered <= RECOVERY_LIMIT
        and any(row[2] == 200 for row in after)
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
