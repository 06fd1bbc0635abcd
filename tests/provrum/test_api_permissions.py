"""Every role against every write endpoint of the provrum API, from one shared setup.

Roles: anonymous, a signed-in person with no confirmed organisation, the
proposer (Region Skåne's representative), another member's representative
(Region Örebro län), a partner's representative (Kontigo) and the office.
A provrum a person may not see answers 404, as a missing one does.
"""

import pytest

from reglab.provrum.models import Provrum
from reglab.provrum.proposal import services
from reglab.provrum.selectors import format_rules_get
from tests.factories import UserFactory
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "plain", "proposer", "member", "partner", "office")

FORMAT_RULES = {
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

OWN_ORGANISATION = {
    "plain": "region-skane",
    "proposer": "region-skane",
    "member": "region-orebro-lan",
    "partner": "kontigo",
    "office": "region-skane",
}


def _draft(cast):
    return proposal(cast, publish=False)


def _proposed(cast):
    return proposal(cast)


def _ready(cast):
    return ready_provrum(cast)


def _gathering_without_leader(cast):
    provrum = proposal(cast)
    services.interest_register(
        provrum=provrum, by=cast["people"]["orebro"], organisation=cast["orgs"]["orebro"]
    )
    return provrum


NEW = {
    "title": "Ett nytt provrum",
    "summary": "Om samverkan.",
    "question": "Hur?",
    "kind": "method",
    "intended_use": "probe",
}

# endpoint: (setup, method, path, body(role) -> dict, {role: expected status})
ENDPOINTS = {
    "create": (
        None,
        "post",
        "/api/v1/provrum",
        lambda role: NEW | {"organisation": OWN_ORGANISATION.get(role, "region-skane")},
        {"plain": 403, "proposer": 201, "member": 201, "partner": 409, "office": 403},
    ),
    "edit published": (
        _proposed,
        "patch",
        "/api/v1/provrum/{pk}",
        lambda role: {"version": 2, "title": "Ändrad titel"},
        {"plain": 404, "proposer": 200, "member": 403, "partner": 403, "office": 200},
    ),
    "edit draft": (
        _draft,
        "patch",
        "/api/v1/provrum/{pk}",
        lambda role: {"version": 1, "title": "Ändrad titel"},
        {"plain": 404, "proposer": 200, "member": 404, "partner": 404, "office": 403},
    ),
    "publish": (
        _draft,
        "post",
        "/api/v1/provrum/{pk}/publish",
        lambda role: {},
        {"plain": 404, "proposer": 200, "member": 404, "partner": 404, "office": 403},
    ),
    "withdraw": (
        _proposed,
        "post",
        "/api/v1/provrum/{pk}/withdraw",
        lambda role: {"comment": "Vi drar tillbaka."},
        {"plain": 404, "proposer": 200, "member": 403, "partner": 403, "office": 403},
    ),
    "delete draft": (
        _draft,
        "delete",
        "/api/v1/provrum/{pk}",
        lambda role: {},
        {"plain": 404, "proposer": 204, "member": 404, "partner": 404, "office": 403},
    ),
    "comment": (
        _proposed,
        "post",
        "/api/v1/provrum/{pk}/comments",
        lambda role: {"body": "En tanke."},
        {"plain": 404, "proposer": 201, "member": 201, "partner": 201, "office": 201},
    ),
    "register interest": (
        _proposed,
        "post",
        "/api/v1/provrum/{pk}/interests",
        lambda role: {"organisation": OWN_ORGANISATION.get(role, "region-skane")},
        # The proposer's organisation is already in: registering again changes nothing.
        {"plain": 404, "proposer": 200, "member": 201, "partner": 201, "office": 403},
    ),
    "withdraw an interest": (
        _gathering_without_leader,
        "delete",
        "/api/v1/provrum/{pk}/interests/region-orebro-lan",
        None,
        {"plain": 404, "proposer": 403, "member": 204, "partner": 403, "office": 204},
    ),
    "choose leader": (
        _gathering_without_leader,
        "post",
        "/api/v1/provrum/{pk}/leader",
        lambda role: {"organisation": "region-skane"},
        {"plain": 404, "proposer": 200, "member": 403, "partner": 403, "office": 200},
    ),
    "go-ahead": (
        _ready,
        "post",
        "/api/v1/provrum/{pk}/go-ahead",
        lambda role: {"comment": "Kör."},
        {"plain": 404, "proposer": 403, "member": 403, "partner": 403, "office": 200},
    ),
    "decline": (
        _proposed,
        "post",
        "/api/v1/provrum/{pk}/decline",
        lambda role: {"comment": "Passar inte formatet."},
        {"plain": 404, "proposer": 403, "member": 403, "partner": 403, "office": 200},
    ),
    "lapse": (
        _proposed,
        "post",
        "/api/v1/provrum/{pk}/lapse",
        lambda role: {"comment": "Ingen grupp."},
        {"plain": 404, "proposer": 403, "member": 403, "partner": 403, "office": 200},
    ),
    "format rules": (
        None,
        "put",
        "/api/v1/format-rules",
        lambda role: FORMAT_RULES | {"max_go_aheads_per_year": 3},
        {"plain": 403, "proposer": 403, "member": 403, "partner": 403, "office": 200},
    ),
}

CASES = [
    pytest.param(endpoint, role, id=f"{endpoint}-{role}")
    for endpoint in ENDPOINTS
    for role in ROLES
]


def person_for(role, cast):
    return {
        "anonymous": None,
        "plain": UserFactory(email="utan@example.se"),
        "proposer": cast["people"]["skane"],
        "member": cast["people"]["orebro"],
        "partner": cast["people"]["kontigo"],
        "office": cast["office"],
    }[role]


def snapshot(provrum):
    if provrum is None:
        return (format_rules_get().max_go_aheads_per_year, Provrum.objects.count())
    provrum.refresh_from_db()
    return (
        provrum.version,
        provrum.state,
        provrum.leader_id,
        sorted(provrum.interests.values_list("organisation__slug", "wants_to_lead")),
        provrum.comments.count(),
    )


@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_role_against_endpoint(client, cast, endpoint, role):
    setup, method, path, body, expected = ENDPOINTS[endpoint]
    provrum = setup(cast) if setup else None
    before = snapshot(provrum)
    api = ApiClient(client, person_for(role, cast))
    url = path.format(pk=provrum.pk if provrum else "")
    if method == "delete":
        response = api.delete(url)
    else:
        response = getattr(api, method)(url, body(role))
    wanted = 401 if role == "anonymous" else expected[role]
    assert response.status_code == wanted, response.content
    if wanted == 403:
        assert [reason["code"] for reason in response.json()["reasons"]] == ["not_allowed"]
    if wanted == 409:
        assert [reason["code"] for reason in response.json()["reasons"]] == [
            "partner_cannot_propose"
        ]
    if wanted >= 400:
        assert snapshot(provrum) == before, "a refused request changed something"
