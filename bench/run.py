"""`make bench`: build a large data set, serve it as `make serve` does, measure it with wrk.

Steps, all on this machine's loopback:

1. a fresh PostgreSQL database ``reglab_bench_<pid>`` (127.0.0.1:5432, user
   postgres), migrated, filled by ``bench.build_data`` at ``BENCH_SCALE``;
2. sessions for the office account (which has an activated TOTP authenticator,
   as the office must) and the member account, made by Django's own login in the
   bench database, and an API token for each;
3. ``make serve`` on a free loopback port: gunicorn's sync workers
   (``WEB_CONCURRENCY``, default 2) with DEBUG off, a generated SECRET_KEY, no TLS
   redirect (SECURE=0) and a spare Redis database for the cache; the only
   difference is ``DJANGO_SETTINGS_MODULE=bench.settings``, which adds the bare
   view that marks the limit;
4. for each page: one request through the server without and with gzip (the
   status must be 200, never a redirect; the bytes), one through Django's test
   client in this process to count the SQL queries, then wrk at 1 and 8
   connections for ``BENCH_DURATION`` seconds each;
5. the table, printed and written to ``docs/benchmarks.md``.

Bounded in time (``BENCH_TIME_LIMIT``, 20 minutes by default: pages that no
longer fit are listed as skipped, and a hard alarm stops everything), and
cleaned up on success, error or Ctrl-C: the server's process group (only the
processes this run started), the database, and the Redis database it used.
"""

import contextlib
import gzip
import http.client
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
LUA = REPO / "bench" / "report.lua"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)
# The goals (issue 11, "Build" item 4).
P95_GOAL_MS = 50.0
SHARE_GOAL = 0.20
GOAL_CONNECTIONS = 8


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {os.environ[name]!r}.") from None


@dataclass
class Config:
    scale: float = field(default_factory=lambda: _env_float("BENCH_SCALE", 1.0))
    duration: float = field(default_factory=lambda: _env_float("BENCH_DURATION", 10.0))
    connections: tuple[int, ...] = field(
        default_factory=lambda: tuple(
            int(c) for c in (os.environ.get("BENCH_CONNECTIONS") or "1,8").split(",")
        )
    )
    time_limit: float = field(default_factory=lambda: _env_float("BENCH_TIME_LIMIT", 20 * 60))
    workers: int = field(default_factory=lambda: int(_env_float("WEB_CONCURRENCY", 2)))
    output: Path = field(
        default_factory=lambda: Path(os.environ.get("BENCH_OUTPUT") or REPO / "docs/benchmarks.md")
    )


@dataclass
class Page:
    name: str
    path: str
    who: str  # anonymous, member, office, member token
    goal_share: bool = False  # the board and the provrum page: >= 20 % of the limit


@dataclass
class Run:
    connections: int
    seconds: float = 0.0
    requests: int = 0
    rps: float = 0.0
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    error: str = ""
    note: str = ""  # told apart in the table (the limit runs before and after the pages)


@dataclass
class Measured:
    page: Page
    status: int = 0
    error: str = ""
    queries: int | None = None
    raw_bytes: int | None = None
    gzip_bytes: int | None = None
    gzip_computed: bool = False
    single_seconds: float = 0.0
    runs: list[Run] = field(default_factory=list)


class Cleanup:
    """Everything this run made, undone in reverse order whatever happens."""

    def __init__(self):
        self.server: subprocess.Popen | None = None
        self.database = ""
        self.redis_db: int | None = None
        self.tempdir = ""
        self.done = False

    def run(self):
        if self.done:
            return
        self.done = True
        signal.alarm(0)
        # A second Ctrl-C must not leave the database or the server behind.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        if self.server is not None and self.server.poll() is None:
            _stop_process_group(self.server)
        if self.database:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            try:
                _drop_database(self.database)
                print(f"Dropped the database {self.database}.")
            except Exception as error:  # noqa: BLE001 (report, and go on cleaning)
                print(f"Could not drop the database {self.database}: {error}", file=sys.stderr)
        if self.redis_db is not None:
            try:
                import redis

                redis.Redis(*REDIS, db=self.redis_db).flushdb()
                print(f"Flushed Redis database {self.redis_db}.")
            except Exception as error:  # noqa: BLE001
                print(f"Could not flush Redis database {self.redis_db}: {error}", file=sys.stderr)
        if self.tempdir:
            shutil.rmtree(self.tempdir, ignore_errors=True)


class Interrupted(BaseException):
    """Ctrl-C, a TERM signal or the time limit: stop measuring and clean up."""


def _on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def _stop_process_group(process: subprocess.Popen):
    """TERM, then KILL, to the server's own process group (make, gunicorn and its workers)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # gunicorn's workers leave with their master; make sure none is left in the group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


# Database, Redis, wrk ---------------------------------------------------------------


def _pg_admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **PG)


def _create_database(name: str):
    with _pg_admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_database(name: str):
    with _pg_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CLAIM_KEY = "reglab-bench:owner"


def _spare_redis_db() -> int:
    """The highest-numbered Redis database that holds no key: nobody else uses it. It is
    claimed with a key at once, so a second benchmark started meanwhile takes another."""
    import redis

    count = int(redis.Redis(*REDIS).config_get("databases").get("databases", 16))
    for number in range(count - 1, 0, -1):
        client = redis.Redis(*REDIS, db=number)
        if client.dbsize() == 0 and client.set(CLAIM_KEY, str(os.getpid()), nx=True):
            if client.dbsize() == 1:
                return number
            client.delete(CLAIM_KEY)
    raise SystemExit("No empty Redis database is left for the benchmark's cache.")


def _ensure_wrk():
    """wrk comes from Debian's packages, installed here as the Makefile installs Chromium."""
    if shutil.which("wrk"):
        return
    print("Installing wrk (Debian package)…", flush=True)
    for prefix in ([], ["sudo"]):
        if prefix and not shutil.which("sudo"):
            continue
        update = subprocess.run([*prefix, "apt-get", "update", "-qq"], check=False)  # noqa: S603
        install = subprocess.run(  # noqa: S603
            [*prefix, "apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        if update.returncode == 0 and install.returncode == 0 and shutil.which("wrk"):
            return
    raise SystemExit("wrk is missing and could not be installed (apt-get install wrk).")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server -------------------------------------------------------------------------


def _start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    """`make serve`, as an operator runs it, in its own process group."""
    log = log_path.open("w")
    return subprocess.Popen(  # noqa: S603  (fixed program, arguments as a list)
        [  # noqa: S607  (make from PATH, as the operator runs it)
            "make",
            "--no-print-directory",
            "serve",
            f"PORT={port}",
            f"WEB_CONCURRENCY={env['WEB_CONCURRENCY']}",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_until_serving(server: subprocess.Popen, port: int, log_path: Path, timeout: float):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if server.poll() is not None:
            raise SystemExit(
                f"`make serve` stopped (exit {server.returncode}):\n" + log_path.read_text()[-3000:]
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _fetch(port, "/__bench__/bare/", {})[0] == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"`make serve` did not answer within {timeout:.0f} s.")


def _fetch(port: int, path: str, headers: dict) -> tuple[int, bytes, dict, float]:
    """One request through the real server; redirects are answers, never followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        begun = time.monotonic()
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        body = response.read()
        seconds = time.monotonic() - begun
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}, seconds
    finally:
        connection.close()


# Measuring ---------------------------------------------------------------------------


def _pages(data) -> list[Page]:
    word = quote(data.search_word)
    return [
        Page("Start page", "/", "anonymous"),
        Page("Board, first page", "/provrum/", "member", goal_share=True),
        Page("Board, state filter (running)", "/provrum/?state=running", "member", True),
        Page(f"Board, search ({data.search_word})", f"/provrum/?q={word}", "member", True),
        Page(
            f"Provrum page ({data.counts.get('big discussion', 0):,} comments)",
            f"/provrum/{data.big_provrum_id}/",
            "member",
            goal_share=True,
        ),
        Page("Office queue", "/provrum/kansli/", "office"),
        Page("Organisation page", f"/organisationer/{data.organisation_slug}/", "member"),
        Page("Evaluation dashboard", "/utvardering/", "office"),
        Page("Public results", "/resultat/", "anonymous"),
        Page("Results feed (Atom)", "/resultat/flode.atom", "anonymous"),
        Page("Notifications", "/notiser/", "member"),
        Page("API: provrum list", "/api/v1/provrum", "member token"),
        Page("API: results list", "/api/v1/results", "anonymous"),
        Page("API: organisations", "/api/v1/organisations", "member token"),
    ]


BARE = Page("Limit: bare Django view, 20 KB", "/__bench__/bare/", "anonymous")


def _count_queries(page: Page, headers: dict) -> tuple[int, int]:
    """SQL queries of one request through Django's test client in this process, against
    the same database (the second request: caches warmed as in the running server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    client.get(page.path, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path, headers=headers)
    return len(captured.captured_queries), response.status_code


def _wrk(port: int, page: Page, headers: dict, connections: int, seconds: float) -> Run:
    run = Run(connections=connections, seconds=seconds)
    command = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{max(1, math.ceil(seconds))}s",
        "--timeout",
        "60s",
        "--latency",
        "-s",
        str(LUA),
        *(item for name, value in headers.items() for item in ("-H", f"{name}: {value}")),
        f"http://127.0.0.1:{port}{page.path}",
    ]
    try:
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + 90, check=False
        )
    except subprocess.TimeoutExpired:
        run.error = "wrk did not finish"
        return run
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), "")
    if not line:
        run.error = f"wrk failed: {(done.stderr or done.stdout).strip()[:200]}"
        return run
    result = json.loads(line.removeprefix("BENCH_RESULT "))
    run.requests = result["requests"]
    run.rps = result["requests"] / (result["duration_us"] / 1e6) if result["duration_us"] else 0
    if run.requests:
        run.p50, run.p95, run.p99 = (result[k] / 1000 for k in ("p50_us", "p95_us", "p99_us"))
    problems = []
    if result["unexpected_status"]:
        problems.append(
            f"{result['unexpected_status']} answers were not 200 "
            f"(last: {result['last_unexpected']})"
        )
    socket_errors = sum(result[k] for k in ("errors_connect", "errors_read", "errors_write"))
    if socket_errors or result["errors_timeout"]:
        problems.append(f"{socket_errors} socket errors, {result['errors_timeout']} timeouts")
    if not run.requests:
        problems.append("no request finished in time")
    run.error = "; ".join(problems)
    return run


class Measurer:
    def __init__(self, config: Config, port: int, credentials: dict, deadline: float):
        self.config = config
        self.port = port
        self.credentials = credentials
        self.deadline = deadline

    def headers(self, page: Page) -> dict:
        return dict(self.credentials.get(page.who, {}))

    def page(self, page: Page, *, count_queries: bool = True) -> Measured:
        measured = Measured(page)
        headers = self.headers(page)
        try:
            status, body, response_headers, seconds = _fetch(self.port, page.path, headers)
        except (OSError, http.client.HTTPException) as error:
            measured.error = f"request failed: {error}"
            return measured
        measured.status, measured.single_seconds = status, seconds
        if status != 200:
            where = response_headers.get("location", "")
            measured.error = f"answered {status}" + (f" → {where}" if where else "")
            return measured
        measured.raw_bytes = len(body)
        try:
            status, zipped, zipped_headers, _ = _fetch(
                self.port, page.path, {**headers, "Accept-Encoding": "gzip"}
            )
        except (OSError, http.client.HTTPException) as error:
            measured.error = f"request failed: {error}"
            return measured
        if status != 200:
            measured.error = f"answered {status} when asked for gzip"
            return measured
        if zipped_headers.get("content-encoding") == "gzip":
            measured.gzip_bytes = len(zipped)
        else:
            measured.gzip_bytes = len(gzip.compress(body, compresslevel=6))
            measured.gzip_computed = True
        if count_queries:
            measured.queries, in_process_status = _count_queries(page, headers)
            if in_process_status != 200:
                measured.error = f"the test client got {in_process_status}"
                return measured
        # A page that takes seconds gets enough time for a few requests per run.
        seconds = max(self.config.duration, min(60.0, 3 * measured.single_seconds))
        if measured.single_seconds < 1 and time.monotonic() + seconds + 15 < self.deadline:
            # A second of warm-up, so that both workers have served the page once.
            _wrk(self.port, page, {**headers, "Accept-Encoding": "gzip"}, 2, 1)
        for connections in self.config.connections:
            if time.monotonic() + seconds + 10 > self.deadline:
                measured.runs.append(Run(connections, error="skipped: time limit"))
                continue
            measured.runs.append(
                _wrk(self.port, page, {**headers, "Accept-Encoding": "gzip"}, connections, seconds)
            )
        return measured


# Report ------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}"


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _share(run: Run, limits: dict[int, float]) -> float | None:
    limit = limits.get(run.connections)
    if not limit or run.error and not run.requests:
        return None
    return run.rps / limit


def render(context: dict) -> str:
    config: Config = context["config"]
    data = context["data"]
    limits: dict[int, float] = context["limits"]
    rows: list[Measured] = context["measured"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); measurement only. Goals from issue 11:",
        f"every page at p95 under {P95_GOAL_MS:.0f} ms at {GOAL_CONNECTIONS} connections, and the "
        f"board and the provrum page at least {SHARE_GOAL:.0%} of the limit's throughput "
        "(the limit: a bare Django view returning 20 KB on the same server).",
        "",
        f"- Date: {context['started']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}; load average at start {context['load_start']}, "
        f"at end {context['load_end']}",
        f"- Server: `make serve` – gunicorn sync workers, WEB_CONCURRENCY={config.workers}, "
        f"DEBUG off, PostgreSQL {context['pg_version']} and Redis on loopback; wrk "
        f"{context['wrk_version']} with `Accept-Encoding: gzip`, "
        f"{config.duration:g} s per run (longer for a page that needs seconds per request)",
        f"- Scale {config.scale:g}: "
        + ", ".join(f"{count:,} {name}" for name, count in data.counts.items()),
        f"- Data build: {data.total_seconds:.0f} s with bulk inserts ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in data.timings)
        + f"); migrations {context['migrate_seconds']:.0f} s; `make serve` answered after "
        f"{context['serve_seconds']:.0f} s (collectstatic, migrate, gunicorn start)",
        f"- Whole run: {context['run_seconds']:.0f} s",
        "",
        "SQL = queries of one request (Django's test client against the same database). "
        "Bytes: the body without compression, and with gzip"
        + (
            " (marked * where the app did not compress: gzip level 6 computed here)"
            if any(m.gzip_computed for m in rows)
            else ""
        )
        + ". Share = req/s ÷ the limit's req/s at the same number of connections.",
        "",
        "| page | signed in as | SQL | bytes | gzip | conn. | req/s | p50 ms | p95 ms | "
        "p99 ms | share of limit | p95 goal | share goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    met = unmet = 0
    for measured in rows:
        page = measured.page
        label = f"{page.name} `{page.path}`"
        if measured.error and not measured.runs:
            lines.append(
                f"| {label} | {page.who} | "
                f"{measured.queries if measured.queries is not None else '–'} | – | – | – | "
                f"**error: {measured.error}** | | | | | **not met** | "
                f"{'**not met**' if page.goal_share else ''} |"
            )
            unmet += 2 if page.goal_share else 1
            continue
        for run in measured.runs:
            if run.note:
                label = f"{page.name}, {run.note} `{page.path}`"
            share = _share(run, limits)
            p95_goal = share_goal = ""
            if run.connections == GOAL_CONNECTIONS and page is not BARE:
                ok = run.p95 is not None and not run.error and run.p95 < P95_GOAL_MS
                p95_goal = "met" if ok else "**not met**"
                met, unmet = met + ok, unmet + (not ok)
            if page.goal_share:
                ok = share is not None and not run.error and share >= SHARE_GOAL
                share_goal = "met" if ok else "**not met**"
                met, unmet = met + ok, unmet + (not ok)
            gzip_cell = (
                f"{measured.gzip_bytes:,}{'*' if measured.gzip_computed else ''}"
                if measured.gzip_bytes is not None
                else "–"
            )
            rps = f"{run.rps:,.1f}" if run.requests else "–"
            if run.error:
                rps = f"{rps} ({run.error})"
            lines.append(
                f"| {label} | {page.who} | "
                f"{measured.queries if measured.queries is not None else '–'} | "
                f"{measured.raw_bytes:,} | {gzip_cell} | {run.connections} | {rps} | "
                f"{_ms(run.p50)} | {_ms(run.p95)} | {_ms(run.p99)} | "
                f"{'–' if share is None else f'{share:.1%}'} | {p95_goal} | {share_goal} |"
            )
    lines += [
        "",
        f"Goals: {met} met, {unmet} not met.",
        "",
        "Reproduce: `make bench` (BENCH_SCALE=1.0 and BENCH_DURATION=10 by default; "
        "`BENCH_SCALE=0.02 BENCH_DURATION=2 make bench` is the quick smoke run).",
    ]
    if context.get("notes"):
        lines += ["", *context["notes"]]
    return "\n".join(lines) + "\n"


# The run ------------------------------------------------------------------------------


def _sessions(data) -> dict[str, dict]:
    """Request headers per role: session cookies made by Django's login, API tokens."""
    from django.conf import settings
    from django.test import Client

    from reglab.accounts.models import User

    headers = {"anonymous": {}}
    for role, email in (("member", data.member_email), ("office", data.office_email)):
        client = Client()
        client.force_login(
            User.objects.get(email=email),
            backend="allauth.account.auth_backends.AuthenticationBackend",
        )
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers[role] = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    headers["member token"] = {"Authorization": f"Bearer {data.member_token}"}
    headers["office token"] = {"Authorization": f"Bearer {data.office_token}"}
    return headers


def main() -> int:
    config = Config()
    started_at = datetime.now(UTC)
    begun = time.monotonic()
    deadline = begun + config.time_limit - 45  # room left for the report and the clean-up
    load_start = _load()
    cleanup = Cleanup()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, _on_signal)
    signal.alarm(int(config.time_limit))
    try:
        _ensure_wrk()
        wrk_version = (
            subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S603, S607
            .stdout.split(" [")[0]
            .replace("wrk ", "")
            .strip()
            or "?"
        )
        name = f"reglab_bench_{os.getpid()}"
        _create_database(name)
        cleanup.database = name
        cleanup.redis_db = _spare_redis_db()
        cleanup.tempdir = tempfile.mkdtemp(prefix="reglab-bench-")
        port = _free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEMO_MODE", "TESTING", "GUNICORN_BIND", "SECURE_SSL_REDIRECT"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}",
            REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/{cleanup.redis_db}",
            DEBUG="0",
            SECURE="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{port}",
            MEDIA_ROOT=str(Path(cleanup.tempdir) / "media"),
            BACKUP_DIR=str(Path(cleanup.tempdir) / "backups"),
            LOG_LEVEL="WARNING",
            WEB_CONCURRENCY=str(config.workers),
            PORT=str(port),
        )
        os.environ.update(env)
        print(
            f"Bench: scale {config.scale:g}, {config.duration:g} s per run at "
            f"{', '.join(map(str, config.connections))} connections; database {name}, "
            f"Redis db {cleanup.redis_db}, port {port}.",
            flush=True,
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from bench.build_data import build, sizes_for

        print("Migrating…", flush=True)
        migrate_begun = time.monotonic()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.monotonic() - migrate_begun
        print(f"Building the data ({sizes_for(config.scale)}):", flush=True)
        data = build(config.scale)
        credentials = _sessions(data)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0].split(" ")[0]
        connection.close()

        print(f"Starting `make serve` on 127.0.0.1:{port}…", flush=True)
        log_path = Path(cleanup.tempdir) / "serve.log"
        cleanup.server = _start_server(env, port, log_path)
        # `make serve` collects (and compresses) the static files and migrates first: on a
        # busy machine that takes minutes, which the time limit bounds.
        serve_begun = time.monotonic()
        _wait_until_serving(
            cleanup.server, port, log_path, timeout=max(60, deadline - time.monotonic() - 60)
        )
        serve_seconds = time.monotonic() - serve_begun
        print(f"Serving after {serve_seconds:.0f} s.", flush=True)

        measurer = Measurer(config, port, credentials, deadline)
        print("Measuring the limit…", flush=True)
        bare_first = measurer.page(BARE, count_queries=False)
        results = []
        for page in _pages(data):
            print(f"Measuring {page.name} ({page.path})…", flush=True)
            measured = measurer.page(page)
            for run in measured.runs:
                print(
                    f"    {run.connections} conn.: {run.rps:,.1f} req/s, p95 {_ms(run.p95)} ms"
                    + (f" – {run.error}" if run.error else ""),
                    flush=True,
                )
            if measured.error:
                print(f"    error: {measured.error}", flush=True)
            results.append(measured)
        print("Measuring the limit again…", flush=True)
        bare_last = measurer.page(BARE, count_queries=False)
        # The limit: the mean of the two runs, before and after the pages.
        limits, bare_runs = {}, []
        for first, last in zip(bare_first.runs, bare_last.runs, strict=False):
            finished = [run for run in (first, last) if run.requests and not run.error]
            if finished:
                limits[first.connections] = sum(run.rps for run in finished) / len(finished)
        bare = Measured(BARE, status=200, raw_bytes=bare_first.raw_bytes)
        bare.gzip_bytes, bare.gzip_computed = bare_first.gzip_bytes, bare_first.gzip_computed
        for first, last in zip(bare_first.runs, bare_last.runs, strict=False):
            first.note, last.note = "before the pages", "after the pages"
            bare_runs += [first, last]
        bare.runs = bare_runs
        bare.error = bare_first.error or bare_last.error
        notes = [
            "The limit is measured twice, before and after the pages (both rows shown); "
            "the shares use their mean."
        ]
        errors = [m for m in results if m.error or any(r.error for r in m.runs)]
        if errors:
            notes.append("Pages that could not be measured as pages:")
            notes += [
                f"- {m.page.name} `{m.page.path}`: "
                + "; ".join(filter(None, [m.error, *(r.error for r in m.runs)]))
                for m in errors
            ]
        context = {
            "config": config,
            "data": data,
            "limits": limits,
            "measured": [bare, *results],
            "started": started_at,
            "load_start": load_start,
            "load_end": _load(),
            "pg_version": pg_version,
            "wrk_version": wrk_version,
            "migrate_seconds": migrate_seconds,
            "serve_seconds": serve_seconds,
            "run_seconds": time.monotonic() - begun,
            "notes": notes,
        }
        report = render(context)
        print()
        print(report)
        config.output.parent.mkdir(parents=True, exist_ok=True)
        config.output.write_text(report)
        print(f"Written to {config.output}.")
        return 0
    except Interrupted as reason:
        print(f"\nStopped ({reason}); cleaning up.", file=sys.stderr)
        return 130
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
