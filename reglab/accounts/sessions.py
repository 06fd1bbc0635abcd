"""How long a signed-in session lives (ASVS V7.3): 30 minutes idle, 12 hours in all.

SESSION_COOKIE_AGE (12 hours) only bounds the cookie, and Django renews it whenever
the session is saved; the session itself records when the person signed in and
when they were last seen, and this middleware signs them out past either limit.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
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
            now = int(time.time())
            started = request.session.get(STARTED)
            seen = request.session.get(SEEN)
            if (started is not None and now - started >= absolute_limit()) or (
                seen is not None and now - seen >= idle_limit()
            ):
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
