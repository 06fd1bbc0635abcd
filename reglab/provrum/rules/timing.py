"""When the final report comes: before the plan's period has even started is odd."""

from datetime import date

from reglab.provrum.rules.base import WARNING, Reason


def check_report_timing(*, submitted_on: date, plan_start: date | None) -> list[Reason]:
    """A final report submitted before the plan's start date gets a warning (should).

    On the start date itself it passes; without a start date there is nothing to
    compare with. The warning does not stop the report: the office weighs it.
    """
    if plan_start is None or submitted_on >= plan_start:
        return []
    return [
        Reason(
            "report_before_plan_start",
            WARNING,
            {"start": plan_start.isoformat(), "days": (plan_start - submitted_on).days},
        )
    ]
