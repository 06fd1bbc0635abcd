"""Drill: Redis stopped and started under load: pages keep answering, limited writes get Swedish
503s while it is away, never a 500, the signed-in stay signed in, and no acknowledged write is
lost.

A ``redis-server`` of the drill's own (no persistence, on a free loopback port), so the
machine's shared Redis is never touched; it is the platform's cache and channel layer
(REDIS_URL). The demo data is loaded and `make serve` (two gunicorn processes) serves it for a
minute at about 20 requests a second: three readers fetch pages and API lists (anonymous), one
reader fetches the start page with a signed-in person's session cookie, and a writer lets a
phone join the live dialog and answer twice a second (the join code's guessing limit counts in
Redis, so these writes refuse while it is away). After 20 s Redis is shut down, stays down for
10 s and is started again on the same port.

Passes with 0 × 500, 0 broken connections, every 503 in Swedish, every page read answered 200
throughout (the cache only misses), the session recognised on every signed-in read, every
answer acknowledged with 201 in the database, and no failure later than 10 s after Redis is
back.
"""

import contextlib
import http.client
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.drills.client import request, result_line
from bench.drills.pg_restart import count_by_status, paced
from bench.drills.platform import platform, serve
from bench.servers import free_port

PATHS = ["/resultat/", "/moten/", "/organisationer/", "/natverk/", "/api/v1/results"]
SIGNED_IN_PATH = "/"
SIGNED_IN_MARK = 'action="/accounts/logout/"'
READERS, READS_PER_SECOND, WRITES_PER_SECOND = 3, 5, 2
LOAD_SECONDS, STOP_AT, DOWN_SECONDS = 60, 20, 10.0
RECOVERY_LIMIT = 10.0


class OwnRedis:
    """redis-server on a free loopback port, in a temporary folder, without persistence."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="reglab-drill-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
            "--save", "", "--appendonly", "no", "--protected-mode", "yes",
        ]  # fmt: skip
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        import redis

        limit = time.monotonic() + 20
        while time.monotonic() < limit:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            time.sleep(0.05)
        raise SystemExit(f"redis-server did not answer on port {self.port} within 20 s.")

    def stop(self) -> None:
        """SIGTERM: Redis shuts down (no save, as configured) and closes every connection."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def remove(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)


def signed_in_cookie(email: str) -> str:
    """A session of the demo person ``email``, stored as sign-in stores it (in the database)."""
    from django.conf import settings
    from django.test import Client

    from reglab.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def main() -> int:
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server saknas: kör `make redis-server` (Debians paket).")
    own = OwnRedis()
    try:
        own.start()
        with platform("redisrestart", redis_url=own.url, time_limit=900) as running:
            from django.core.management import call_command
            from django.db import connections

            from bench.live import make_meeting

            call_command("seed_demo", verbosity=0)
            _meeting, question, room, option_id = make_meeting()
            cookie = signed_in_cookie("region-skane@reglab.example")
            connections.close_all()
            serve(running, workers=2)
            result = drill(running.http_port, own, cookie, (room.code, question, option_id))
            from reglab.live.models import Answer

            stored = Answer.objects.filter(question_id=question).count()
            return report(result, stored)
    finally:
        own.remove()


def drill(port: int, own: OwnRedis, cookie: str, live: tuple[str, int, int]) -> dict:
    code, question, option_id = live
    # (sent, kind, status, Swedish 503 text, signed-in mark seen)
    seen: list[tuple[float, str, int, bool, bool]] = []
    written: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def fetch(kind: str, path: str, method="GET", body=None, token="", with_cookie=""):
        sent = time.monotonic()
        try:
            status, answer = request(port, method, path, body, token, 15, with_cookie)
            text = str(answer)
            swedish = "tillfälligt otillgänglig" in text
            signed_in = SIGNED_IN_MARK in text
        except (OSError, http.client.HTTPException):
            status, answer, swedish, signed_in = 0, None, False, False
        with lock:
            seen.append((sent, kind, status, swedish, signed_in))
        return status, answer

    def reader(offset: int):
        number = [offset]

        def once():
            fetch("page", PATHS[number[0] % len(PATHS)])
            number[0] += 1

        paced(READS_PER_SECOND, stop, once)

    def signed_in_reader():
        def once():
            fetch("signed-in", SIGNED_IN_PATH, with_cookie=cookie)

        paced(READS_PER_SECOND, stop, once)

    def writer():
        def once():
            status, answer = fetch("write", f"/api/v1/live/{code}/participants", "POST", {})
            if status != 201:
                return
            status, _ = fetch(
                "write",
                f"/api/v1/live/{code}/questions/{question}/answers",
                "POST",
                {"options": [option_id]},
                answer["token"],
            )
            if status == 201:
                with lock:
                    written.append(1)

        paced(WRITES_PER_SECOND, stop, once)

    warm_up(port, cookie)
    begun = time.monotonic()
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads += [threading.Thread(target=signed_in_reader), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    stop.wait(STOP_AT)
    down = time.monotonic()
    own.stop()
    time.sleep(DOWN_SECONDS)
    own.start()
    up = time.monotonic()
    stop.wait(max(0.0, begun + LOAD_SECONDS - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "seen": seen,
        "down": down,
        "up": up,
        "written": len(written),
        "seconds": time.monotonic() - begun,
    }


def report(result: dict, stored: int) -> int:
    seen, down, up = result["seen"], result["down"], result["up"]
    unavailable = [row for row in seen if row[2] == 503]
    reads = [row for row in seen if row[1] in ("page", "signed-in")]
    signed_in = [row for row in seen if row[1] == "signed-in"]
    away = [row for row in seen if down <= row[0] < up]
    failed_after = [row for row in seen if row[0] >= up and row[2] not in (200, 201)]
    recovered = (max(row[0] for row in failed_after) - up) if failed_after else 0.0
    figures = {
        "requests": len(seen),
        "requests per second": round(len(seen) / result["seconds"], 1),
        "answers by status": count_by_status(seen),
        "server errors (500)": sum(1 for row in seen if row[2] == 500),
        "broken connections": sum(1 for row in seen if row[2] == 0),
        "503 answers, of which in Swedish": f"{len(unavailable)}, {sum(r[3] for r in unavailable)}",
        "Redis away for (s)": round(up - down, 1),
        "page reads while Redis was away (by status)": count_by_status(
            [row for row in away if row[1] != "write"]
        ),
        "limited writes while Redis was away (by status)": count_by_status(
            [row for row in away if row[1] == "write"]
        ),
        "page reads not 200 (whole run)": sum(1 for row in reads if row[2] != 200),
        "signed-in reads / still signed in": f"{len(signed_in)} / {sum(r[4] for r in signed_in)}",
        "live answers acknowledged (201) / in the database": f"{result['written']} / {stored}",
        "last failed answer after Redis was back (s)": round(recovered, 2),
    }
    print("\n".join(f"{key}: {value}" for key, value in figures.items()))
    passed = (
        figures["server errors (500)"] == 0
        and figures["broken connections"] == 0
        and all(row[3] for row in unavailable)
        and figures["page reads not 200 (whole run)"] == 0
        and all(row[4] for row in signed_in)
        and any(row[1] == "write" and row[2] == 503 for row in away)
        and recovered <= RECOVERY_LIMIT
        and stored >= result["written"] > 0
    )
    print(result_line("redis_restart", passed, figures))
    return 0 if passed else 1


def warm_up(port: int, cookie: str) -> None:
    """Every path answers 200 once before the drill starts (workers started, caches filled)."""
    limit = time.monotonic() + 180
    waiting = [(path, "") for path in PATHS] + [(SIGNED_IN_PATH, cookie)]
    while waiting and time.monotonic() < limit:
        path, with_cookie = waiting[0]
        with contextlib.suppress(OSError):
            if request(port, "GET", path, timeout=60, cookie=with_cookie)[0] == 200:
                waiting.pop(0)
                continue
        time.sleep(0.5)
    if waiting:
        raise SystemExit(f"No 200 from {waiting} within 180 s; the drill did not start.")


if __name__ == "__main__":
    sys.exit(main())
