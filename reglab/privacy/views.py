"""The person's own data page and erasure request; the office's list of requests."""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reglab.privacy.erasure import AlreadyErased, already_erased_text, erasure_request, person_erase
from reglab.privacy.export import export_summary
from reglab.privacy.models import ErasureRequest, ErasureStatus


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@never_cache
@login_required
def my_data(request, form=None, status=200):
    """What the platform stores about the signed-in person, with a download button."""
    return render(
        request,
        "privacy/my_data.html",
        {
            "sections": export_summary(request.user),
            "form": form or ConfirmForm(),
            "pending": ErasureRequest.objects.filter(
                person=request.user, status=ErasureStatus.PENDING
            ).first(),
        },
        status=status,
    )


@login_required
@require_POST
@reauthentication_required(app="allauth.account")
def request_erasure(request):
    """Ask the office to erase the account: only after recent authentication
    (reglab.accounts.reauthentication), as it cannot be undone."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return my_data(request, form=form, status=400)
    _request, created = erasure_request(person=request.user)
    if created:
        messages.success(
            request,
            _("Your request has been sent. The office will erase your data within a month."),
        )
    else:
        messages.info(request, _("Your request is already with the office."))
    return redirect("privacy:my_data")


@never_cache
@login_required
def erasure_queue(request):
    """The office's list of erasure requests waiting to be carried out."""
    if not request.user.has_perm("privacy.view_erasure_requests"):
        raise PermissionDenied
    waiting = ErasureRequest.objects.filter(status=ErasureStatus.PENDING).select_related("person")
    page = Paginator(waiting, 25).get_page(request.GET.get("sida"))
    return render(
        request,
        "privacy/erasure_queue.html",
        {"page": page, "requests": page.object_list, "form": ConfirmForm()},
    )


@login_required
@require_POST
def erasure_carry_out(request, pk):
    if not request.user.has_perm("privacy.erase_person"):
        raise PermissionDenied
    erasure = get_object_or_404(ErasureRequest, pk=pk)
    if erasure.person_id == request.user.pk:
        messages.error(request, _("You cannot erase yourself. Ask a colleague at the office."))
        return redirect("privacy:erasure_queue")
    if erasure.person.is_superuser and not request.user.is_superuser:
        messages.error(request, _("Only an administrator may erase an administrator."))
        return redirect("privacy:erasure_queue")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("privacy:erasure_queue")
    try:
        summary = person_erase(person_id=erasure.person_id, by=request.user)
    except AlreadyErased:
        messages.info(request, already_erased_text())
    else:
        messages.success(
            request,
            _("The person has been erased. Traces found afterwards: %(count)s.")
            % {"count": len(summary["found_after"])},
        )
    return redirect("privacy:erasure_queue")
