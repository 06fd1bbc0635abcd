"""Settings as a production server loads them (no TESTING, DEBUG or DEMO_MODE).

Read once per test process in a subprocess with the production environment of
tests/test_deploy_check.py: the test settings differ (a fast MD5 hasher, no TLS).
"""

import functools

from tests.security.sweep import read_production

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
    return read_production(NAMES)
