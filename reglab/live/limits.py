"""Join-code guessing is throttled: wrong codes are counted per address.

A join code is one of 31**6 (about 887 million). After
``WRONG_CODES_PER_WINDOW`` wrong codes from one address in ``WINDOW`` seconds,
that address is refused (429) for the rest of the window, the right code
included, so a script learns nothing from trying. Only wrong codes count: a
whole conference room behind one address joins with the right code freely.
A code the host has just replaced (``room_renew``) does not count either: every
phone still showing it asks for it again at the next question, and a room behind
one address would otherwise lock itself out of the new code for the window.
Counted in Django's cache (Redis in production, so every process counts
together), keyed on ``client_ip`` (the proxy's view, never a spoofed header), an IPv6
address by its /64 network, as one client can rotate addresses within it.
"""

import ipaddress
import time

from django.core.cache import cache

from reglab.core.cache import counter_get
from reglab.core.client_ip import client_ip
from reglab.live.rules import is_well_formed_code, normalise_code

WRONG_CODES_PER_WINDOW = 20
WINDOW = 10 * 60


def _sender(request) -> str:
    """The address counted: an IPv6 address by its /64, which one client can rotate within."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def _key(request) -> str:
    window = int(time.time() // WINDOW)
    return f"reglab:limit:live-code:{_sender(request)}:{window}"


def code_guessing_blocked(request) -> bool:
    """True when the request's address has tried too many wrong codes in this window."""
    # A counter that cannot be read refuses (503) rather than let guessing through.
    return (counter_get(_key(request)) or 0) >= WRONG_CODES_PER_WINDOW


def _replaced_key(code: str) -> str:
    return f"reglab:live-replaced-code:{normalise_code(code)}"


def replaced_code_record(code: str) -> None:
    """Remember for one window that ``code`` was a room's code until the host replaced it."""
    cache.set(_replaced_key(code), True, timeout=WINDOW)


def wrong_code_record(request, code: str = "") -> None:
    """Count one wrong join code from the request's address (not a code just replaced)."""
    if is_well_formed_code(normalise_code(code)) and cache.get(_replaced_key(code)):
        return
    key = _key(request)
    cache.add(key, 0, timeout=WINDOW + 1)
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=WINDOW + 1)
