"""Asking for recent authentication before an account is changed (ASVS V7.5).

A session alone must not be enough to set or change the password, change the
e-mail address, change the second factor, create an API token or ask for the
account to be erased: otherwise a stolen or forgotten session becomes the
account for good. Each such action asks, through allauth's
``reauthentication_required`` (our views) or allauth's own checks (its e-mail
and second-factor pages), whether the person authenticated recently; allauth
then sends them to confirm it with their password, their authenticator app or,
for someone who has no password, a code sent to their proven address.

Two of allauth's answers are not ours, so ``authenticated_recently`` replaces
allauth's ``did_recently_reauthenticate`` (installed by ``install()`` from
AccountsConfig.ready):

* allauth counts only a re-authentication, not the sign-in itself: someone who
  signed in a minute ago would be asked again at once. Here any step of signing
  in or confirming in this session counts, for ACCOUNT_REAUTHENTICATION_TIMEOUT.
* allauth lets through anyone who has neither a password nor a second factor
  (it means accounts signed in only through another service), which is exactly
  whoever signs in by e-mail code. Here they confirm with a new code
  (``ReauthenticateByCodeView``); only an account with no way at all to
  confirm (no password, no second factor, no proven address) is let through.

Setting a first password and the admin's changes to accounts ask through
``recent_authentication_required``, which does not keep the interrupted POST
(a password) in the session to resume it (``protect_admin``, from reglab.urls).
"""

import time
from functools import wraps
from urllib.parse import urlencode

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ConfirmLoginCodeForm
from allauth.account.internal.flows import reauthentication as allauth_reauthentication
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.views import BaseReauthenticateView
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.accounts.selectors import person_email_is_verified

# The code waiting in the session: for whom, the code, when it was sent, failed tries.
CODE_STATE_KEY = "reglab_reauthentication_code"


def authenticated_recently(request) -> bool:
    """Whether the signed-in person authenticated in this session within the timeout.

    Every step allauth records counts: signing in (password, code, second factor,
    another service) and confirming again. An account with no way to confirm is
    let through, as allauth does.
    """
    user = request.user
    if user.is_anonymous:
        return False
    if not get_adapter().get_reauthentication_methods(user):
        return True
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT


def install() -> None:
    """Make allauth's checks (its decorator, e-mail and second-factor pages) ask ours."""
    allauth_reauthentication.did_recently_reauthenticate = authenticated_recently


def recent_authentication_required(view=None, *, allow_get=False):
    """Allauth's ``reauthentication_required``, without keeping the interrupted POST.

    Allauth stashes the POST in the session to resume it after the confirmation:
    a new password would wait there in plain text. Here the person is sent to
    confirm and then back to the page, where they send the form again.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            asks = not (allow_get and request.method in ("GET", "HEAD"))
            if (
                asks
                and request.user.is_authenticated
                and allauth_reauthentication.is_reauthentication_required(
                    request, app="allauth.account"
                )
            ):
                # Not empty: authenticated_recently lets through whoever has no method.
                method = get_adapter().get_reauthentication_methods(request.user)[0]
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return HttpResponseRedirect(f"{method['url']}?{query}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


# What signs in or acts as a person: their addresses, second factors, other services
# and API tokens (allauth's apps and reglab.api), and the accounts themselves.
ACCOUNT_APP_LABELS = frozenset({"account", "mfa", "socialaccount", "usersessions", "api"})


def protect_admin(site) -> None:
    """Changes to accounts in Django's admin ask for recent authentication, as the pages do.

    There a stolen session could otherwise set a password (no old one asked),
    delete a second factor, change an address or revive a token, and keep the
    account, or give itself another. Looking is not asked, nor the admin's other
    models (the office's daily work).
    """
    admin_view = site.admin_view

    def asking_admin_view(view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        model = getattr(model_admin, "model", None)
        if model is not None and (
            model is get_user_model() or model._meta.app_label in ACCOUNT_APP_LABELS
        ):
            view = _asking_who_may_change(model_admin, view)
        return admin_view(view, cacheable)

    site.admin_view = asking_admin_view


def _asking_who_may_change(model_admin, view):
    """Ask whoever may add, change or delete there; the admin refuses the others itself."""
    asking = recent_authentication_required(view, allow_get=True)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        perms = model_admin.get_model_perms(request)
        if perms.get("add") or perms.get("change") or perms.get("delete"):
            return asking(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


def code_address(user) -> str | None:
    """Where a confirmation code may go: the person's own address, once proven."""
    if user.is_authenticated and person_email_is_verified(person=user):
        return user.email
    return None


def offers_code(user) -> bool:
    """A code is the way to confirm for someone without a password (who signs in by code)."""
    return not user.has_usable_password() and code_address(user) is not None


def _pending_code(request) -> dict | None:
    """The code sent to this person in this session, while it is still valid."""
    state = request.session.get(CODE_STATE_KEY)
    if not isinstance(state, dict) or state.get("user_id") != request.user.pk:
        return None
    if time.time() - state["at"] > app_settings.LOGIN_BY_CODE_TIMEOUT:
        request.session.pop(CODE_STATE_KEY, None)
        return None
    return state


class ConfirmCodeForm(ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = gettext_lazy("Code from the e-mail")
        self.fields["code"].widget.attrs.pop("placeholder", None)


@method_decorator(login_required, name="dispatch")
class ReauthenticateByCodeView(BaseReauthenticateView):
    """Confirm that it is you with a code sent to your proven address.

    Allauth's own page for this (its password and authenticator pages are the
    others): allauth sends here, via the adapter's reauthentication methods,
    and resumes the interrupted action afterwards. A code is sent only when the
    person asks for it (a button, never on opening the page).
    """

    form_class = ConfirmCodeForm
    template_name = "account/reauthenticate_code.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "send":
            return self._send()
        if _pending_code(request) is None:
            messages.error(request, _("The code is no longer valid. Send a new one."))
            return HttpResponseRedirect(self.passthrough_next_url(request.path))
        return super().post(request, *args, **kwargs)

    def _send(self):
        request = self.request
        address = code_address(request.user)
        if not ratelimit.consume(request, action="request_login_code", key=address.lower()):
            messages.error(request, _("Too many codes have been sent. Wait a while and try again."))
            return HttpResponseRedirect(self.passthrough_next_url(request.path))
        adapter = get_adapter(request)
        code = adapter.generate_login_code()
        request.session[CODE_STATE_KEY] = {
            "user_id": request.user.pk,
            "code": code,
            "at": time.time(),
            "failed_attempts": 0,
        }
        adapter.send_mail("account/email/reauthentication_code", address, {"code": code})
        return HttpResponseRedirect(self.passthrough_next_url(request.path))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        state = _pending_code(self.request)
        kwargs["code"] = state["code"] if state else None
        return kwargs

    def form_invalid(self, form):
        state = _pending_code(self.request)
        if state is not None:
            state["failed_attempts"] += 1
            if state["failed_attempts"] >= app_settings.LOGIN_BY_CODE_MAX_ATTEMPTS:
                self.request.session.pop(CODE_STATE_KEY, None)
                messages.error(
                    self.request, _("The code was wrong too many times. Send a new one.")
                )
                return HttpResponseRedirect(self.passthrough_next_url(self.request.path))
            self.request.session[CODE_STATE_KEY] = state
        return super().form_invalid(form)

    def form_valid(self, form):
        self.request.session.pop(CODE_STATE_KEY, None)
        record_authentication(
            self.request,
            self.request.user,
            method="code",
            reauthenticated=True,
            email=code_address(self.request.user),
        )
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["code_sent"] = _pending_code(self.request) is not None
        context["email"] = code_address(self.request.user)
        return context


reauthenticate_by_code = ReauthenticateByCodeView.as_view()
