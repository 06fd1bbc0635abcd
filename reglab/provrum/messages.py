"""Swedish (translatable) texts for the rule reasons, keyed by their stable codes."""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from reglab.provrum.rules import Reason

MESSAGES = {
    "partner_cannot_propose": _(
        "Partners cannot propose provrum; they can register interest in taking part."
    ),
    "too_few_organisations": _(
        "At least %(minimum)s organisations must take part (now %(count)s)."
    ),
    "too_many_organisations": _("At most %(maximum)s organisations may take part (now %(count)s)."),
    "too_few_regions": _("At least %(minimum)s regions must take part (now %(count)s)."),
    "region_share_below_half": _(
        "At least half of the organisations should be regions (now %(regions)s of %(total)s)."
    ),
    "no_leader": _("A leader organisation must be chosen."),
    "leader_not_participant": _("The leader must be one of the participating organisations."),
    "leader_not_member": _("The leader must be a member organisation, not a partner."),
    "leader_not_volunteer": _("The leader must be an organisation that has offered to lead."),
    "warnings_not_acknowledged": _(
        "The warnings must be acknowledged with a comment before the go-ahead."
    ),
    "illegal_transition": _("The provrum cannot go from “%(from)s” to “%(to)s”."),
    "not_a_draft": _("Only a draft can be deleted; a published proposal is withdrawn instead."),
    "not_allowed": _("You are not allowed to do this."),
    "plan_needs_go_ahead": _("The project plan is written after the office's go-ahead."),
    "plan_not_editable": _(
        "The project plan can only be changed while the provrum has the go-ahead "
        "and has not started."
    ),
    "plan_locked": _(
        "The project plan is submitted or approved; "
        "it can be changed again if the office returns it."
    ),
    "plan_not_submitted": _("The project plan must be submitted before the office decides on it."),
    "capacity_reached": _(
        "Reglab can give the go-ahead to at most %(maximum)s provrum a year; "
        "%(count)s have already started this year."
    ),
    "base_funding_over_cap": _(
        "The base funding may be at most %(maximum)s SEK per provrum (now %(amount)s SEK)."
    ),
    "base_funding_over_half": _(
        "The base funding may be at most %(percent)s percent of the planned budget, "
        "that is %(maximum)s SEK of %(budget)s SEK (now %(amount)s SEK)."
    ),
    "base_funding_pays_working_time": _(
        "The base funding must not pay for working time: it may be at most the sum of the "
        "budget lines that are not working time, %(maximum)s SEK (now %(amount)s SEK)."
    ),
    "office_annual_cap_exceeded": _(
        "The office can grant at most %(cap)s SEK in base funding a year; %(granted)s SEK "
        "is already granted this year, so at most %(remaining)s SEK is left "
        "(the plan asks for %(amount)s SEK)."
    ),
    "financing_does_not_cover_budget": _(
        "The financing (%(financing)s SEK) does not cover the budget (%(budget)s SEK); "
        "%(missing)s SEK is missing."
    ),
    "plan_dates_missing": _("The plan should have a start date and an end date."),
    "duration_too_short": _(
        "A provrum should run for at least %(minimum)s months: "
        "the end date should be %(earliest_end)s or later."
    ),
    "duration_too_long": _(
        "A provrum should run for at most %(maximum)s months: "
        "the end date should be %(latest_end)s or earlier."
    ),
    "no_success_criteria": _(
        "The plan should name at least one criterion for a successful result."
    ),
    "no_indicators": _("The plan should name at least one indicator and how it is measured."),
    # Dissemination, closing and the participants' survey.
    "report_not_approved": _(
        "The provrum can be closed only when the office has approved the final report."
    ),
    "dissemination_not_open": _(
        "The dissemination is recorded once the office has approved the final report, "
        "and until the provrum is closed."
    ),
    "no_channel_disseminated": _(
        "Record at least one channel with the date the results were spread there."
    ),
    "not_disseminated_web": _("The results have not been published on Reglab's website."),
    "not_disseminated_newsletter": _("The results have not been reported in the newsletter."),
    "not_disseminated_network_meeting": _(
        "The results have not been presented at a network meeting."
    ),
    "not_disseminated_annual_conference": _(
        "The results have not been presented at the annual conference."
    ),
    "dissemination_not_acknowledged": _(
        "Acknowledge each channel the results have not been spread through "
        "before the provrum is closed."
    ),
    "report_before_plan_start": _(
        "The final report comes before the plan's period has started (%(start)s). "
        "Check that the work is really done; the office sees when it was submitted."
    ),
    "survey_already_answered": _(
        "You have already answered the survey for this provrum. Thank you!"
    ),
}

# Codes whose whole-number parameters are sums of money, shown with the
# language's digit grouping ("100 000", not "100000").
MONEY_CODES = {
    "base_funding_over_cap",
    "base_funding_over_half",
    "base_funding_pays_working_time",
    "office_annual_cap_exceeded",
    "financing_does_not_cover_budget",
}
# Parameters that hold a date as "YYYY-MM-DD", shown as the language writes dates.
DATE_PARAMS = {"earliest_end", "latest_end", "start"}


def reason_message(reason: Reason) -> str:
    """The reason as a sentence in the active language."""
    template = MESSAGES.get(reason.code)
    if template is None:
        return reason.code
    params = dict(reason.params)
    if reason.code == "illegal_transition":
        # State codes are shown with their labels ("Förslag", "Klartecken").
        from reglab.provrum.models import State

        labels = dict(State.choices)
        params = {key: labels.get(value, value) for key, value in params.items()}
    elif reason.code in MONEY_CODES:
        params = {
            key: number_format(value, force_grouping=True) if isinstance(value, int) else value
            for key, value in params.items()
        }
    for key in DATE_PARAMS & params.keys():
        try:
            params[key] = date_format(date.fromisoformat(params[key]), "j F Y")
        except (TypeError, ValueError):
            pass
    return str(template) % params if params else str(template)


def reason_dict(reason: Reason) -> dict:
    """The reason as the API and templates show it."""
    return {"code": reason.code, "severity": reason.severity, "message": reason_message(reason)}
