"""The provrum app's one template-tag library: ``{% load provrum_tags %}``.

The boxes on the provrum page (running, dissemination and closing), the plan's
downloads, the report's labels and file sizes. Tags read through the app's
modules, never through a view.
"""

from django import template

from reglab.provrum.models import State
from reglab.provrum.report.validation import FOLLOW_ON, OUTCOMES, RESULT_KINDS

register = template.Library()

# Only a reported or closed provrum has anything to show; other pages make no query.
CLOSE_STATES = {State.REPORTED, State.CLOSED}


@register.simple_tag
def work_box(provrum, user):
    """The counts for the "Genomförande" box, or None when the person may not see them."""
    if not user.has_perm("provrum.view_work", provrum):
        return None
    from reglab.provrum.running.selectors import work_summary

    return work_summary(provrum)


@register.filter
def file_size(size) -> str:
    """340 kB, 1,2 MB."""
    from reglab.core.uploads import size_text

    try:
        return size_text(int(size))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def plan_export_links(provrum):
    """The plan's downloads (Word, PDF, Excel, CSV, calendar) that exist."""
    from reglab.provrum.display import export_links

    return export_links(provrum)


@register.simple_tag
def close_box(provrum, user):
    """What the provrum page shows about dissemination, closing and the survey.

    None before the provrum is reported. Otherwise a dict: ``can_disseminate``
    and ``can_close`` (the office, once the report is approved), ``lines`` (the
    channels with something recorded), ``done_count``, ``channel_count``, and
    ``invitation`` (the person's survey invitation, if asked).
    """
    from reglab.provrum.closing import services as closing

    if provrum is None or provrum.state not in CLOSE_STATES:
        return None
    lines = closing.dissemination_list(provrum)
    return {
        "can_disseminate": user.has_perm("provrum.disseminate", provrum),
        "can_close": user.has_perm("provrum.close", provrum),
        "lines": [line for line in lines if closing.has_content(line)],
        "done_count": sum(1 for line in lines if line.date is not None),
        "channel_count": len(lines),
        "invitation": closing.survey_invitation_for(user, provrum)
        if provrum.state == State.CLOSED
        else None,
    }


def _label(mapping, value) -> str:
    return str(mapping.get(value, "")) if isinstance(value, str) else ""


@register.filter
def outcome_label(value) -> str:
    """ "met" → "Met" (in the active language); an empty or unknown outcome → ""."""
    return _label(OUTCOMES, value)


@register.filter
def follow_on_label(value) -> str:
    """The recommended next step as words; "" when none is chosen."""
    return _label(FOLLOW_ON, value)


@register.filter
def result_kind_label(value) -> str:
    """ "criterion" → "Success criterion", "indicator" → "Indicator"."""
    return _label(RESULT_KINDS, value)


@register.filter
def members_only(organisations) -> list:
    """The member organisations among these: only a member may offer to lead."""
    return [organisation for organisation in organisations if organisation.membership == "member"]
