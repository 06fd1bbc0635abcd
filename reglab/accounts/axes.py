"""How django-axes names the account behind a sign-in attempt."""


def axes_username(request, credentials=None):
    """
    The e-mail address an attempt was made for, case-folded.

    Axes looks up one form field (AXES_USERNAME_FORM_FIELD) in the credentials
    passed to ``authenticate()``. Allauth's sign-in form posts ``login`` but
    authenticates with ``email=``, and Django's admin authenticates with
    ``username=``; with a single field name every allauth attempt would be
    counted with no username, so lockouts would be per IP address only rather
    than per account and IP address.
    """
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("username") or data.get("email")
    if not value or not isinstance(value, str):
        return None
    return value.strip().lower()
