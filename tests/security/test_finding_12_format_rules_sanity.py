"""Finding 12 (part): the office cannot save format rules that make no sense.

``min = max = 0`` organisations, no go-aheads a year, a minimum of regions above
the most organisations, a zero funding cap … each is refused with a Swedish
message on its field, on the page (``/provrum/regler/``) and in the API
(``PUT /api/v1/format-rules``), which share one check in the service; the stored
rules stay as they were.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from reglab.provrum.format_rules.services import FORMAT_RULE_FIELDS
from reglab.provrum.selectors import format_rules_get
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import cast  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SENSIBLE = {
    "min_organisations": 2,
    "max_organisations": 6,
    "min_regions": 2,
    "min_region_share_percent": 50,
    "max_go_aheads_per_year": 2,
    "min_duration_months": 2,
    "max_duration_months": 6,
    "max_base_funding_sek": 100_000,
    "max_base_funding_share_percent": 50,
    "office_annual_cap_sek": 200_000,
}

# (change, the fields that must carry an error)
NONSENSE = [
    ({"min_organisations": 0, "max_organisations": 0}, {"min_organisations", "min_regions"}),
    ({"min_organisations": 0}, {"min_organisations"}),
    ({"min_regions": 7}, {"min_regions"}),
    ({"min_duration_months": 0}, {"min_duration_months"}),
    ({"min_duration_months": 0, "max_duration_months": 0}, {"min_duration_months"}),
    ({"max_base_funding_sek": 0}, {"max_base_funding_sek"}),
    ({"max_base_funding_share_percent": 0}, {"max_base_funding_share_percent"}),
    ({"office_annual_cap_sek": 0}, {"office_annual_cap_sek", "max_base_funding_sek"}),
    ({"max_base_funding_sek": 300_000}, {"max_base_funding_sek"}),
    ({"min_organisations": 7}, {"min_organisations"}),
]


def stored() -> dict:
    rules = format_rules_get()
    return {name: getattr(rules, name) for name in FORMAT_RULE_FIELDS}


@pytest.mark.parametrize(("change", "fields"), NONSENSE)
def test_the_api_refuses_nonsense_with_swedish_field_errors(client, cast, change, fields):  # noqa: F811
    before = stored()
    response = ApiClient(client, cast["office"]).put("/api/v1/format-rules", SENSIBLE | change)
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body["fields"]) == fields
    for name in fields:
        for message in body["fields"][name]:
            # Swedish, not the English msgid.
            assert any(word in message.lower() for word in ("minst", "högst", "högre", "större")), (
                message
            )
    assert stored() == before


@pytest.mark.parametrize(("change", "fields"), NONSENSE)
def test_the_page_refuses_nonsense_on_the_field(client, cast, change, fields):  # noqa: F811
    before = stored()
    client.force_login(cast["office"])
    with translation.override("sv"):
        response = client.post(reverse("provrum:format_rules"), SENSIBLE | change)
    assert response.status_code in (200, 400)
    form = response.context["form"]
    assert set(form.errors) == fields
    assert stored() == before


def test_sensible_rules_are_still_saved(client, cast):  # noqa: F811
    client.force_login(cast["office"])
    change = {"min_organisations": 1, "max_organisations": 3, "min_regions": 1}
    response = client.post(reverse("provrum:format_rules"), SENSIBLE | change)
    assert response.status_code == 302
    assert stored() == SENSIBLE | change
    # The boundaries themselves pass: minimum regions equal to the most organisations,
    # a provrum's cap equal to the year's cap, a share of 0 % regions (no warning).
    edge = SENSIBLE | {
        "min_regions": 6,
        "max_base_funding_sek": 200_000,
        "min_region_share_percent": 0,
    }
    response = ApiClient(client, cast["office"]).put("/api/v1/format-rules", edge)
    assert response.status_code == 200, response.content
    assert stored() == edge


def test_no_go_aheads_a_year_pauses_the_format(client, cast):  # noqa: F811
    """Zero go-aheads is a decision (a paused year), not nonsense: it is saved."""
    paused = SENSIBLE | {"max_go_aheads_per_year": 0}
    response = ApiClient(client, cast["office"]).put("/api/v1/format-rules", paused)
    assert response.status_code == 200, response.content
    assert stored()["max_go_aheads_per_year"] == 0
