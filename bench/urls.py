"""The platform's URLs plus ``/__bench__/bare/``: the fastest page the same server can give.

The bare view goes through the same middleware, the same gunicorn workers and
the same process set-up as every page, but reads no database row and renders
no template; its throughput is the limit each page's share is measured against.
"""

from django.http import HttpResponse
from django.urls import path

from reglab.urls import urlpatterns as platform_urlpatterns


def _bare_body(size: int = 20 * 1024) -> bytes:
    """20 KB of HTML made of words in a fixed random order: it compresses about as a page
    does (a few times), not to nothing as one repeated line would."""
    import random

    words = (
        "provrum region kansliet klartecken intresse förslag plan budget rapport resultat "
        "kommentar organisation medlem partner utveckling samverkan lärande analys"
    ).split()
    rng = random.Random(20)  # noqa: S311 (filler text)
    parts = ["<!doctype html><title>bench</title>\n"]
    length = len(parts[0])
    while length < size:
        line = "<p>" + " ".join(rng.choice(words) for _ in range(12)) + f" {rng.random()}</p>\n"
        parts.append(line)
        length += len(line.encode())
    return "".join(parts).encode()[:size]


# Built once per process.
BARE_BODY = _bare_body()


def bare(request):
    """Twenty kilobytes, no database, no template: the limit of the stack."""
    return HttpResponse(BARE_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench__/bare/", bare, name="bench_bare"),
    *platform_urlpatterns,
]
