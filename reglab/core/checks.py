"""System checks of the platform's own, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Cache backends whose counts live in one process: each gunicorn worker keeps its own.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, Tags.security, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """Warn when a production deploy has no shared cache (no ``REDIS_URL``).

    The per-person write limits (reglab.core.limits), allauth's sign-in and
    code limits and the cached pages all live in Django's cache. In process
    memory each worker counts on its own, so ``WEB_CONCURRENCY`` workers allow
    that many times every limit. Development, the demo and the test suite run
    one process and are left alone.
    """
    if settings.DEBUG or getattr(settings, "DEMO_MODE", False):
        return []
    if getattr(settings, "TESTING", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if getattr(settings, "REDIS_URL", "") and backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "REDIS_URL is not set: the cache, and with it every rate limit, is kept "
            "per process, so each worker counts on its own. / REDIS_URL är inte satt: "
            "cachen, och med den alla begränsningar, hålls per process, så varje "
            "process räknar för sig.",
            hint=(
                "Set REDIS_URL (for example redis://127.0.0.1:6379/0) in production. / "
                "Sätt REDIS_URL (till exempel redis://127.0.0.1:6379/0) i produktion; "
                "se README, Drift."
            ),
            id="reglab.W001",
        )
    ]
