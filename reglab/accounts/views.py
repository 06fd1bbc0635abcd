from urllib.parse import quote

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reglab.accounts.forms import AffiliationDecisionForm, AffiliationRequestForm, ProfileForm
from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import role_labels
from reglab.accounts.reauthentication import recent_authentication_required
from reglab.accounts.selectors import (
    affiliation_get_for_decision,
    affiliation_list_for_person,
    affiliation_queue,
    person_email_is_verified,
)
from reglab.accounts.services import (
    affiliation_confirm,
    affiliation_reject,
    affiliation_request,
    affiliation_withdraw,
)


@login_required
def profile(request):
    """The signed-in person's profile: name, roles, affiliations and a request form."""
    profile_form = ProfileForm(instance=request.user, prefix="profile")
    request_form = AffiliationRequestForm(prefix="affiliation")
    if request.method == "POST":
        if "save_profile" in request.POST:
            profile_form = ProfileForm(request.POST, instance=request.user, prefix="profile")
            if profile_form.is_valid():
                profile_form.save()
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile")
        else:
            request_form = AffiliationRequestForm(request.POST, prefix="affiliation")
            if request_form.is_valid():
                try:
                    affiliation = affiliation_request(
                        person=request.user,
                        organisation=request_form.cleaned_data["organisation"],
                        role_description=request_form.cleaned_data["role_description"],
                        message=request_form.cleaned_data["message"],
                    )
                except ValidationError as error:
                    request_form.add_error("organisation", error)
                else:
                    messages.success(
                        request,
                        _(
                            "Your request to represent %(organisation)s has been sent. "
                            "The office will confirm it."
                        )
                        % {"organisation": affiliation.organisation.name},
                    )
                    return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "request_form": request_form,
            "affiliations": affiliation_list_for_person(person=request.user),
            "roles": role_labels(request.user),
            "email_verified": person_email_is_verified(person=request.user),
        },
        status=400 if request_form.errors or profile_form.errors else 200,
    )


@login_required
@require_POST
def affiliation_withdraw_view(request, pk):
    affiliation = get_object_or_404(Affiliation, pk=pk, person=request.user)
    try:
        affiliation_withdraw(affiliation=affiliation, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(
        request,
        _("Your affiliation with %(organisation)s has been ended.")
        % {"organisation": affiliation.organisation.name},
    )
    return redirect("accounts:profile")


@login_required
def affiliation_queue_view(request):
    """The office's list of affiliation requests waiting for a decision."""
    if not request.user.has_perm("accounts.view_affiliation_queue"):
        raise PermissionDenied
    page = Paginator(affiliation_queue(by=request.user), 25).get_page(request.GET.get("sida"))
    for affiliation in page.object_list:
        affiliation.domain_match = affiliation.organisation.email_domain_matches(
            affiliation.person.email
        )
    return render(
        request,
        "accounts/affiliation_queue.html",
        {"page": page, "affiliations": page.object_list, "form": AffiliationDecisionForm()},
    )


@login_required
@require_POST
def affiliation_decide_view(request, pk):
    """Confirm or reject one request. Office only; anyone else gets 403."""
    if not request.user.has_perm("accounts.decide_affiliation"):
        raise PermissionDenied
    affiliation = affiliation_get_for_decision(by=request.user, pk=pk)
    if affiliation is None:
        raise Http404
    form = AffiliationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm or reject."))
        return redirect("accounts:affiliation_queue")
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        if confirm:
            affiliation_confirm(
                affiliation=affiliation,
                by=request.user,
                comment=form.cleaned_data["comment"],
                address_checked=form.cleaned_data["address_checked"],
            )
        else:
            affiliation_reject(
                affiliation=affiliation, by=request.user, comment=form.cleaned_data["comment"]
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if confirm:
            text = _("%(person)s now represents %(organisation)s.")
        else:
            text = _("The request from %(person)s for %(organisation)s has been rejected.")
        messages.success(
            request,
            text % {"person": affiliation.person, "organisation": affiliation.organisation.name},
        )
    return redirect("accounts:affiliation_queue")


# Allauth's page for setting a first password asks only for a session. Someone who
# signs in by e-mail code has no password: a stolen session could give the account
# one and keep it. So it asks for recent authentication, as changing the address does
# (ACCOUNT_REAUTHENTICATION_REQUIRED); changing a password asks for the old one. The
# interrupted POST is not kept to be resumed: it holds the new password.
password_set = recent_authentication_required(allauth_views.password_set)


@never_cache
def admin_login(request, extra_context=None):
    """
    Django's admin signs in through allauth, never through its own form.

    Installed as ``admin.site.login`` (reglab/urls.py). The admin's own form
    would check the password alone and skip allauth's second factor, and the
    session it starts is the whole platform's. So this view never reads
    credentials: it sends anonymous people to allauth's sign-in with a ``next``
    that leads back into the admin, sends signed-in staff on, and refuses
    everyone else, as allauth's ``secure_admin_login`` does.
    """
    admin_index = reverse("admin:index")
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and next_url.startswith(admin_index)):
        next_url = admin_index
    if request.user.is_authenticated:
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return HttpResponseRedirect(next_url)
    login_url = f"{reverse('account_login')}?{REDIRECT_FIELD_NAME}={quote(next_url, safe='/')}"
    return HttpResponseRedirect(login_url)
