"""Every route the platform answers, found from its configuration, never listed by hand.

* pages, exports, feeds and the admin: ``django.urls.get_resolver()`` walked
  recursively; a route is known by its URL name (``provrum:plan``), or its
  pattern when it has none; the API's own URL patterns are left to the next point;
* the API: every path operation of the OpenAPI schema, as ``METHOD /api/v1/path``;
* WebSockets: the Channels routes, as ``WS /ws/…``.

Each route comes with the names of the values its URL needs.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

API_PREFIX = "/api/v1"


def _params(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RegexPattern):
        named = tuple(pattern.regex.groupindex)
        unnamed = pattern.regex.groups - len(named)
        return named + tuple(f"arg{index}" for index in range(unnamed))
    return tuple(getattr(pattern, "converters", {}))


def _walk(resolver, prefix="", namespace="", params=()):
    for entry in resolver.url_patterns:
        here = prefix + str(entry.pattern)
        found = params + _params(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, here, inner, found)
        elif isinstance(entry, URLPattern):
            key = f"{namespace}{entry.name}" if entry.name else here
            yield key, "/" + here, found


def url_routes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """{key: (pattern, param names)} for every URL pattern outside the API's operations."""
    routes = {}
    for key, pattern, params in _walk(get_resolver()):
        if pattern.startswith(API_PREFIX + "/") and key not in API_PAGES:
            continue
        routes.setdefault(key, (pattern, params))
    return routes


# The API's own pages (schema, docs, root): URL names, not operations.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def api_routes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """{"METHOD /api/v1/path": (path template, param names)} for every path operation."""
    from reglab.api.api import api

    routes = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            params = tuple(re.findall(r"{(\w+)}", path))
            routes[f"{method.upper()} {path}"] = (path, params)
    return routes


def ws_routes() -> dict[str, tuple[str, tuple[str, ...]]]:
    from reglab.live.routing import websocket_urlpatterns

    return {
        f"WS /{entry.pattern}": ("/" + str(entry.pattern), _params(entry.pattern))
        for entry in websocket_urlpatterns
    }


def all_routes() -> dict[str, tuple[str, tuple[str, ...]]]:
    return {**url_routes(), **api_routes(), **ws_routes()}
