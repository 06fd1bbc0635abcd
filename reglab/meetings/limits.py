"""A limit on guest registrations per address: each one e-mails whatever address is typed.

Signed-in people are limited by who they are; a guest has only the request's
address (``client_ip``), so a script cannot use the platform to send a flood
of confirmation e-mails. Counted in Django's cache, as ``reglab.core.limits``.
"""

import time

from django.core.cache import cache

from reglab.core.client_ip import client_ip

GUEST_REGISTRATIONS_PER_HOUR = 10
HOUR = 3600


def guest_registration_allowed(request) -> bool:
    """Count one guest registration from the request's address; False when over the limit."""
    window = int(time.time() // HOUR)
    key = f"reglab:limit:meeting-guest:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=HOUR + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=HOUR + 1)
        count = 1
    return count <= GUEST_REGISTRATIONS_PER_HOUR
