"""What the header sweep and the CSRF sweep share: production settings, one concrete URL per
route and method (from the authorization matrix's table and world), and a snapshot of every
row of the platform's tables.

Production settings are read from ``reglab/settings.py`` itself, loaded once in a separate
process with the environment of a production server (as tests/test_deploy_check.py does), and
applied here with ``override_settings``: the sweeps see exactly the cookie names and flags,
HSTS, redirects and headers a deploy has, never a copy written out by hand.
"""

import hashlib
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

from django.db import connection
from django.test import override_settings

from tests.security.authz_admin import admin_params
from tests.security.authz_cells import _tables, url_of
from tests.security.authz_routes import all_routes
from tests.security.authz_table import TABLE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Settings that decide headers and cookies; the test keeps its own database, hosts and mail.
PRODUCTION_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def read_production(names=(), prefixes=()) -> dict:
    """Settings as ``reglab/settings.py`` makes them on a production server: the named ones and
    every one starting with a prefix, read in a separate process with the environment of
    tests/test_deploy_check.py (the test settings differ: a fast hasher, no TLS)."""
    import tempfile

    from tests.test_deploy_check import production_env

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"names = [k for k in dir(s) if k.startswith({tuple(prefixes)!r})] + {list(names)!r}; "
        "print(json.dumps({k: getattr(s, k) for k in names}, default=str))"
    )
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            env=production_env(Path(folder)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@cache
def production_values() -> dict:
    """Every header and cookie setting as ``reglab/settings.py`` makes it in production."""
    values = read_production(["X_FRAME_OPTIONS", "DEBUG"], PRODUCTION_PREFIXES)
    if values.get("SECURE_PROXY_SSL_HEADER"):
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def production_settings():
    """``override_settings`` with the production values (requests must then be ``secure``)."""
    return override_settings(**production_values())


def concrete_urls(subjects, methods) -> dict[tuple[str, str], tuple[str, dict]]:
    """{(route, method): (URL, cast)}: the first row of the matrix with the route and method, in the
    first state it lists, filled with that subject's values."""
    routes = all_routes()
    found = {}
    for row in TABLE:
        key = (row.route, row.method)
        if row.method not in methods or key in found:
            continue
        route = routes[row.route]
        if row.kind == "admin":
            params, cast = admin_params(row.route, route), subjects["none"]["-"].cast
        else:
            states = row.states or tuple(subjects[row.kind])
            subject = subjects[row.kind][states[0]]
            params, cast = subject.params, subject.cast
        found[key] = (url_of(row.route, route, params, row.aliases), cast)
    return found


def snapshot() -> dict[str, str]:
    """{table: digest of all its rows}, for every table of the platform (history included)."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the models
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests
