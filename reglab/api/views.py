"""The person's own API tokens: create (shown once), list and revoke."""

from datetime import timedelta

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reglab.api.forms import ApiTokenForm
from reglab.api.services import (
    api_token_create,
    api_token_get_for,
    api_token_list_for,
    api_token_revoke,
)


@never_cache
@login_required
@reauthentication_required(app="allauth.account", allow_get=True)
def token_list(request):
    """The person's tokens and a form for a new one.

    A token acts as the person for up to a year, whoever holds it: creating one
    asks for recent authentication (reglab.accounts.reauthentication), and after
    confirming, allauth resumes the POST, so the new token shows at once.

    A new token is shown on the answer to the POST itself and never again (only
    its hash is stored), so the page is not cached and does not redirect.
    """
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["expires_in_days"]
        token, raw = api_token_create(
            person=request.user,
            name=form.cleaned_data["name"],
            expires_at=timezone.now() + timedelta(days=days),
        )
        created = {"token": token, "raw": raw}
        form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "created": created,
            "tokens": api_token_list_for(person=request.user),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    """Revoke one of the person's own tokens; anyone else's is a 404."""
    token = api_token_get_for(person=request.user, pk=pk)
    api_token_revoke(token=token)
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("apitokens:list")
