"""
The second factor in tests: give a person an activated TOTP authenticator and
compute the code their authenticator app would show.

The code is computed here by RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits),
independently of allauth, so the tests also check that allauth's verification
follows the standard that authenticator apps use.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt


def give_totp(user) -> str:
    """Activate TOTP for ``user`` through allauth's own API; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The RFC 6238 code for ``secret`` at time ``at`` (now by default)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def secret_of(user) -> str:
    """The TOTP secret stored for ``user``."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def fresh_code_for(user) -> str:
    """
    The current code for ``user``, usable even if a test used it a moment ago.

    allauth refuses a code a second time within its 30 seconds (replay
    protection, in the cache). A test that signs the same person in twice
    within those seconds frees the code first, as the next time step would.
    """
    from django.core.cache import cache

    code = totp_code(secret_of(user))
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code
