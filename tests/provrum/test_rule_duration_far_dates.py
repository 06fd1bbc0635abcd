"""Regression (property tests): a plan date near year 9999 made the duration rule raise.

The editor checks the rules on the plan as typed; "9999-12-01" is refused by the
validation but kept as typed, and adding the shortest duration to it passed the
calendar's end (ValueError, a 500 on the plan page). A date outside the plan years
now counts as missing.
"""

from datetime import date

import pytest

from reglab.provrum import rules
from reglab.provrum.plan.validation import clean_plan_data


@pytest.mark.parametrize("start", ["9999-12-01", "9999-11-30", "1999-12-31", "2101-01-01"])
def test_typed_start_outside_the_plan_years_counts_as_missing(start):
    data, errors = clean_plan_data({"start": start, "end": "2027-05-15"})
    assert "start" in errors
    facts = rules.plan_facts(data)
    assert facts.start is None
    reasons = rules.check_duration(facts=facts, limits=rules.FormatLimits())
    assert [reason.code for reason in reasons] == ["plan_dates_missing"]


def test_duration_rule_with_dates_at_the_calendar_end():
    facts = rules.PlanFacts(start=date(9999, 12, 1), end=date(9999, 12, 31))
    reasons = rules.check_duration(facts=facts, limits=rules.FormatLimits())
    assert [reason.code for reason in reasons] == ["plan_dates_missing"]


def test_plan_years_bound_still_pass():
    facts = rules.PlanFacts(start=date(2100, 1, 15), end=date(2100, 3, 15))
    assert rules.check_duration(facts=facts, limits=rules.FormatLimits()) == []
