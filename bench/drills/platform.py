"""The platform for one drill: its own PostgreSQL database and Redis database, migrated, and
`make serve` (gunicorn, N processes) on a loopback port; everything stopped and removed after.

The drill's own process also sets Django up on the same database, to build its objects through
the services and to check the outcome in the database afterwards.
"""

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.servers import (
    PG,
    REDIS,
    Interrupted,
    free_port,
    on_signal,
    pg_admin,
    spare_redis_db,
    start,
    stop_group,
    wait_for_port,
)


@dataclass
class Platform:
    http_port: int
    env: dict
    tempdir: Path
    servers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def web(self) -> subprocess.Popen:
        return self.servers[0]

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes (children of its master, which `make serve` runs)."""
        master = gunicorn_master(self.web.pid)
        if master is None:
            return []
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def gunicorn_master(make_pid: int) -> int | None:
    """The gunicorn master below `make serve` (make → gunicorn)."""
    children = Path(f"/proc/{make_pid}/task/{make_pid}/children")
    if not children.exists():
        return None
    for pid in children.read_text().split():
        with contextlib.suppress(OSError):
            if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return int(pid)
    return None


@contextlib.contextmanager
def platform(
    name: str,
    *,
    workers: int = 2,
    time_limit: int = 600,
    database_url: str = "",
    redis_url: str = "",
):
    """The platform served the production way; ``database_url`` for a database made elsewhere,
    ``redis_url`` for a Redis of the drill's own (else an empty database of the shared one)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, on_signal)
    signal.alarm(time_limit)
    tempdir = Path(tempfile.mkdtemp(prefix=f"reglab-drill-{name}-"))
    database = "" if database_url else f"reglab_drill_{name}_{os.getpid()}"
    redis_db = None
    running = Platform(http_port=free_port(), env={}, tempdir=tempdir)
    try:
        if database:
            with pg_admin() as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            database_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}"
        if not redis_url:
            redis_db = spare_redis_db()
            redis_url = f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db}"
        env = {k: v for k, v in os.environ.items() if k not in {"DEMO_MODE", "TESTING"}}
        env.update(
            DJANGO_SETTINGS_MODULE="reglab.settings",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            DEBUG="0",
            SECURE="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{running.http_port}",
            MEDIA_ROOT=str(tempdir / "media"),
            BACKUP_DIR=str(tempdir / "backups"),
            EMAIL_URL="dummymail://",
            LOG_LEVEL="WARNING",
        )
        running.env = env
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        connections.close_all()
        yield running
    except Interrupted as stop:
        raise SystemExit(f"Stopped ({stop}).") from None
    finally:
        signal.alarm(0)
        for server in running.servers:
            if server.poll() is None:
                stop_group(server)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if database:
            with pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if redis_db is not None:
            import redis

            redis.Redis(*REDIS, db=redis_db).flushdb()
        shutil.rmtree(tempdir, ignore_errors=True)


def serve(running: Platform, *, workers: int) -> None:
    """`make serve` with ``workers`` gunicorn processes, waited for."""
    log = running.tempdir / "serve.log"
    running.servers.append(
        start(
            ["serve", f"PORT={running.http_port}", f"WEB_CONCURRENCY={workers}"], running.env, log
        )
    )
    wait_for_port(running.servers[-1], running.http_port, log, 300)
