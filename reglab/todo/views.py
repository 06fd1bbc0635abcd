from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from reglab.accounts.permissions import is_office
from reglab.organisations.views import home as public_home
from reglab.todo.registry import inbox_for, items_for


def start(request):
    """``/``: the person's things to do when signed in, the public start page otherwise."""
    user = request.user
    if not user.is_authenticated:
        return public_home(request)
    office = is_office(user)
    items = items_for(user)
    inbox_total = sum(section.count for section in inbox_for(user)) if office else None
    return render(
        request,
        "todo/start.html",
        {"items": items, "user_is_office_inbox": office, "inbox_total": inbox_total},
    )


@login_required
def inbox(request):
    """``/kansli/``: every kind of case waiting for the office, with counts."""
    if not is_office(request.user):
        raise PermissionDenied
    sections = inbox_for(request.user)
    return render(
        request,
        "todo/inbox.html",
        {"sections": sections, "total": sum(section.count for section in sections)},
    )
