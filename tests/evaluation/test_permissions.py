"""Only the office sees the evaluation: the page, the downloads and the API, role by role."""

import pytest
from django.urls import reverse

from tests.provrum.api_client import ApiClient

PAGE = reverse("evaluation:dashboard")
CSV = reverse("evaluation:export", kwargs={"figure": "forslag-och-beslut", "fmt": "csv"})
XLSX = reverse("evaluation:export", kwargs={"figure": "grundfinansiering", "fmt": "xlsx"})
WORKBOOK = reverse("evaluation:export", kwargs={"figure": "alla-figurer", "fmt": "xlsx"})
API = "/api/v1/evaluation"
API_YEARS = "/api/v1/evaluation/years"

ROLES = {
    # role: (page and downloads, API)
    "office_user": (200, 200),
    "superuser": (200, 200),
    "member_rep": (403, 403),
    "partner_rep": (403, 403),
    "unconfirmed_user": (403, 403),
    "plain_user": (403, 403),
}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("url", [PAGE, CSV, XLSX, WORKBOOK])
def test_page_and_downloads_per_role(client, request, role, url):
    person = request.getfixturevalue(role)
    client.force_login(person)
    response = client.get(url, {"period": "all"})
    assert response.status_code == ROLES[role][0]
    if response.status_code == 403:
        # The refusal carries no figures: no table, no map, no file.
        assert b"data-table=" not in response.content
        assert b"sweden-map" not in response.content
        assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX, WORKBOOK])
def test_signed_out_visitors_go_to_the_sign_in_page(client, db, url):
    response = client.get(url, {"period": "all"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("url", [API, API_YEARS])
def test_api_per_role(client, request, role, url):
    person = request.getfixturevalue(role)
    response = ApiClient(client, person).get(url)
    assert response.status_code == ROLES[role][1]
    if response.status_code == 403:
        assert response.json()["reasons"][0]["code"] == "not_allowed"


@pytest.mark.parametrize("url", [API, API_YEARS])
def test_api_without_a_session_or_token_is_401(client, db, url):
    assert client.get(url).status_code == 401


def test_api_with_the_office_session(client, office_user):
    client.force_login(office_user)
    assert client.get(API).status_code == 200


def test_the_page_does_not_accept_posts(client, office_user):
    client.force_login(office_user)
    assert client.post(PAGE).status_code == 405


@pytest.mark.parametrize(("role", "status"), [("office_user", 200), ("member_rep", 403)])
def test_downloads_accept_an_api_token(client, request, role, status):
    person = request.getfixturevalue(role)
    response = ApiClient(client, person).get(CSV, {"period": "all"})
    assert response.status_code == status
