"""The surveys attached to a meeting: the host's block on the live page, the look back."""

from django import template
from django.utils import timezone

from reglab.meetings.access import can_host_meeting
from reglab.surveys.access import surveys_visible_to
from reglab.surveys.selectors import meeting_survey_links, survey_display

register = template.Library()


@register.inclusion_tag("surveys/partials/meeting_host.html", takes_context=True)
def meeting_surveys_host(context, meeting):
    """Attach a survey to a programme item; show one on the big screen (hosts only)."""
    user = context.get("user")
    return {
        "meeting": meeting,
        "links": meeting_survey_links(meeting),
        "choices": surveys_visible_to(user).order_by("-opens_on", "-pk")
        if can_host_meeting(user, meeting)
        else [],
        "items": meeting.programme,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("surveys/partials/meeting_look_back.html", takes_context=True)
def meeting_surveys(context, meeting):
    """The attached surveys' results on the meeting page, once the meeting has begun (the
    hosts see them before). Whoever sees the meeting sees them: the host chose to show them."""
    hosting = context.get("can_host")
    if hosting is None:
        hosting = can_host_meeting(context.get("user"), meeting)
    if meeting.date > timezone.localdate() and not hosting:
        return {"shown": []}
    return {
        "shown": [(link, survey_display(link.survey)) for link in meeting_survey_links(meeting)],
        "before": meeting.date > timezone.localdate(),
    }


@register.filter
def tally_top(rows):
    """The largest count of a tally's ``(label, count)`` rows, for bars relative to it."""
    return max((count for _label, count in rows or []), default=0)
