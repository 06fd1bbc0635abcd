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
"""

import logging
import secrets
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from reglab.core.security_log import neutralise

logger = logging.getLogger("reglab.errors")
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
MESSAGE = (
    "Tjänsten är tillfälligt otillgänglig: databasen svarar inte just nu. Försök igen om en stund."
)


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def unavailable_payload() -> dict:
    return {"code": "unavailable", "detail": MESSAGE}


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(unavailable_payload(), status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """``handler500``: a database outage is a 503 with a Swedish message; anything else a 500.

    The 500 page shows a reference (``Felreferens``) that is also logged beside the error
    and its traceback, so a person who reports it can be matched to the log; the page
    itself shows no detail of the error.
    """
    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    reference = secrets.token_hex(6)
    logger.error(
        "reference=%s method=%s path=%s",
        reference,
        request.method,
        neutralise(request.path),
        exc_info=sys.exc_info()[1] is not None,
    )
    body = loader.get_template("500.html").render({"reference": reference})
    return HttpResponseServerError(body)
