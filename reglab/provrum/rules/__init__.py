"""The provrum format's rules as pure functions.

Nothing here imports Django: inputs are frozen dataclasses of plain values, the
output is a list of ``Reason`` and never an exception. As with Django's password
validators, every rule runs and every reason is reported. ``messages.py`` maps
each stable code to a translatable Swedish text.

The defaults of ``FormatLimits`` come from the format description (the seed):
2–6 organisations, at least half of them regions (should), at least two regions
before it is ready, one leader that is a member, two go-aheads a year, 2–6
months, base funding at most 100,000 SEK and at most half the planned budget,
never for working time, and at most 200,000 SEK a year from the office.

One module per subject: ``base`` (Reason, FormatLimits, transitions), ``group``
(the group forming and the go-ahead), ``funding`` (the project plan) and ``closing``
(dissemination and close). This package re-exports their public names, so
``from reglab.provrum.rules import X`` keeps working.
"""

from reglab.provrum.rules.base import (
    ERROR,
    WARNING,
    FormatLimits,
    Reason,
    check_transition,
    is_ready,
)
from reglab.provrum.rules.closing import (
    check_close,
    check_dissemination,
    not_disseminated_code,
)
from reglab.provrum.rules.funding import (
    BudgetLine,
    PlanFacts,
    add_months,
    base_funding_per_member_sek,
    check_base_funding,
    check_duration,
    check_financing,
    check_office_annual_cap,
    check_plan,
    check_plan_content,
    plan_facts,
)
from reglab.provrum.rules.group import (
    Participant,
    ProvrumFacts,
    check_capacity,
    check_go_ahead,
    check_interest,
    check_leader,
    check_leader_choice,
    check_participant_count,
    check_proposer,
    check_readiness,
    check_regions,
)
from reglab.provrum.rules.timing import check_report_timing

__all__ = [
    "ERROR",
    "WARNING",
    "Reason",
    "FormatLimits",
    "is_ready",
    "check_transition",
    "Participant",
    "ProvrumFacts",
    "check_proposer",
    "check_participant_count",
    "check_regions",
    "check_leader",
    "check_capacity",
    "check_readiness",
    "check_interest",
    "check_leader_choice",
    "check_go_ahead",
    "BudgetLine",
    "PlanFacts",
    "plan_facts",
    "add_months",
    "check_base_funding",
    "check_office_annual_cap",
    "check_financing",
    "check_duration",
    "check_plan_content",
    "check_plan",
    "base_funding_per_member_sek",
    "not_disseminated_code",
    "check_dissemination",
    "check_close",
    "check_report_timing",
]
