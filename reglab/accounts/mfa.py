"""
Who must use a second factor (TOTP), and whether they have set it up.

The office, staff and superusers can act for everyone, so a password or an
e-mail code alone must not be enough for them. Every sign-in goes through
allauth, which asks for the TOTP code of anyone who has activated it; these
accounts must activate it before they may act (see
``reglab.accounts.middleware.SecondFactorRequiredMiddleware`` for pages and
session API calls, and the API's token authentication for personal tokens).

Only in demo mode are the demo accounts spared, so that anyone can try the
office's pages with the published demo password.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

# The demo accounts' domain (reglab.demo.management.commands.seed_demo).
DEMO_EMAIL_DOMAIN = "reglab.example"

_VERIFIED_ATTR = "_reglab_has_totp"


def requires_second_factor(user) -> bool:
    """True for an active office, staff or superuser account outside the demo exemption."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if not (getattr(user, "is_office", False) or user.is_staff or user.is_superuser):
        return False
    return not is_demo_exempt(user)


def is_demo_exempt(user) -> bool:
    """In demo mode only, the demo accounts (…@reglab.example) need no second factor."""
    if not settings.DEMO_MODE:
        return False
    _, _, domain = (user.email or "").rpartition("@")
    return domain.lower() == DEMO_EMAIL_DOMAIN


def has_second_factor(user) -> bool:
    """
    True if the person has activated a TOTP authenticator.

    Remembered on the user object only once true, so a request asks the
    database at most once, and activating it is seen by the next check.
    """
    if getattr(user, _VERIFIED_ATTR, False):
        return True
    found = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    if found:
        setattr(user, _VERIFIED_ATTR, True)
    return found


def second_factor_missing(user) -> bool:
    """True if ``user`` must have a second factor and has not set it up: they may not act yet."""
    return requires_second_factor(user) and not has_second_factor(user)


class SecondFactorRequired(PermissionDenied):
    """Raised where an account that must have a second factor tries to act without one."""


def refusal_text() -> str:
    return _(
        "The office's accounts must use two-step verification. Set it up with an "
        "authenticator app on the platform before you continue."
    )


def refusal_payload() -> dict:
    """The API's 403 answer, in the shape of its other refusals."""
    detail = refusal_text()
    reason = {"code": "second_factor_required", "severity": "error", "message": detail}
    return {"detail": detail, "code": "second_factor_required", "reasons": [reason]}
