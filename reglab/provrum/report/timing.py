"""Whether the final report comes before the plan's period has started (a warning).

The rule is ``rules.check_report_timing``; this module hands it the dates. A
submitted (or approved) report is judged by the day it was submitted; a report
still being written by today, the day it would be submitted. The report page
shows the warning to the group before they submit and to the office beside its
decision.
"""

from django.utils import timezone

from reglab.provrum import rules
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import FinalReport, ProjectPlan, Provrum


def report_timing_reasons(provrum: Provrum, report: FinalReport, *, today=None) -> list[dict]:
    """The timing warnings for the report page (``reason_dict``s), empty when on time."""
    try:
        data = provrum.plan.data
    except ProjectPlan.DoesNotExist:
        return []
    if report.submitted_at is not None and report.status in (
        FinalReport.Status.SUBMITTED,
        FinalReport.Status.APPROVED,
    ):
        submitted_on = timezone.localdate(report.submitted_at)
    else:
        submitted_on = today or timezone.localdate()
    reasons = rules.check_report_timing(
        submitted_on=submitted_on, plan_start=rules.plan_facts(data).start
    )
    return [reason_dict(reason) for reason in reasons]
