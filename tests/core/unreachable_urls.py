"""A URL configuration for tests/core/test_unavailable.py: one page that queries a database that
cannot be reached (a real connection attempt that fails), one that fails otherwise."""

from copy import deepcopy

from django.db import connections
from django.urls import path

from reglab.urls import urlpatterns as site_urlpatterns


def unreachable_database(request):
    """Open a connection to a database that is not there, as a PostgreSQL restart does."""
    wrapper_class = type(connections["default"])
    settings = deepcopy(connections["default"].settings_dict)
    if connections["default"].vendor == "sqlite":
        settings["NAME"] = "/nonexistent-folder/reglab.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT="9")  # the discard port: nothing listens
        settings.setdefault("OPTIONS", {})["connect_timeout"] = 2
    broken = wrapper_class(settings, alias="unreachable")
    try:
        with broken.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        broken.close()


def other_fault(request):
    raise ZeroDivisionError


handler500 = "reglab.core.unavailable.server_error"
urlpatterns = [
    path("test/unreachable/", unreachable_database),
    path("api/v1/test/unreachable/", unreachable_database),
    path("test/other/", other_fault),
    *site_urlpatterns,
]
