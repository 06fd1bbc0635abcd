"""django-allauth adapter: the platform's own wording for the messages people meet most."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    # Allauth's Swedish catalogue writes "epost"; these are the messages shown
    # on the sign-in, sign-up and e-mail pages, in the platform's own words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": _("You cannot remove your primary e-mail address."),
        "duplicate_email": _("This e-mail address is already linked to your account."),
        "email_password_mismatch": _("The e-mail address or the password is wrong."),
        "email_taken": _("There is already an account with this e-mail address."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "too_many_login_attempts": _("Too many failed attempts. Try again later."),
        "unknown_email": _("There is no account with this e-mail address."),
        "unverified_primary_email": _("Your primary e-mail address must be confirmed."),
        "rate_limited": _("You are sending too many requests. Wait a moment and try again."),
    }
