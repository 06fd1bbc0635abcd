"""Who may host the live dialog and see its results (django-rules, on the meeting's rules).

A meeting's live dialog is hosted by whoever hosts the meeting (the office, the
network's coordinators). The room answers with the join code, needing no
account. Results of closed questions stay with the meeting: whoever may see
the meeting sees them, without names; hosts also see the open question's.
"""

import rules

from reglab.meetings.access import can_host_meeting, can_view_meeting


@rules.predicate
def can_host_live(user, meeting):
    return bool(can_host_meeting(user, meeting))


@rules.predicate
def can_view_live_results(user, meeting):
    return bool(can_view_meeting(user, meeting))


rules.add_perm("live.host", can_host_live)
rules.add_perm("live.view_results", can_view_live_results)
