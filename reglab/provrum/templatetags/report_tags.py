"""Template helpers for the final report: labels for the codes in the report's JSON."""

from django import template

from reglab.provrum.report_validation import FOLLOW_ON, OUTCOMES, RESULT_KINDS

register = template.Library()


def _label(mapping, value) -> str:
    return str(mapping.get(value, "")) if isinstance(value, str) else ""


@register.filter
def outcome_label(value) -> str:
    """ "met" → "Met" (in the active language); an empty or unknown outcome → ""."""
    return _label(OUTCOMES, value)


@register.filter
def follow_on_label(value) -> str:
    """The recommended next step as words; "" when none is chosen."""
    return _label(FOLLOW_ON, value)


@register.filter
def result_kind_label(value) -> str:
    """ "criterion" → "Success criterion", "indicator" → "Indicator"."""
    return _label(RESULT_KINDS, value)
