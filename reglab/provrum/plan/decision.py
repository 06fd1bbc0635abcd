"""What the office sees beside "Approve the plan": the plan against each rule, and
what is left of the year's base funding.

The rules are ``rules.check_plan``'s, grouped as the format describes them; the
year's figures come from ``facts`` (the year the plan counts in is its go-ahead's,
and what other approved plans of that year were granted), so the page, the
approval and the API count the same way.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reglab.provrum import rules
from reglab.provrum.facts import base_funding_granted_in_year, go_aheads_in_year, plan_year
from reglab.provrum.messages import reason_message
from reglab.provrum.models import Provrum
from reglab.provrum.selectors import format_rules_get

# The rules of a plan, in the order the office reads them, by their reason codes.
RULE_GROUPS = (
    (
        "base_funding",
        ("base_funding_over_cap", "base_funding_over_half", "base_funding_pays_working_time"),
    ),
    ("annual_cap", ("office_annual_cap_exceeded",)),
    ("financing", ("financing_does_not_cover_budget",)),
    ("duration", ("plan_dates_missing", "duration_too_short", "duration_too_long")),
    ("content", ("no_success_criteria", "no_indicators")),
)


def _sek(amount: int) -> str:
    return _("%(amount)s SEK") % {"amount": number_format(amount, force_grouping=True)}


def _labels() -> dict[str, str]:
    return {
        "base_funding": _("Base funding"),
        "annual_cap": _("The office's yearly cap"),
        "financing": _("Financing of the budget"),
        "duration": _("Duration"),
        "content": _("Success criteria and indicators"),
    }


def _facts_text(name: str, facts: rules.PlanFacts, limits: rules.FormatLimits, left: int) -> str:
    if name == "annual_cap":
        return _("%(amount)s of the %(left)s left this year") % {
            "amount": _sek(facts.base_funding_sek),
            "left": _sek(left),
        }
    if name == "base_funding":
        return _("%(amount)s of at most %(maximum)s; the budget is %(budget)s") % {
            "amount": _sek(facts.base_funding_sek),
            "maximum": _sek(limits.max_base_funding_sek),
            "budget": _sek(facts.budget_sek),
        }
    if name == "financing":
        return _("%(financing)s for a budget of %(budget)s") % {
            "financing": _sek(facts.financing_sek),
            "budget": _sek(facts.budget_sek),
        }
    if name == "duration":
        if facts.start is None or facts.end is None:
            return ""
        return _("%(start)s to %(end)s (%(minimum)s–%(maximum)s months)") % {
            "start": facts.start.isoformat(),
            "end": facts.end.isoformat(),
            "minimum": limits.min_duration_months,
            "maximum": limits.max_duration_months,
        }
    if name == "content":
        return _("%(criteria)s criteria, %(indicators)s indicators") % {
            "criteria": facts.success_criteria_count,
            "indicators": facts.indicators_count,
        }
    return ""


def plan_decision_summary(provrum: Provrum, data: dict, limits=None) -> dict:
    """The rule rows (label, figures, status "ok"/"warning"/"error", messages) and the
    year's base funding: cap, granted to others, left, asked for, left after approving."""
    limits = limits or format_rules_get().to_limits()
    facts = rules.plan_facts(data)
    year = plan_year(provrum)
    granted = base_funding_granted_in_year(year, exclude_provrum=provrum)
    reasons = rules.check_plan(
        facts=facts, limits=limits, base_funding_granted_this_year_sek=granted
    )
    labels = _labels()
    remaining = max(limits.office_annual_cap_sek - granted, 0)
    rows = []
    for name, codes in RULE_GROUPS:
        found = [reason for reason in reasons if reason.code in codes]
        if any(reason.is_error for reason in found):
            status = "error"
        elif found:
            status = "warning"
        else:
            status = "ok"
        rows.append(
            {
                "name": name,
                "label": labels[name],
                "facts": _facts_text(name, facts, limits, remaining),
                "status": status,
                "messages": [reason_message(reason) for reason in found],
            }
        )
    return {
        "rows": rows,
        "year": year,
        "cap": _sek(limits.office_annual_cap_sek),
        "granted": _sek(granted),
        "remaining": _sek(remaining),
        "asked": _sek(facts.base_funding_sek),
        "after": _sek(max(remaining - facts.base_funding_sek, 0)),
        "over_cap": facts.base_funding_sek > remaining,
        "go_aheads": go_aheads_in_year(year),
        "max_go_aheads": limits.max_go_aheads_per_year,
    }
