"""The host's actions on a meeting's surveys, from the live dialog's host page.

The meeting is fetched through ``meeting_get_for`` (404 for what the person may
not see), then the services ask whether the person hosts it (403) and may read
the survey's results (403). Bad input comes back as a Swedish message on the
host page; nothing is half-saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reglab.meetings import selectors as meeting_selectors
from reglab.meetings.access import can_host_meeting
from reglab.surveys.access import surveys_visible_to
from reglab.surveys.models import ItemSurvey
from reglab.surveys.services import meeting as services


def _back(meeting):
    return redirect(reverse("live:host", kwargs={"pk": meeting.pk}) + "#surveys")


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _hosted_meeting(request, pk):
    meeting = meeting_selectors.meeting_get_for(user=request.user, pk=pk)
    if not can_host_meeting(request.user, meeting):
        raise PermissionDenied(_("Only the meeting's hosts may do this."))
    return meeting


@login_required
@require_POST
def attach(request, pk):
    meeting = _hosted_meeting(request, pk)
    item = next((i for i in meeting.programme if i.pk == _number(request.POST.get("item"))), None)
    survey = surveys_visible_to(request.user).filter(pk=_number(request.POST.get("survey")) or 0)
    survey = survey.first()
    if item is None or survey is None:
        messages.error(request, _("Choose a survey and one of the meeting's programme items."))
        return _back(meeting)
    try:
        services.survey_attach(by=request.user, item=item, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey's results are attached to the programme item."))
    return _back(meeting)


def _link(meeting, link_id):
    return get_object_or_404(
        ItemSurvey.objects.select_related("item__meeting", "survey"),
        pk=link_id,
        item__meeting=meeting,
    )


@login_required
@require_POST
def show_on_screen(request, pk, link):
    meeting = _hosted_meeting(request, pk)
    found = _link(meeting, link)
    shown = request.POST.get("shown") == "1"
    services.survey_show_on_screen(by=request.user, link=found, shown=shown)
    messages.success(
        request,
        _("The big screen shows the survey when no question is open.")
        if shown
        else _("The big screen no longer shows the survey."),
    )
    return _back(meeting)


@login_required
@require_POST
def detach(request, pk, link):
    meeting = _hosted_meeting(request, pk)
    services.survey_detach(by=request.user, link=_link(meeting, link))
    messages.success(request, _("The survey is no longer attached to the meeting."))
    return _back(meeting)
