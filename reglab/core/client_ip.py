"""The address of the person behind a request, for limits and logs.

Behind a reverse proxy REMOTE_ADDR is the proxy's address for everyone, so a
limit keyed on it would count all people together. With ``BEHIND_PROXY`` the
platform trusts exactly ``TRUSTED_PROXY_COUNT`` proxies: each appends the
address it saw to X-Forwarded-For, so the client's address is that many entries
from the right. Entries further left were written by the client and can say
anything, so they are never used. Without a proxy the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: from the trusted proxy's header, else REMOTE_ADDR.

    A header the proxy did not write as configured (missing, too short, not an
    address) falls back to REMOTE_ADDR, the proxy's own address: a limit then
    counts more people together, which is safer than trusting the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(entries) >= count:
            address = _valid(entries[-count])
            if address:
                return address
    return _valid(remote) or remote
