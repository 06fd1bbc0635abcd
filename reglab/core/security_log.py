"""The security log: who signed in or out, who failed to, and who was refused, one line each.

Every line is written to the ``reglab.security`` logger as ``key=value`` pairs: the time in
UTC (ISO 8601, whatever the server's time zone), the event, the person's id (``-`` when
nobody is signed in), the client's address (reglab.core.client_ip, so a spoofed
X-Forwarded-For is not believed) and the request's method and path. Values are
neutralised: a CR, LF or other control character becomes its ``\\xNN`` escape, so a value
cannot start a forged line of its own. Nothing secret is written: no password, code,
token, cookie or query string; a failed sign-in gives only the address it was tried for.
"""

import logging
from datetime import UTC, datetime

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from reglab.core.client_ip import client_ip

logger = logging.getLogger("reglab.security")
MAX_VALUE = 200


def neutralise(value) -> str:
    """The value on one line: control characters escaped, a space as "_", cut short."""
    text = str(value)[:MAX_VALUE]
    return "".join(
        char
        if char.isprintable() and char != " "
        else ("_" if char == " " else f"\\x{ord(char):02x}")
        for char in text
    )


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def security_event(event: str, request=None, *, actor=None, **fields) -> str:
    """Write one line for ``event``; the line is returned (for tests and callers that show it)."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    values = {
        "time": now_utc(),
        "event": event,
        "actor": getattr(actor, "pk", None) or "-",
        "ip": client_ip(request) if request is not None else "-",
    }
    if request is not None:
        values["method"] = request.method
        values["path"] = request.path
    values.update(fields)
    line = " ".join(f"{key}={neutralise(value)}" for key, value in values.items())
    logger.info(line)
    return line


def _signed_in(sender, request, user, **kwargs):
    security_event("sign_in", request, actor=user)


def _signed_out(sender, request, user, **kwargs):
    security_event("sign_out", request, actor=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password; only the address tried is kept.
    tried = credentials.get("email") or credentials.get("username") or credentials.get("login")
    security_event("sign_in_failed", request, login=tried or "-")


def connect():
    user_logged_in.connect(_signed_in, dispatch_uid="reglab.security.sign_in")
    user_logged_out.connect(_signed_out, dispatch_uid="reglab.security.sign_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="reglab.security.sign_in_failed")


class SecurityLogMiddleware:
    """Writes a line for every refusal: 403 (permission, CSRF) from a page or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security_event("refused", request, status=403)
        return response
