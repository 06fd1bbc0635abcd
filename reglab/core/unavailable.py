"""Answers when the database cannot be reached: 503 with a Swedish message, never a 500.

A restart of PostgreSQL, a failover or a full connection pool makes every query fail with
``OperationalError`` (or ``InterfaceError`` on a connection that broke mid-request). That is
not a fault in the page but a short outage, so the person is told to try again in a moment
(``Retry-After``) and monitoring sees 503, not 500. Django's persistent connections are
health-checked (``CONN_HEALTH_CHECKS``), so the first request after the database is back
opens a new connection and succeeds.

Pages: ``handler500`` (reglab/urls.py) is called for any uncaught exception, also one raised in
a middleware (sessions, authentication); it answers 503 when that exception is a database
error and renders 500.html otherwise. The API: its exception handler calls
``unavailable_payload`` for the same errors. The 503 page is standalone (no template tags, no
database), like 500.html.

Redis down is the same kind of outage where it matters: a rate limit that cannot count refuses
(``reglab.core.cache.CacheUnavailable``) rather than let everything through, and the request is
answered 503 with its own message. Reads of the cache only miss, so pages keep working.
"""

import logging
import secrets
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from reglab.core.cache import OUTAGE_ERRORS, CacheUnavailable
from reglab.core.security_log import neutralise

logger = logging.getLogger("reglab.errors")
DATABASE_ERRORS = (OperationalError, InterfaceError)
CACHE_ERRORS = (CacheUnavailable, *OUTAGE_ERRORS)
RETRY_AFTER_SECONDS = 10
MESSAGE = (
    "Tjänsten är tillfälligt otillgänglig: databasen svarar inte just nu. Försök igen om en stund."
)
CACHE_MESSAGE = (
    "Tjänsten är tillfälligt otillgänglig: en del av den svarar inte just nu, så vi kan inte "
    "ta emot det här. Försök igen om en stund."
)
# The 503 page's lead and its English line, per cause.
PAGE_TEXT = {
    "database": (
        "Databasen svarar inte just nu. Försök igen om en stund.",
        "The service is briefly unavailable: the database is not answering. "
        "Please try again in a moment.",
    ),
    "cache": (
        "En del av tjänsten svarar inte just nu, så vi kan inte ta emot det här. "
        "Försök igen om en stund.",
        "The service is briefly unavailable: part of it is not answering. "
        "Please try again in a moment.",
    ),
}


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def is_cache_outage(error: BaseException | None) -> bool:
    return isinstance(error, CACHE_ERRORS)


def is_outage(error: BaseException | None) -> bool:
    """The database or Redis is unreachable: a 503, not a fault in the page."""
    return is_database_outage(error) or is_cache_outage(error)


def unavailable_payload(error: BaseException | None = None) -> dict:
    detail = CACHE_MESSAGE if is_cache_outage(error) else MESSAGE
    return {"code": "unavailable", "detail": detail}


def unavailable_response(request, error: BaseException | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(unavailable_payload(error), status=503)
    else:
        lead, english = PAGE_TEXT["cache" if is_cache_outage(error) else "database"]
        page = loader.get_template("503.html").render({"lead": lead, "english": english})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """``handler500``: an outage (database, Redis) is a 503 in Swedish; anything else a 500.

    The 500 page shows a reference (``Felreferens``) that is also logged beside the error
    and its traceback, so a person who reports it can be matched to the log; the page
    itself shows no detail of the error.
    """
    error = sys.exc_info()[1]
    if is_outage(error):
        return unavailable_response(request, error)
    reference = secrets.token_hex(6)
    logger.error(
        "reference=%s method=%s path=%s",
        reference,
        request.method,
        neutralise(request.path),
        exc_info=error is not None,
    )
    body = loader.get_template("500.html").render({"reference": reference})
    return HttpResponseServerError(body)
