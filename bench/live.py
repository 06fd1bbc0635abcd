"""`make bench-live`: the live dialog under a room of 300 phones, run the production way.

A measurement, not a test. In order:

1. a new PostgreSQL database (``reglab_benchlive_<pid>``) and an empty Redis database;
2. a meeting with one open single-choice question, made through the services;
3. ``make serve`` (gunicorn, WEB_CONCURRENCY=2 processes) for HTTP and ``make serve-live``
   twice (two uvicorn processes, as two app processes behind one address) for ``/ws/``,
   all on loopback ports, on the Redis channel layer, behind the documented nginx site
   (deploy/nginx/reglab.conf over TLS, bench/proxy.py; BENCH_LIVE_PROXY=0 leaves it out);
4. two presenter WebSockets through the proxy (the presenter link's token), which hands
   them to the two uvicorn processes in turn; the uvicorn logs confirm one on each;
5. 300 simulated phones, each ``POST /api/v1/live/{code}/participants`` then
   ``POST …/questions/{qid}/answers`` through the proxy, spread over BENCH_LIVE_SECONDS
   (default 10);
6. it prints votes sent, votes counted (in the database), duplicates, errors, and the time
   from each vote's answer to the moment each screen's tally included it (p50/p95/max),
   and from the last vote until both screens showed all of them.

Bounded (BENCH_LIVE_TIME_LIMIT, default 600 s, then everything is stopped), loopback only,
and it stops its servers, drops its database and empties its Redis database afterwards.
"""

import contextlib
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.servers import (
    PG,
    REDIS,
    TLS,
    Interrupted,
    free_port,
    on_signal,
    pg_admin,
    spare_redis_db,
    start,
    stop_group,
    wait_for_port,
)

PHONES = int(os.environ.get("BENCH_LIVE_PHONES", "300"))
SPREAD = float(os.environ.get("BENCH_LIVE_SECONDS", "10"))
TIME_LIMIT = int(os.environ.get("BENCH_LIVE_TIME_LIMIT", "600"))
PROXY = os.environ.get("BENCH_LIVE_PROXY", "1") != "0"


def post(port: int, path: str, body: dict, token: str = "") -> tuple[int, dict]:
    if PROXY:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=TLS)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Host": "127.0.0.1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data.startswith(b"{") else {})
    finally:
        connection.close()


class Screen(threading.Thread):
    """A presenter WebSocket: the time each tally arrived, with its number of answers."""

    def __init__(self, port: int, meeting_id: int, token: str):
        super().__init__(daemon=True)
        scheme = "wss" if PROXY else "ws"
        self.url = f"{scheme}://127.0.0.1:{port}/ws/meetings/{meeting_id}/screen/?token={token}"
        self.origin = f"{'https' if PROXY else 'http'}://127.0.0.1:{port}"
        self.seen: list[tuple[float, int]] = []
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.error = ""

    def run(self):
        from websockets.sync.client import connect

        try:
            options = {"ssl": TLS} if PROXY else {}
            with connect(self.url, origin=self.origin, open_timeout=20, **options) as socket_:
                self.ready.set()
                while not self.stop.is_set():
                    try:
                        message = socket_.recv(timeout=0.5)
                    except TimeoutError:
                        continue
                    data = json.loads(message)
                    if data.get("type") == "tally":
                        self.seen.append((time.monotonic(), int(data["tally"]["answers"])))
        except Exception as error:  # noqa: BLE001 (reported with the figures)
            self.error = repr(error)
            self.ready.set()

    def first_time_with(self, answers: int) -> float | None:
        return next((at for at, count in self.seen if count >= answers), None)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def main() -> int:  # noqa: PLR0915 (one script, read top to bottom)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, on_signal)
    signal.alarm(TIME_LIMIT)
    servers: list[subprocess.Popen] = []
    database = ""
    redis_db = None
    tempdir = tempfile.mkdtemp(prefix="reglab-bench-live-")
    try:
        database = f"reglab_benchlive_{os.getpid()}"
        with pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        redis_db = spare_redis_db()
        http_port, live_ports = free_port(), [free_port(), free_port()]
        proxy_port = free_port() if PROXY else http_port
        env = {k: v for k, v in os.environ.items() if k not in {"DEMO_MODE", "TESTING"}}
        env.update(
            DJANGO_SETTINGS_MODULE="reglab.settings",
            DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}",
            REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db}",
            DEBUG="0",
            SECURE="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{http_port}",
            MEDIA_ROOT=str(Path(tempdir) / "media"),
            BACKUP_DIR=str(Path(tempdir) / "backups"),
            LOG_LEVEL="WARNING",
        )
        os.environ.update(env)
        print(
            f"Bench-live: database {database}, Redis db {redis_db}, HTTP port {http_port}, "
            f"WebSocket ports {live_ports}.",
            flush=True,
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        meeting, question, room, option_id = make_meeting()
        connection.close()

        servers.append(
            start(
                ["serve", f"PORT={http_port}", "WEB_CONCURRENCY=2"],
                env,
                Path(tempdir) / "serve.log",
            )
        )
        for number, port in enumerate(live_ports):
            servers.append(
                start(["serve-live", f"LIVE_PORT={port}"], env, Path(tempdir) / f"live{number}.log")
            )
        wait_for_port(servers[0], http_port, Path(tempdir) / "serve.log", 300)
        for number, port in enumerate(live_ports):
            wait_for_port(servers[number + 1], port, Path(tempdir) / f"live{number}.log", 60)
        print("Serving: gunicorn with 2 processes, 2 uvicorn processes for /ws/.", flush=True)
        if PROXY:
            from bench.proxy import start_proxy

            servers.append(
                start_proxy(
                    Path(tempdir),
                    app_port=http_port,
                    live_ports=live_ports,
                    plain_port=free_port(),
                    tls_port=proxy_port,
                )
            )
            wait_for_port(servers[-1], proxy_port, Path(tempdir) / "nginx/logs/nginx.out", 30)
            print(
                f"Proxy: nginx (deploy/nginx/reglab.conf) on https://127.0.0.1:{proxy_port}/ "
                "in front of all three.",
                flush=True,
            )
        screen_ports = [proxy_port, proxy_port] if PROXY else live_ports
        screens = [Screen(port, meeting, room.presenter_token) for port in screen_ports]
        for screen in screens:
            screen.start()
            screen.ready.wait(30)
            if screen.error:
                raise SystemExit(f"The presenter socket failed: {screen.error}")
        time.sleep(1)  # both sockets are in the meeting's group
        screen_process = [
            (Path(tempdir) / f"live{number}.log").read_text().count("[accepted]")
            for number in range(len(live_ports))
        ]

        sent, errors, done = [], [], []
        lock = threading.Lock()
        begun = time.monotonic()

        def phone(number: int):
            time.sleep(max(0.0, begun + SPREAD * number / PHONES - time.monotonic()))
            try:
                status, body = post(proxy_port, f"/api/v1/live/{room.code}/participants", {})
                if status != 201:
                    raise RuntimeError(f"join {status} {body}")
                with lock:
                    sent.append(number)
                sent_at = time.monotonic()
                status, body = post(
                    proxy_port,
                    f"/api/v1/live/{room.code}/questions/{question}/answers",
                    {"options": [option_id]},
                    token=body["token"],
                )
                if status != 201:
                    raise RuntimeError(f"answer {status} {body}")
                with lock:
                    done.append((time.monotonic(), sent_at))
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(str(error)[:200])

        with ThreadPoolExecutor(max_workers=48) as pool:
            list(pool.map(phone, range(PHONES)))
        voting_seconds = time.monotonic() - begun
        # Wait (at most 10 s) for both screens to show every counted vote.
        from reglab.live.models import Answer

        counted = Answer.objects.filter(question_id=question).count()
        duplicates = (
            counted
            - Answer.objects.filter(question_id=question).values("participant").distinct().count()
        )
        limit = time.monotonic() + 10
        while time.monotonic() < limit and not all(s.first_time_with(counted) for s in screens):
            time.sleep(0.05)
        for screen in screens:
            screen.stop.set()

        done.sort()
        latencies, last_vote, last_sent = [], [], []
        for screen in screens:
            for rank, (_finished, sent_at) in enumerate(done, start=1):
                shown = screen.first_time_with(rank)
                if shown is not None:
                    latencies.append(max(0.0, shown - sent_at))
            shown_all = screen.first_time_with(len(done))
            if shown_all is None or not done:
                last_vote.append(None)
                last_sent.append(None)
            else:
                last_vote.append(max(0.0, shown_all - done[-1][0]))
                last_sent.append(max(0.0, shown_all - max(sent for _f, sent in done)))

        print()
        print(
            f"Phones: {PHONES}, votes spread over {SPREAD:g} s; "
            f"all answered after {voting_seconds:.1f} s"
        )
        print(f"Votes sent: {len(sent)}")
        print(f"Votes answered 201: {len(done)}")
        print(f"Votes counted: {counted}")
        print(f"Duplicates: {duplicates}")
        print(f"Errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        for number, screen in enumerate(screens):
            shows = screen.seen[-1][1] if screen.seen else 0
            print(f"Screen {number + 1}: {len(screen.seen)} tallies, last shows {shows} answers")
        print(
            "Presenter sockets accepted per uvicorn process: "
            + ", ".join(
                f":{port} {count}" for port, count in zip(live_ports, screen_process, strict=True)
            )
        )
        if latencies:
            print(
                "Vote sent → screen shows it (each vote, both screens): "
                f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
                f"max {max(latencies) * 1000:.0f} ms"
            )
        print(
            "Last vote sent → both screens: "
            + ", ".join("never" if t is None else f"{t * 1000:.0f} ms" for t in last_sent)
        )
        print(
            "Last vote answered 201 → both screens: "
            + ", ".join("never" if t is None else f"{t * 1000:.0f} ms" for t in last_vote)
            + " (the tally is sent on commit, before the answer reaches the phone)"
        )
        ok = (
            counted == PHONES
            and not errors
            and all(t is not None and t < 1 for t in last_sent)
            and (screen_process == [1, 1] or not PROXY)
        )
        return 0 if ok else 1
    except Interrupted as stop:
        print(f"Stopped ({stop}).", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        for server in servers:
            if server.poll() is None:
                stop_group(server)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if database:
            with pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            print(f"Dropped the database {database}.")
        if redis_db is not None:
            import redis

            redis.Redis(*REDIS, db=redis_db).flushdb()
            print(f"Emptied Redis database {redis_db}.")
        import shutil

        shutil.rmtree(tempdir, ignore_errors=True)


def make_meeting():
    """A network meeting with one open single-choice question, through the services."""
    import datetime as dt

    from django.utils import timezone

    from reglab.accounts.models import User
    from reglab.live.services import question as question_services
    from reglab.live.services.room import room_get_or_create
    from reglab.meetings.models import Meeting, MeetingKind, Network

    office = User.objects.create_user(
        email="kansli-bench@example.invalid", password=None, name="Kansliet", is_office=True
    )
    network = Network.objects.create(name="RUS-nätverket", slug="rus-bench")
    meeting = Meeting.objects.create(
        network=network,
        kind=MeetingKind.NETWORK_MEETING,
        title="Belastningsprov",
        date=timezone.localdate() + dt.timedelta(days=1),
        start_time=dt.time(10, 0),
        end_time=dt.time(15, 0),
        address="Stockholm",
    )
    question = question_services.question_create(
        meeting=meeting,
        by=office,
        kind="single",
        text="Finns ett behov?",
        options=["JA!", "Nej", "Det beror på…"],
    )
    question_services.question_open(question=question, by=office)
    room = room_get_or_create(meeting=meeting)
    return meeting.pk, question.pk, room, question.options.first().pk


if __name__ == "__main__":
    sys.exit(main())
