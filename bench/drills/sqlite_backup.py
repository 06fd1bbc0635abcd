"""Drill: SQLite's online backup (the sqlite3 shell's ``.backup``) while the platform writes: each
copy is whole and consistent, with exactly the row counts of the moment it was taken, and the
writers never see "database is locked".

The platform runs on an SQLite file of the drill's own (WAL, as reglab/settings.py configures
it) with the demo data, served by `make serve` (two gunicorn processes). For 40 s phones join
the live dialog and answer, four a second (eight writes a second). Every 8 s the sqlite3 shell
opens the live file, counts every table's rows inside one read transaction and runs ``.backup``
in that same transaction; the copy must pass ``PRAGMA integrity_check`` and have exactly those
counts, table by table. After the writers stop, one more copy is compared with the live file
by row count and checksum of every table (reglab.core.backup's fingerprints).
"""

import http.client
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.drills.client import request, result_line
from bench.drills.pg_restart import count_by_status, paced
from bench.drills.platform import platform, serve

LOAD_SECONDS, BACKUP_EVERY, PHONES_PER_SECOND = 40, 8, 4


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables_of(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        rows = database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
    return [row[0] for row in rows]


def counts_of(path: Path, tables: list[str]) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        return {
            table: database.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]  # noqa: S608
            for table in tables
        }


def online_backup(live: Path, copy: Path, tables: list[str]) -> tuple[dict[str, int], float]:
    """``.backup`` in the sqlite3 shell, inside the read transaction that counted the rows:
    (the counts it saw, seconds taken)."""
    script = ["PRAGMA busy_timeout=5000;", ".bail on", "BEGIN;"]
    # Table names from sqlite_master of our own schema, quoted.
    script += [f"SELECT '{table}', count(*) FROM {quoted(table)};" for table in tables]  # noqa: S608
    script += [f".backup '{copy}'", "COMMIT;"]
    begun = time.monotonic()
    done = subprocess.run(  # noqa: S603
        ["sqlite3", "-batch", "-noheader", "-separator", "|", str(live)],  # noqa: S607
        input="\n".join(script) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.monotonic() - begun
    seen = {}
    for line in done.stdout.splitlines():
        table, _, count = line.rpartition("|")
        if table:
            seen[table] = int(count)
    return seen, seconds


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        return database.execute("PRAGMA integrity_check").fetchone()[0]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="reglab-drill-sqlite-") as work:
        folder = Path(work)
        live = folder / "reglab.sqlite3"
        with platform("sqlitebackup", database_url=f"sqlite:///{live}", time_limit=600) as running:
            from django.core.management import call_command
            from django.db import connections

            from bench.live import make_meeting

            call_command("seed_demo", verbosity=0)
            _meeting, question, room, option_id = make_meeting()
            connections.close_all()
            serve(running, workers=2)
            tables = tables_of(live)
            return drill(running.http_port, live, folder, tables, (room.code, question, option_id))


def drill(port, live: Path, folder: Path, tables: list[str], phone) -> int:
    code, question, option_id = phone
    statuses: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def post(path, body, token=""):
        try:
            status, answer = request(port, "POST", path, body, token, timeout=15)
        except (OSError, http.client.HTTPException):
            status, answer = 0, None
        with lock:
            statuses.append(status)
        return status, answer

    def phone_once():
        status, answer = post(f"/api/v1/live/{code}/participants", {})
        if status == 201:
            post(
                f"/api/v1/live/{code}/questions/{question}/answers",
                {"options": [option_id]},
                answer["token"],
            )

    writers = [
        threading.Thread(target=paced, args=(PHONES_PER_SECOND / 2, stop, phone_once))
        for _ in range(2)
    ]
    begun = time.monotonic()
    for thread in writers:
        thread.start()
    copies = []
    while time.monotonic() - begun < LOAD_SECONDS - BACKUP_EVERY / 2:
        stop.wait(BACKUP_EVERY)
        copy = folder / f"copy-{len(copies) + 1}.sqlite3"
        seen, seconds = online_backup(live, copy, tables)
        copies.append((copy, seen, seconds))
    stop.wait(max(0.0, begun + LOAD_SECONDS - time.monotonic()))
    stop.set()
    for thread in writers:
        thread.join()

    mismatched, answers_in_copies, checks = [], [], []
    for copy, seen, _seconds in copies:
        counts = counts_of(copy, tables)
        checks.append(integrity(copy))
        answers_in_copies.append(counts.get("live_answer", -1))
        mismatched += [
            f"{copy.name}:{table}" for table in tables if counts.get(table) != seen.get(table)
        ]

    from reglab.core.backup import _sqlite_summaries

    final = folder / "copy-final.sqlite3"
    online_backup(live, final, tables)
    source, copied = _sqlite_summaries(live), _sqlite_summaries(final)
    differ = sorted(table for table in source if source[table] != copied.get(table))
    rows = sum(summary.rows for summary in source.values())
    figures = {
        "writes sent": len(statuses),
        "writes by status": count_by_status([(0, "", s) for s in statuses]),
        "backups during writes": len(copies),
        "backup seconds (each)": [round(c[2], 2) for c in copies],
        "live answers in each copy (growing)": answers_in_copies,
        "tables per copy": len(tables),
        "copies passing integrity_check": sum(1 for c in checks if c == "ok"),
        "table counts different from the snapshot's": mismatched,
        "after the writes: tables / rows": f"{len(source)} / {rows}",
        "after the writes: tables whose count or checksum differ": differ,
    }
    print("\n".join(f"{key}: {value}" for key, value in figures.items()))
    passed = (
        len(copies) >= 4
        and all(status == 201 for status in statuses)
        and all(check == "ok" for check in checks)
        and not mismatched
        and answers_in_copies == sorted(set(answers_in_copies))
        and not differ
        and len(source) == len(tables)
    )
    print(result_line("sqlite_backup", passed, figures))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
