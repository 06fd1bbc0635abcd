"""Sends an office, staff or superuser account without a second factor to set one up."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from reglab.accounts.mfa import refusal_payload, second_factor_missing

# What such an account may still reach: signing out, setting up the second
# factor (allauth may first ask for the password, or an e-mail code, again or for
# a verified address), and changing the language. Static files never get here.
ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_reauthenticate_code",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "set_language",
    }
)


class SecondFactorRequiredMiddleware:
    """
    Until an account that needs TOTP (reglab.accounts.mfa) has activated it,
    every page redirects to allauth's set-up page and every API call under the
    session answers 403 – so the office cannot act on a password or an e-mail
    code alone, not even in Django's admin, where a superuser passes every
    permission check. Personal API tokens are refused in the API's own
    authentication (reglab.api.api.BearerToken), which runs after this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in ALLOWED_URL_NAMES:
            return None
        if not second_factor_missing(user):
            return None
        if match is not None and "api" in match.namespaces:
            return JsonResponse(refusal_payload(), status=403)
        target = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
