"""Settings as a production server loads them (no TESTING, DEBUG or DEMO_MODE).

Read once per test process in a subprocess with the production environment of
tests/test_deploy_check.py: the test settings differ (a fast MD5 hasher, no TLS).
"""

import functools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.test_deploy_check import PROJECT_ROOT, production_env

NAMES = [
    "PASSWORD_HASHERS",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_AGE",
    "SESSION_IDLE_TIMEOUT",
    "SESSION_ABSOLUTE_TIMEOUT",
    "MIDDLEWARE",
]


@functools.cache
def production_settings() -> dict:
    script = (
        "import json, django\nfrom django.conf import settings\ndjango.setup()\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script],
            cwd=PROJECT_ROOT,
            env=production_env(Path(folder)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
