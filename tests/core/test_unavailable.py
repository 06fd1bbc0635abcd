"""A database outage answers 503 with a Swedish message and Retry-After, never a 500; any other
fault still gets the 500 page. The outage is real: a connection attempt to a database that is
not there (tests/core/unreachable_urls.py); `make drills` restarts PostgreSQL under load."""

import json

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings

from reglab.api.api import server_error as api_server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.unreachable_urls")]


@pytest.fixture
def browser_client():
    return Client(raise_request_exception=False)


def test_a_page_answers_503_in_swedish_when_the_database_is_unreachable(browser_client):
    response = browser_client.get("/test/unreachable/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Tjänsten är tillfälligt otillgänglig" in html and 'lang="sv"' in html
    assert "Fel 500" not in html


def test_an_api_path_answers_503_as_json(browser_client):
    response = browser_client.get("/api/v1/test/unreachable/")
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert "databasen svarar inte" in response.json()["detail"]


def test_any_other_fault_is_still_a_500(browser_client):
    response = browser_client.get("/test/other/")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()


@override_settings(ROOT_URLCONF="reglab.urls")
def test_the_api_answers_a_database_error_with_503_json():
    request = RequestFactory().post("/api/v1/provrum", content_type="application/json")
    response = api_server_error(request, OperationalError("server closed the connection"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert json.loads(response.content)["code"] == "unavailable"


def test_the_site_uses_the_outage_aware_handler():
    from reglab import urls

    assert urls.handler500 == "reglab.core.unavailable.server_error"
