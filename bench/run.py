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
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.measure import (
    BARE,
    Config,
    Measured,
    Measurer,
    ensure_wrk,
    pages,
    start_server,
    wait_until_serving,
)
from bench.report import load_average, ms, render
from bench.servers import (
    PG,
    REDIS,
    Interrupted,
    free_port,
    on_signal,
    pg_admin,
    spare_redis_db,
    stop_group,
)


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
            stop_group(self.server)
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


# The database ------------------------------------------------------------------------


def _create_database(name: str):
    with pg_admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_database(name: str):
    with pg_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    load_start = load_average()
    cleanup = Cleanup()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, on_signal)
    signal.alarm(int(config.time_limit))
    try:
        ensure_wrk()
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
        cleanup.redis_db = spare_redis_db()
        cleanup.tempdir = tempfile.mkdtemp(prefix="reglab-bench-")
        port = free_port()
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
        cleanup.server = start_server(env, port, log_path)
        # `make serve` collects (and compresses) the static files and migrates first: on a
        # busy machine that takes minutes, which the time limit bounds.
        serve_begun = time.monotonic()
        wait_until_serving(
            cleanup.server, port, log_path, timeout=max(60, deadline - time.monotonic() - 60)
        )
        serve_seconds = time.monotonic() - serve_begun
        print(f"Serving after {serve_seconds:.0f} s.", flush=True)

        measurer = Measurer(config, port, credentials, deadline)
        print("Measuring the limit…", flush=True)
        bare_first = measurer.page(BARE, count_queries=False)
        results = []
        for page in pages(data):
            print(f"Measuring {page.name} ({page.path})…", flush=True)
            measured = measurer.page(page)
            for run in measured.runs:
                print(
                    f"    {run.connections} conn.: {run.rps:,.1f} req/s, p95 {ms(run.p95)} ms"
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
            "load_end": load_average(),
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
