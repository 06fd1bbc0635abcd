"""The organisation directory costs the same number of queries for 5 and 30 organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.accounts.models import AffiliationStatus
from tests.factories import AffiliationFactory, PartnerFactory, RegionFactory

pytestmark = pytest.mark.django_db


def add_organisations(count):
    """Organisations with confirmed and pending people, so that every annotation has work."""
    for index in range(count):
        factory = RegionFactory if index % 2 else PartnerFactory
        organisation = factory()
        AffiliationFactory(organisation=organisation)
        AffiliationFactory(organisation=organisation, status=AffiliationStatus.REQUESTED)


def queries_for(client, url, **params):
    client.get(url, params)  # warm up: sessions, language, caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("role", ["anonymous", "member_rep", "office_user"])
@pytest.mark.parametrize("params", [{}, {"membership": "member"}, {"q": "region"}])
def test_directory_query_count_does_not_grow(request, client, role, params):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    add_organisations(5)
    few, response = queries_for(client, "/organisationer/", **params)
    assert len(response.context["organisations"]) > 0
    add_organisations(25)
    many, response = queries_for(client, "/organisationer/", **params)
    assert len(response.context["organisations"]) > 5
    assert many == few


def test_directory_counts_only_confirmed_representatives(client):
    add_organisations(3)
    response = client.get("/organisationer/")
    assert {o.representative_count for o in response.context["organisations"]} == {1}


def test_htmx_results_fragment_costs_the_same(client):
    add_organisations(5)
    client.get("/organisationer/", headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as few:
        response = client.get("/organisationer/", headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    add_organisations(25)
    with CaptureQueriesContext(connection) as many:
        client.get("/organisationer/", headers={"HX-Request": "true"})
    assert len(many) == len(few)
