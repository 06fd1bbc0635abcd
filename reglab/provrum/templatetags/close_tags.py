"""Template helpers for the dissemination and survey box on the provrum page."""

from django import template

from reglab.provrum.models import State

register = template.Library()

# Only a reported or closed provrum has anything to show; other pages make no query.
CLOSE_STATES = {State.REPORTED, State.CLOSED}


@register.simple_tag
def close_box(provrum, user):
    """What the provrum page shows about dissemination, closing and the survey.

    None before the provrum is reported. Otherwise a dict: ``can_disseminate``
    and ``can_close`` (the office, once the report is approved), ``lines`` (the
    channels with something recorded), ``done_count``, ``channel_count``, and
    ``invitation`` (the person's survey invitation, if asked).
    """
    from reglab.provrum import closing

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
