from django.conf import settings

from reglab.accounts.mfa import second_factor_missing
from reglab.accounts.permissions import is_office


def platform(request):
    """Values every page needs: demo mode and the signed-in person's office role."""
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_is_office": is_office(user) if user is not None else False,
        # A callable, so only the pages that ask run the query.
        "second_factor_missing": lambda: user is not None and second_factor_missing(user),
    }
