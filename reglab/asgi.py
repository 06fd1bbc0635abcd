"""
The ASGI application: Django's HTTP views, and the live dialog's WebSockets.

In production the WSGI workers (gunicorn, ``make serve``) serve HTTP and a
separate ASGI process (uvicorn, ``make serve-live``) serves ``/ws/``, behind
the same nginx (README, "Drift"); this module serves both, so one uvicorn
process can also run everything.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")

# Django is set up first: the routing imports models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from reglab.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
