"""Measuring one page of `make bench`: through the server (`make serve`) without and with gzip,
through Django's test client for its SQL queries, then with wrk at each number of connections."""

import contextlib
import gzip
import http.client
import json
import math
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench.servers import REPO, start

LUA = REPO / "bench" / "report.lua"


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


def ensure_wrk():
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


# The server -------------------------------------------------------------------------


def start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    """`make serve`, as an operator runs it, in its own process group."""
    target = ["serve", f"PORT={port}", f"WEB_CONCURRENCY={env['WEB_CONCURRENCY']}"]
    return start(target, env, log_path)


def wait_until_serving(server: subprocess.Popen, port: int, log_path: Path, timeout: float):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if server.poll() is not None:
            raise SystemExit(
                f"`make serve` stopped (exit {server.returncode}):\n" + log_path.read_text()[-3000:]
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            if fetch(port, "/__bench__/bare/", {})[0] == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"`make serve` did not answer within {timeout:.0f} s.")


def fetch(port: int, path: str, headers: dict) -> tuple[int, bytes, dict, float]:
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


def pages(data) -> list[Page]:
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


def count_sql_queries(page: Page, headers: dict) -> tuple[int, int]:
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


def wrk_run(port: int, page: Page, headers: dict, connections: int, seconds: float) -> Run:
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
            status, body, response_headers, seconds = fetch(self.port, page.path, headers)
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
            status, zipped, zipped_headers, _ = fetch(
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
            measured.queries, in_process_status = count_sql_queries(page, headers)
            if in_process_status != 200:
                measured.error = f"the test client got {in_process_status}"
                return measured
        # A page that takes seconds gets enough time for a few requests per run.
        seconds = max(self.config.duration, min(60.0, 3 * measured.single_seconds))
        if measured.single_seconds < 1 and time.monotonic() + seconds + 15 < self.deadline:
            # A second of warm-up, so that both workers have served the page once.
            wrk_run(self.port, page, {**headers, "Accept-Encoding": "gzip"}, 2, 1)
        for connections in self.config.connections:
            if time.monotonic() + seconds + 10 > self.deadline:
                measured.runs.append(Run(connections, error="skipped: time limit"))
                continue
            measured.runs.append(
                wrk_run(
                    self.port, page, {**headers, "Accept-Encoding": "gzip"}, connections, seconds
                )
            )
        return measured
