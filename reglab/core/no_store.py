"""``Cache-Control: no-store`` on every answer to a signed-in person, or to a personal token.

A page for a signed-in person shows what only they may see (their plans, their
organisation's answers, the office's queues). Kept in the browser's cache or a proxy's, it
could be read back on a shared computer after signing out. Answers that say more already
(``private, no-cache`` on documents) keep their words and gain ``no-store``.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SignedInNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie or an Authorization header nobody is signed in: the
        # session is then not read, so an anonymous answer does not gain ``Vary: Cookie``
        # from this check. A personal token (reglab.core.api_tokens) makes request.user its
        # person for the one request, and what it is shown is as private as a session's.
        if (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "Authorization" not in request.headers
        ):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
