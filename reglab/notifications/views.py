from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reglab.notifications.forms import NotificationSettingsForm
from reglab.notifications.messages import notification_text
from reglab.notifications.selectors import (
    notification_get_for,
    notification_list,
    notification_settings_get,
    notification_target_path,
)
from reglab.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_settings_update,
)

PAGE_SIZE = 25


@login_required
def notification_list_view(request):
    """The person's notifications, newest first; unread ones stand out."""
    page = Paginator(notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    items = [
        {"notification": notification, "text": notification_text(notification)}
        for notification in page.object_list
    ]
    return render(request, "notifications/notification_list.html", {"page": page, "items": items})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_open_view(request, pk):
    """Go to the notification's provrum (or plan); another's is a 404.

    Only a POST (the list's form, with the CSRF token) marks it as read: a GET
    changes nothing, so that a link preview, a prefetch or another site's image
    tag cannot mark a person's notifications as read (finding 12 of issue 10).
    """
    notification = notification_get_for(user=request.user, pk=pk)
    if request.method == "POST":
        notification_mark_read(notification=notification, by=request.user)
    return redirect(notification_target_path(notification))


@login_required
@require_POST
def notification_mark_all_read_view(request):
    count = notification_mark_all_read(by=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_settings_view(request):
    """The person's choices: how often to get e-mail, and whether to hear of new proposals."""
    current = notification_settings_get(user=request.user)
    initial = {
        "email_frequency": current.email_frequency,
        "new_proposals": current.new_proposals,
        "language": current.language or "sv",
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notification_settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/notification_settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
