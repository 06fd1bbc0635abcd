"""The API's endpoints and their documented fields."""

import json

import pytest

from reglab.accounts.models import AffiliationStatus
from reglab.api.services import api_token_create
from tests.factories import AffiliationFactory, MemberAgencyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATION_FIELDS = {
    "id",
    "slug",
    "name",
    "short_name",
    "kind",
    "membership",
    "is_region",
    "county_code",
}


@pytest.fixture
def api_client(client, member_rep):
    _, raw = api_token_create(person=member_rep)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_organisations_lists_active_organisations_by_name(api_client, region, partner_org):
    OrganisationFactory(name="Nedlagt förbund", active_until="2001-01-01")
    response = api_client.get("/api/v1/organisations")
    assert response.status_code == 200
    rows = response.json()
    assert [row["slug"] for row in rows] == ["kontigo", "region-skane"]
    assert set(rows[1]) == ORGANISATION_FIELDS
    assert rows[1] == {
        "id": region.pk,
        "slug": "region-skane",
        "name": "Region Skåne",
        "short_name": "",
        "kind": "region",
        "membership": "member",
        "is_region": True,
        "county_code": "12",
    }
    assert rows[0]["membership"] == "partner"
    assert rows[0]["is_region"] is False


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ({"membership": "member"}, ["region-skane", "vinnova"]),
        ({"membership": "partner"}, ["kontigo"]),
        ({"kind": "national_agency"}, ["vinnova"]),
        ({"kind": "region", "membership": "member"}, ["region-skane"]),
        ({"kind": "region", "membership": "partner"}, []),
    ],
)
def test_organisations_filters(api_client, region, partner_org, query, slugs):
    MemberAgencyFactory(name="Vinnova", slug="vinnova")
    response = api_client.get("/api/v1/organisations", query)
    assert [row["slug"] for row in response.json()] == slugs


def test_me_describes_the_person(api_client, member_rep, partner_org):
    AffiliationFactory(person=member_rep, organisation=partner_org, status=AffiliationStatus.ENDED)
    response = api_client.get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "email", "name", "roles", "affiliations"}
    assert (body["id"], body["email"], body["name"]) == (
        member_rep.pk,
        "skane@example.se",
        "Anna Åkesson",
    )
    assert body["roles"] == ["member_representative"]
    assert sorted(body["affiliations"], key=lambda a: a["organisation"]) == [
        {"organisation": "kontigo", "status": "ended"},
        {"organisation": "region-skane", "status": "confirmed"},
    ]


def test_me_for_a_person_without_affiliations(client, plain_user):
    _, raw = api_token_create(person=plain_user)
    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert (body["roles"], body["affiliations"]) == ([], [])


def test_writes_are_not_offered(api_client):
    assert api_client.post("/api/v1/organisations", {}).status_code == 405


def test_openapi_schema_is_valid_json_with_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/organisations", "/api/v1/me"} <= set(schema["paths"])
    organisation = schema["components"]["schemas"]["OrganisationOut"]
    assert ORGANISATION_FIELDS <= set(organisation["properties"])
    assert schema["components"]["securitySchemes"]


def test_api_docs_page_renders(client):
    assert client.get("/api/v1/docs").status_code == 200
