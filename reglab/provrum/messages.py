"""Swedish (translatable) texts for the rule reasons, keyed by their stable codes."""

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
    "not_allowed": _("You are not allowed to do this."),
    "capacity_reached": _(
        "Reglab can give the go-ahead to at most %(maximum)s provrum a year; "
        "%(count)s have already started this year."
    ),
}


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
    return str(template) % params if params else str(template)


def reason_dict(reason: Reason) -> dict:
    """The reason as the API and templates show it."""
    return {"code": reason.code, "severity": reason.severity, "message": reason_message(reason)}
