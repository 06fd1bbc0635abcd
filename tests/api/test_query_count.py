"""/api/v1/organisations costs the same number of queries for 5 and 30 organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.api.services import api_token_create
from tests.factories import AffiliationFactory, PartnerFactory, RegionFactory

pytestmark = pytest.mark.django_db


def add_organisations(count):
    for index in range(count):
        organisation = (RegionFactory if index % 2 else PartnerFactory)()
        AffiliationFactory(organisation=organisation)


def count_queries(client, url, headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("auth", ["token", "session"])
def test_organisation_list_query_count_does_not_grow(client, member_rep, auth):
    headers = {}
    if auth == "token":
        _, raw = api_token_create(person=member_rep)
        headers = {"Authorization": f"Bearer {raw}"}
    else:
        client.force_login(member_rep)
    url = "/api/v1/organisations"
    add_organisations(5)
    client.get(url, headers=headers)  # warm up: the token's first use is recorded once
    few, rows = count_queries(client, url, headers)
    assert len(rows) == 6  # the five and the member representative's region
    add_organisations(25)
    many, rows = count_queries(client, url, headers)
    assert len(rows) == 31
    assert many == few


def test_me_query_count_does_not_grow_with_affiliations(client, member_rep):
    client.force_login(member_rep)
    few, _ = count_queries(client, "/api/v1/me", {})
    for _ in range(10):
        AffiliationFactory(person=member_rep, organisation=PartnerFactory(), status="ended")
    many, body = count_queries(client, "/api/v1/me", {})
    assert len(body["affiliations"]) == 11
    assert many == few
