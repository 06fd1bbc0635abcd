"""The format rules page: everyone signed in reads the rules; the office changes
them here and sees who changed what, and when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reglab.organisations.models import Organisation
from reglab.provrum.format_rules import services
from reglab.provrum.format_rules.services import FORMAT_RULE_FIELDS
from reglab.provrum.forms import (
    FormatRulesForm,
)
from reglab.provrum.models import (
    FormatRules,
)
from reglab.provrum.rules import base_funding_per_member_sek
from reglab.provrum.selectors import (
    format_rules_get,
)
from reglab.provrum.web import (
    form_errors,
)

# The history is read a page at a time, newest first: it only grows.
FORMAT_RULES_HISTORY_PER_PAGE = 50


def _format_rules_history(page_number):
    """A page of the changes to the format rules, newest first: who, when, which values.

    Only the page's records are read, and the one before its oldest, to tell what that
    one changed; a saving that changed nothing is left out (so a page may be shorter).
    """
    records = FormatRules.history.select_related("history_user", "updated_by").order_by(
        "-history_date", "-history_id"
    )
    per_page = FORMAT_RULES_HISTORY_PER_PAGE
    page = Paginator(records, per_page).get_page(page_number)
    offset = (page.number - 1) * per_page
    newest_first = list(records[offset : offset + per_page + 1]) if page.paginator.count else []
    labels = {name: FormatRules._meta.get_field(name).verbose_name for name in FORMAT_RULE_FIELDS}
    changes = []
    # The record before the page's oldest, when there is one: the page's first "previous".
    previous = newest_first[per_page] if len(newest_first) > per_page else None
    for record in reversed(newest_first[:per_page]):
        changed = []
        if previous is not None:
            changed = [
                {
                    "label": labels[name],
                    "old": getattr(previous, name),
                    "new": getattr(record, name),
                }
                for name in FORMAT_RULE_FIELDS
                if getattr(previous, name) != getattr(record, name)
            ]
        if previous is None or changed:
            changes.append(
                {
                    "when": record.history_date,
                    "who": record.history_user or record.updated_by,
                    "created": previous is None,
                    "changes": changed,
                }
            )
        previous = record
    return page, list(reversed(changes))


@login_required
def format_rules(request):
    """The format's rules for everyone signed in; the office changes them here."""
    current = format_rules_get()
    can_edit = request.user.has_perm("provrum.change_formatrules")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = None
    if can_edit:
        initial = {name: getattr(current, name) for name in FORMAT_RULE_FIELDS}
        form = FormatRulesForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.format_rules_update(by=request.user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The format rules are saved."))
                return redirect("provrum:format_rules")
    members = Organisation.objects.active().members().count()
    history_page, history = _format_rules_history(request.GET.get("sida"))
    return render(
        request,
        "provrum/formatrules_detail.html",
        {
            "rules": current,
            "rows": [
                (FormatRules._meta.get_field(name).verbose_name, getattr(current, name))
                for name in FORMAT_RULE_FIELDS
            ],
            "form": form,
            "history": history,
            "history_page": history_page,
            "member_count": members,
            "annual_cap_sek": current.office_annual_cap_sek,
            "per_member_sek": base_funding_per_member_sek(
                limits=current.to_limits(), member_count=members
            )
            if members
            else None,
        },
        status=400 if form is not None and form.errors else 200,
    )
