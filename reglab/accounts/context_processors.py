from reglab.accounts.mfa import second_factor_missing
from reglab.accounts.permissions import is_office


def person(request):
    """Values every page needs about the signed-in person: the office role, and whether
    a second factor must still be set up."""
    user = getattr(request, "user", None)
    return {
        "user_is_office": is_office(user) if user is not None else False,
        # A callable, so only the pages that ask run the query.
        "second_factor_missing": lambda: user is not None and second_factor_missing(user),
    }
