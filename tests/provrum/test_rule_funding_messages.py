"""Every funding and plan reason has a text, and its parameters fit the text's placeholders."""

from datetime import date

import pytest
from django.utils import translation

from reglab.provrum.messages import MESSAGES, reason_dict, reason_message
from reglab.provrum.rules import BudgetLine, FormatLimits, PlanFacts, check_plan

PLAN_CODES = {
    "base_funding_over_cap",
    "base_funding_over_half",
    "base_funding_pays_working_time",
    "office_annual_cap_exceeded",
    "financing_does_not_cover_budget",
    "plan_dates_missing",
    "duration_too_short",
    "duration_too_long",
    "no_success_criteria",
    "no_indicators",
}


def every_plan_reason():
    """Reasons covering every code check_plan can give."""
    broken = PlanFacts(
        budget_lines=(BudgetLine("working_time", 150_000, True),),
        base_funding_sek=120_000,
        start=date(2027, 8, 31),
        end=date(2027, 9, 1),
    )
    too_long = PlanFacts(start=date(2027, 8, 31), end=date(2028, 3, 1))
    no_dates = PlanFacts()
    reasons = []
    for facts in (broken, too_long, no_dates):
        reasons += check_plan(
            facts=facts, limits=FormatLimits(), base_funding_granted_this_year_sek=190_000
        )
    return reasons


def test_the_examples_cover_every_plan_code():
    assert {reason.code for reason in every_plan_reason()} == PLAN_CODES
    assert PLAN_CODES <= MESSAGES.keys()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_plan_reason_renders(language):
    with translation.override(language):
        for reason in every_plan_reason():
            message = reason_message(reason)
            assert message != reason.code
            assert "%(" not in message and "%s" not in message
            assert reason_dict(reason)["severity"] == reason.severity


def test_sums_of_money_are_grouped_and_dates_written_out():
    with translation.override("en"):
        messages = {reason.code: reason_message(reason) for reason in every_plan_reason()}
    assert "120,000" in messages["base_funding_over_cap"]
    assert "100,000" in messages["base_funding_over_cap"]
    assert "10,000" in messages["office_annual_cap_exceeded"]  # what is left of 200 000
    assert "31 October 2027" in messages["duration_too_short"]
    assert "29 February 2028" in messages["duration_too_long"]
    with translation.override("sv"):
        message = reason_message(
            next(r for r in every_plan_reason() if r.code == "base_funding_over_cap")
        )
    assert "120\xa0000" in message
