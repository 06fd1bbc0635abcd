"""django-allauth adapter: the platform's own wording, client addresses and queued e-mail."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.accounts.reauthentication import offers_code
from reglab.accounts.tasks import send_account_mail
from reglab.core.client_ip import client_ip


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

    def get_signup_redirect_url(self, request):
        """Straight from signing up to asking to represent one's organisation."""
        return reverse("accounts:profile") + "#request-title"

    def get_reauthentication_methods(self, user):
        """Allauth's (password, authenticator app), and a code by e-mail for whoever
        has no password (reglab.accounts.reauthentication)."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and offers_code(user):
            methods.append(
                {
                    "id": "code",
                    "description": _("Get a code by e-mail"),
                    "url": reverse("account_reauthenticate_code"),
                }
            )
        return methods

    def get_client_ip(self, request):
        """The address allauth's rate limits count by: the person's, also behind a proxy."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Render the message here and queue the sending (reglab.accounts.tasks).

        The page the person sees next is the same whether or not the mail server
        answers: an outage is logged by the task, never shown as an error.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        text_body, html_body = str(message.body), ""
        if message.content_subtype == "html":
            text_body, html_body = "", str(message.body)
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = str(content)
        send_account_mail.enqueue(
            subject=str(message.subject),
            body=text_body,
            from_email=str(message.from_email),
            to=[str(address) for address in message.to],
            html_body=html_body,
            headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        )
