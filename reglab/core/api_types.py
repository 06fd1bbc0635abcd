"""Types for API input that pydantic would read too leniently."""

import datetime as dt
import re
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value):
    """A date given as text is YYYY-MM-DD, as the schema says (format "date").

    pydantic would also read a number ("0") as seconds since 1970.
    """
    if isinstance(value, dt.date):
        return value
    if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        raise ValueError(_("Give a date as YYYY-MM-DD."))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]
