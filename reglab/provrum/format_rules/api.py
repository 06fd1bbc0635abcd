"""The format rules' REST API: /api/v1/format-rules (read; the office changes them).

The operation ids keep the module these endpoints were first written in
(``reglab.api.openapi``).
"""

from datetime import datetime

from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from reglab.provrum.format_rules import services
from reglab.provrum.selectors import (
    format_rules_get,
)
from reglab.provrum.web import (
    InvalidOut,
    RefusalOut,
)

router = Router(tags=["provrum"])


class FormatRulesIn(Schema):
    min_organisations: int
    max_organisations: int
    min_regions: int
    min_region_share_percent: int
    max_go_aheads_per_year: int
    min_duration_months: int
    max_duration_months: int
    max_base_funding_sek: int
    max_base_funding_share_percent: int
    office_annual_cap_sek: int


class FormatRulesOut(FormatRulesIn):
    updated_at: datetime


@router.get(
    "/format-rules",
    response=FormatRulesOut,
    tags=["format rules"],
    summary=gettext_lazy("The format rules"),
)
def get_format_rules(request):
    return format_rules_get()


@router.put(
    "/format-rules",
    response={200: FormatRulesOut, 403: RefusalOut, 422: InvalidOut},
    tags=["format rules"],
    summary=gettext_lazy("Change the format rules"),
    description=gettext_lazy("The office only. Every value is a whole number."),
)
def put_format_rules(request, payload: FormatRulesIn):
    return services.format_rules_update(by=request.user, **payload.dict())
