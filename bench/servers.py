"""Processes for the measurements and drills: free loopback ports, the platform started the
production way (`make serve`, `make serve-live`), a PostgreSQL database and a Redis database of
their own, and stopping all of it again. Nothing here is deployed or used by the tests."""

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)
CLAIM_KEY = "reglab-bench:owner"
# The proxy's certificate is self-signed for 127.0.0.1: encrypted, not verified.
TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE


class Interrupted(BaseException):
    pass


def on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **PG)


def spare_redis_db() -> int:
    import redis

    count = int(redis.Redis(*REDIS).config_get("databases").get("databases", 16))
    for number in range(count - 1, 0, -1):
        client = redis.Redis(*REDIS, db=number)
        if client.dbsize() == 0 and client.set(CLAIM_KEY, str(os.getpid()), nx=True):
            if client.dbsize() == 1:
                return number
            client.delete(CLAIM_KEY)
    raise SystemExit("No empty Redis database is left for the benchmark.")


def stop_group(process: subprocess.Popen):
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


def start(target: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", *target],  # noqa: S607
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_port(process, port: int, log: Path, timeout: float):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if process.poll() is not None:
            raise SystemExit(
                f"A server stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}"
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.3)
    raise SystemExit(
        f"Nothing answered on port {port} within {timeout:.0f} s:\n{log.read_text()[-2000:]}"
    )
