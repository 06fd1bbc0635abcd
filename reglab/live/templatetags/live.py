"""Small helpers for the live dialog's templates, and the results block of the meeting page."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def iso_date(value):
    """A tally's ISO date ("2027-03-23") as a date for the ``date`` filter, else as it is."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def scale_range(maximum):
    return range(1, int(maximum) + 1)


@register.simple_tag
def dots_for(chosen, option_id):
    """The dots the participant placed on an option ("" for none)."""
    return (chosen or {}).get("map", {}).get(str(option_id), "")


@register.simple_tag
def date_reply(chosen, option_id):
    return (chosen or {}).get("map", {}).get(str(option_id), "")


@register.filter
def percent(count, total):
    """``count`` as a whole percentage of ``total`` (0 when there is nothing to count)."""
    try:
        return round(100 * int(count) / int(total)) if int(total) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def top_count(rows):
    """The largest ``count`` of a list of rows (for bars drawn relative to the largest)."""
    return max((row.get("count", 0) for row in rows or []), default=0)


@register.inclusion_tag("live/partials/meeting_results.html", takes_context=True)
def live_results(context, meeting):
    """The closed live questions' results on the meeting page, for whoever sees the meeting."""
    from reglab.live.access import can_host_live
    from reglab.live.selectors import meeting_results

    user = context.get("user")
    # The meeting page has already asked whether the person hosts it ("can_host").
    hosting = context.get("can_host")
    if hosting is None:
        hosting = can_host_live(user, meeting) if user else False
    return {
        "meeting": meeting,
        "rows": meeting_results(meeting=meeting),
        "can_host": hosting,
    }


@register.simple_tag
def live_lookback(meetings):
    """What the room answered at each of the look back's meetings, by meeting id."""
    from reglab.live.selectors import lookback_results

    return lookback_results(meetings)


@register.filter
def results_of(results, meeting_id):
    return (results or {}).get(meeting_id, [])
