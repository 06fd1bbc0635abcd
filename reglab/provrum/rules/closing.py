"""Dissemination and closing."""

from reglab.provrum.rules.base import ERROR, WARNING, Reason

# --- Dissemination and closing ----------------------------------------------


def not_disseminated_code(channel: str) -> str:
    """The warning code for a channel the results have not been spread through."""
    return f"not_disseminated_{channel}"


def check_dissemination(*, done_channels, all_channels) -> list[Reason]:
    """Have the results been spread through Reglab's channels?

    A channel is done when it has a date. At least one must be done (must);
    each channel that is not is a warning (should) that the office acknowledges
    when it closes the provrum anyway. A channel outside ``all_channels`` does
    not count.
    """
    done_set = set(done_channels)
    done = [channel for channel in all_channels if channel in done_set]
    reasons = []
    if not done:
        reasons.append(Reason("no_channel_disseminated", ERROR, {"total": len(all_channels)}))
    reasons.extend(
        Reason(not_disseminated_code(channel), WARNING, {"channel": channel})
        for channel in all_channels
        if channel not in done
    )
    return reasons


def check_close(*, done_channels, all_channels, acknowledged) -> list[Reason]:
    """Everything that stands between a reported provrum and closing it.

    The dissemination rules; a warning whose code is not in ``acknowledged``
    adds the error ``dissemination_not_acknowledged``, as unacknowledged
    warnings do for the go-ahead.
    """
    reasons = check_dissemination(done_channels=done_channels, all_channels=all_channels)
    acknowledged = set(acknowledged or ())
    open_warnings = [
        reason.code for reason in reasons if not reason.is_error and reason.code not in acknowledged
    ]
    if open_warnings:
        reasons.append(
            Reason("dissemination_not_acknowledged", ERROR, {"codes": ", ".join(open_warnings)})
        )
    return reasons
