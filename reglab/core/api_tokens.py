"""Personal API tokens, for the apps below the API that read one themselves.

The tokens are the API's (``reglab.api``), and the API is the top of the platform:
it mounts the other apps' routers, so no app imports it. Meetings' router,
provrum's downloads and the saved pages (``reglab.core.blocks``) ask here; the
setting API_TOKEN_ACTOR names the API's check, as
AUTHENTICATION_BACKENDS name the sign-in's.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def token_actor(raw: str):
    """The person who may act with a raw token, or None.

    An account that must use a second factor and has not set it up is refused
    with a ``PermissionDenied`` (the API's ``SecondFactorRequired``, a 403).
    """
    return import_string(settings.API_TOKEN_ACTOR)(raw)
