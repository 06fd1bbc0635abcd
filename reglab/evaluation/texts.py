"""How the dashboard writes a value: Swedish numbers, kronor and percent, and its labels.

A table's column has a kind (``TEXT``, ``COUNT``, ``DECIMAL``, ``PERCENT`` or
``SEK``); ``cell_text`` writes a cell of that kind as the page shows it. The
downloads write numbers as numbers instead (``exports``).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from reglab.evaluation import figures as f

TEXT, COUNT, DECIMAL, PERCENT, SEK = "text", "count", "decimal", "percent", "sek"


def period_label(period: f.Period) -> str:
    if period.key == f.ALL:
        return gettext("All years")
    if period.key == f.DEVELOPMENT:
        first, last = f.DEVELOPMENT_PHASE
        return gettext("The development phase %(first)s–%(last)s") % {"first": first, "last": last}
    return period.key


def number_text(value) -> str:
    """A number as Swedish writes it: 12 500, 12,5, 3,25; a whole number without decimals.

    The figures carry at most two decimals (means) or one (shares and medians);
    a trailing zero is not written.
    """
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        decimals = 1 if round(value, 1) == value else 2
        return number_format(value, decimals, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def cell_text(value, kind: str) -> str:
    """A cell as the page shows it; a missing value is a dash."""
    if value is None or value == "":
        return "–" if kind != TEXT else ""
    if kind == TEXT:
        return str(value)
    if kind == PERCENT:
        return f"{number_text(value)}\u00a0%"
    if kind == SEK:
        return f"{number_text(value)}\u00a0kr"
    return number_text(value)


def sek_text(value) -> str:
    return cell_text(value, SEK)


def percent_text(value) -> str:
    return cell_text(value, PERCENT)


def again_labels() -> dict[str, str]:
    return {"yes": gettext("Yes"), "maybe": gettext("Maybe"), "no": gettext("No")}


def county_label(name: str, count: int) -> str:
    return ngettext("%(county)s: %(count)s provrum", "%(county)s: %(count)s provrum", count) % {
        "county": name,
        "count": count,
    }
