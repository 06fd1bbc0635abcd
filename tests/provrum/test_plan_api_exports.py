"""The plan API tells where the exports are, and those addresses work for the same client."""

import pytest
from django.urls import reverse

from tests.provrum.api_client import ApiClient
from tests.provrum.plan_fixtures import saved_plan, valid_plan, with_go_ahead

pytestmark = pytest.mark.django_db

# What each export answers with, and how its body begins.
EXPECTED = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK",
    ),
    "pdf": ("application/pdf", b"%PDF"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    "csv": ("text/csv; charset=utf-8", "\ufeff".encode()),
    "ics": ("text/calendar; charset=utf-8", b"BEGIN:VCALENDAR"),
}


@pytest.fixture
def go_ahead(cast):
    return with_go_ahead(cast)


def plan_url(provrum):
    return f"/api/v1/provrum/{provrum.pk}/plan"


def test_an_unsaved_plan_has_no_exports(client, cast, go_ahead):
    client.force_login(cast["people"]["skane"])
    response = client.get(plan_url(go_ahead))
    assert response.status_code == 200
    assert response.json()["exports"] is None
    # Indeed there is nothing to download yet.
    assert client.get(reverse("provrum:plan_docx", args=[go_ahead.pk])).status_code == 404


def test_the_saved_plan_lists_its_exports_and_each_one_downloads(client, cast, go_ahead):
    client.force_login(cast["people"]["skane"])
    saved = client.put(
        plan_url(go_ahead),
        {"version": 0, "data": valid_plan()},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    exports = saved.json()["exports"]
    assert exports == client.get(plan_url(go_ahead)).json()["exports"]
    assert set(exports) == set(EXPECTED)
    for key, (content_type, start) in EXPECTED.items():
        assert exports[key].startswith(f"/provrum/{go_ahead.pk}/"), exports[key]
        response = client.get(exports[key])
        assert response.status_code == 200, (key, response.status_code)
        assert response["Content-Type"] == content_type, key
        assert response.content.startswith(start), key


@pytest.mark.parametrize("who", ["office", "orebro"])
def test_the_office_and_participants_can_follow_the_exports_too(client, cast, go_ahead, who):
    saved_plan(cast, go_ahead)
    person = cast["office"] if who == "office" else cast["people"][who]
    client.force_login(person)
    exports = client.get(plan_url(go_ahead)).json()["exports"]
    for key, (content_type, _start) in EXPECTED.items():
        response = client.get(exports[key])
        assert response.status_code == 200, key
        assert response["Content-Type"] == content_type, key


def test_token_clients_get_the_same_paths(client, cast, go_ahead):
    saved_plan(cast, go_ahead)
    body = ApiClient(client, cast["people"]["skane"]).get(plan_url(go_ahead)).json()
    assert body["exports"] == {
        "docx": f"/provrum/{go_ahead.pk}/plan.docx",
        "pdf": f"/provrum/{go_ahead.pk}/plan.pdf",
        "xlsx": f"/provrum/{go_ahead.pk}/budget.xlsx",
        "csv": f"/provrum/{go_ahead.pk}/budget.csv",
        "ics": f"/provrum/{go_ahead.pk}/kalender.ics",
    }


def test_token_clients_download_the_exports_with_their_token(client, cast, go_ahead):
    saved_plan(cast, go_ahead)
    api = ApiClient(client, cast["people"]["skane"])
    exports = api.get(plan_url(go_ahead)).json()["exports"]
    for key, (content_type, start) in EXPECTED.items():
        response = api.get(exports[key])
        assert response.status_code == 200, key
        assert response["Content-Type"] == content_type, key
        assert response.content.startswith(start), key


def test_a_bad_token_downloads_nothing(client, cast, go_ahead):
    saved_plan(cast, go_ahead)
    response = client.get(
        f"/provrum/{go_ahead.pk}/plan.pdf", headers={"Authorization": "Bearer rgl_fel"}
    )
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_token_of_someone_outside_the_group_gets_404(client, cast, go_ahead):
    from tests.factories import UserFactory

    saved_plan(cast, go_ahead)
    outsider = UserFactory(email="utanfor@example.se")
    response = ApiClient(client, outsider).get(f"/provrum/{go_ahead.pk}/plan.pdf")
    assert response.status_code in (403, 404)


def test_an_office_token_without_the_second_factor_downloads_nothing(client, cast, go_ahead):
    """As the API refuses it (403, second factor required), so do the downloads."""
    from tests.factories import UserFactory
    from tests.second_factor import give_totp

    saved_plan(cast, go_ahead)
    office = UserFactory(
        email="ny-kansli@example.se", is_office=True, is_staff=True, second_factor=False
    )
    url = f"/provrum/{go_ahead.pk}/plan.pdf"
    api = ApiClient(client, office)
    refused = api.get(url)
    assert refused.status_code == 403
    assert not refused.content.startswith(b"%PDF")
    give_totp(office)
    assert api.get(url).status_code == 200
