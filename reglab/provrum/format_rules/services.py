"""The format's rules (FormatRules): the thresholds the office sets and every
rule reads. Changed only through ``format_rules_update``; the history keeps
who changed what and when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import PositiveSmallIntegerField
from django.utils.translation import gettext as _

from reglab.provrum import lifecycle, rules
from reglab.provrum.models import (
    FormatRules,
)
from reglab.provrum.readiness import readiness_refresh
from reglab.provrum.selectors import (
    format_rules_get,
)

FORMAT_RULE_FIELDS = tuple(rules.FormatLimits.__dataclass_fields__)


def _format_rules_nonsense(format_rules: FormatRules) -> dict[str, str]:
    """Field errors for values that are in range but make the format unusable.

    ``min = max = 0`` organisations or a zero funding cap would let no provrum
    through (or every one), so the page and the API, which both save through
    ``format_rules_update``, refuse them here. No go-aheads a year is allowed:
    it is how the office pauses the format for a year.
    """
    errors = {}
    if format_rules.min_organisations < 1:
        errors["min_organisations"] = _("At least one organisation must take part.")
    if format_rules.min_regions > format_rules.max_organisations:
        errors["min_regions"] = _("The fewest regions cannot be more than the most organisations.")
    if format_rules.min_duration_months < 1:
        errors["min_duration_months"] = _("A provrum lasts at least one month.")
    for name in ("max_base_funding_sek", "max_base_funding_share_percent", "office_annual_cap_sek"):
        if getattr(format_rules, name) < 1:
            errors[name] = _("Enter a number greater than 0.")
    if (
        "max_base_funding_sek" not in errors
        and format_rules.max_base_funding_sek > format_rules.office_annual_cap_sek
    ):
        errors["max_base_funding_sek"] = _(
            "The base funding per provrum cannot be more than the office's budget for a year."
        )
    return errors


@transaction.atomic
def format_rules_update(*, by, **values) -> FormatRules:
    """The office changes the format's thresholds; history keeps who and when."""
    if not by.has_perm("provrum.change_formatrules"):
        lifecycle.deny(_("Only the office can change the format rules."))
    format_rules_get()
    format_rules = FormatRules.objects.select_for_update().get(pk=1)
    errors = {}
    changed = False
    for name, value in values.items():
        if name not in FORMAT_RULE_FIELDS:
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[name] = _("Enter a whole number.")
            continue
        if value < 0 or value > 100_000_000:
            errors[name] = _("Enter a number between 0 and 100,000,000.")
            continue
        # The counts and shares are small integer columns: PostgreSQL refuses more than 32,767.
        if value > 32_767 and isinstance(
            FormatRules._meta.get_field(name), PositiveSmallIntegerField
        ):
            errors[name] = _("Enter a number between 0 and 32,767.")
            continue
        if name.endswith("_percent") and value > 100:
            errors[name] = _("A share is at most 100 percent.")
            continue
        if getattr(format_rules, name) != value:
            setattr(format_rules, name, value)
            changed = True
    if format_rules.min_organisations > format_rules.max_organisations:
        errors["min_organisations"] = _(
            "The fewest organisations cannot be more than the most organisations."
        )
    if format_rules.min_duration_months > format_rules.max_duration_months:
        errors["min_duration_months"] = _(
            "The shortest duration cannot be longer than the longest duration."
        )
    for name, message in _format_rules_nonsense(format_rules).items():
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    if changed:
        format_rules.updated_by = by
        format_rules._change_reason = "updated"
        # Who changed it, also without a request (the API's token, a command).
        format_rules._history_user = by
        format_rules.save()
        # The thresholds decide who is ready: every provrum is checked again.
        readiness_refresh(limits=format_rules.to_limits())
    return format_rules
