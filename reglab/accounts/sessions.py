"""How long a signed-in session lives (ASVS V7.3): 30 minutes idle, 12 hours in all.

SESSION_COOKIE_AGE (12 hours) only bounds the cookie, and Django renews it whenever
the session is saved; the session itself records when the person signed in and
when they were last seen, and this middleware signs them out past either limit.
The live dialog's WebSockets make the same decision (``session_expired``) through
``socket_user`` and ``socket_session_current`` (reglab.live.consumers).
"""

import time
from collections.abc import Mapping
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

STARTED = "_reglab_signed_in_at"
SEEN = "_reglab_last_seen_at"
# "Last seen" is written at most this often, so not every request writes the session;
# the idle limit is then reached up to this much early, never late.
SEEN_RESOLUTION = 60


def idle_limit() -> int:
    return getattr(settings, "SESSION_IDLE_TIMEOUT", 30 * 60)


def absolute_limit() -> int:
    return getattr(settings, "SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)


def session_expired(session: Mapping, *, now: int, idle: int, absolute: int) -> bool:
    """Whether the session has passed the absolute limit (since STARTED) or the idle limit
    (since SEEN). A session without a clock has passed neither. Pure: the one decision
    that the middleware and the WebSockets share."""
    started = session.get(STARTED)
    seen = session.get(SEEN)
    return (started is not None and now - started >= absolute) or (
        seen is not None and now - seen >= idle
    )


def _expired_now(session: Mapping) -> bool:
    return session_expired(
        session, now=int(time.time()), idle=idle_limit(), absolute=absolute_limit()
    )


def socket_user(scope):
    """The user of a WebSocket's scope (channels' AuthMiddlewareStack), or an AnonymousUser
    when that user's session has passed either limit: the socket treats them as signed out,
    as the middleware would. The session itself is left alone; the next page request signs
    them out properly. Synchronous (the session may be read from the database)."""
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        return user
    session = scope.get("session")
    if session is None or _expired_now(session):
        return AnonymousUser()
    return user


def socket_session_current(session_key: str | None, signed_in_as: str | None) -> bool:
    """For a socket that stays open: the session, read again from the store, is still
    signed in as ``signed_in_as`` (not signed out, not another person) and within both
    limits. Synchronous (reads the session store)."""
    if not session_key or signed_in_as is None:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return session.get(SESSION_KEY) == signed_in_as and not _expired_now(session)


@receiver(user_logged_in, dispatch_uid="reglab_session_clock")
def start_the_clock(sender, request, user, **kwargs):
    """Every sign-in starts both limits afresh (also a second one by the same person)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[STARTED] = session[SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_TIMEOUT."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if _expired_now(request.session):
                logout(request)
                messages.info(request, _("You have been signed out because the session expired."))
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        # Only a session someone signed in to keeps a clock. A personal API token
        # (reglab.core.api_tokens) makes request.user a person for its one request: it
        # must not leave a session, and a cookie, behind.
        if (
            user is not None
            and user.is_authenticated
            and session is not None
            and session.get(SESSION_KEY) is not None
        ):
            now = int(time.time())
            if session.get(STARTED) is None:
                session[STARTED] = now
            if now - session.get(SEEN, 0) >= SEEN_RESOLUTION:
                session[SEEN] = now
        return response
