"""The meetings API: exactly the paths other tools depend on, their statuses and fields."""

import datetime as dt

import pytest
from django.utils import timezone

from reglab.api.services import api_token_create
from reglab.meetings.models import RegistrationStatus
from reglab.meetings.services.registration import registration_register
from tests.meetings.conftest import add_programme, make_meeting, people

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/networks": {"get"},
    "/api/v1/networks/{slug}": {"get"},
    "/api/v1/meetings": {"get"},
    "/api/v1/meetings/{id}": {"get"},
    "/api/v1/meetings/{id}/registrations": {"get", "post"},
    "/api/v1/meetings/{id}/registrations/me": {"delete"},
}


def bearer(person):
    _, raw = api_token_create(person=person)
    return {"Authorization": f"Bearer {raw}"}


def test_the_paths_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    for path in [p for p in PATHS if "{id}" in p]:
        for operation in schema["paths"][path].values():
            names = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            assert names == ["id"], (path, names)
    parameters = schema["paths"]["/api/v1/meetings"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"network", "kind", "from", "to"}


def test_networks_and_the_look_back_newest_first(client, network, region):
    old = make_meeting(network, days=-400, title="Januari")
    add_programme(old, region)
    make_meeting(network, days=-200, title="Maj")
    make_meeting(network, days=20, title="Kommande")
    response = client.get("/api/v1/networks")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "rus-natverket",
            "name": "RUS-nätverket",
            "purpose": "Regionala utvecklingsstrategier.",
        }
    ]
    body = client.get("/api/v1/networks/rus-natverket").json()
    assert [m["title"] for m in body["meetings"]] == ["Kommande", "Maj", "Januari"]
    assert body["meetings"][2]["themes"] == [
        "Strategierna som styrinstrument",
        "RUSen som styrinstrument",
    ]
    assert body["organisations"] == [{"slug": "region-skane", "name": "Region Skåne"}]
    missing = client.get("/api/v1/networks/finns-inte")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Hittades inte.", "code": "not_found"}


def test_meetings_filters(client, network):
    first = make_meeting(network, days=10, title="Nätverksträff")
    make_meeting(days=40, title="Seminarium")
    make_meeting(network, days=-40, title="Förra")

    def titles(**query):
        response = client.get("/api/v1/meetings", query)
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()]

    assert titles() == ["Förra", "Nätverksträff", "Seminarium"]
    assert titles(network="rus-natverket") == ["Förra", "Nätverksträff"]
    assert titles(kind="seminar") == ["Seminarium"]
    today = timezone.localdate()
    assert titles(**{"from": today.isoformat()}) == ["Nätverksträff", "Seminarium"]
    assert titles(**{"to": (today + dt.timedelta(days=20)).isoformat()}) == [
        "Förra",
        "Nätverksträff",
    ]
    assert client.get("/api/v1/meetings", {"from": "igår"}).status_code == 422
    bad = client.get("/api/v1/meetings", {"kind": "fest"})
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Okänd typ av möte: fest."
    assert client.get(f"/api/v1/meetings/{first.pk}").status_code == 200


def test_meeting_with_programme(client, network, partner_org):
    meeting = make_meeting(network)
    add_programme(meeting, partner_org)
    body = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [(item["start_time"], item["title"], item["kind"]) for item in body["programme"]] == [
        ("10:15:00", "Strategierna som styrinstrument", "theme"),
        ("10:30:00", "RUSen som styrinstrument", "talk"),
        ("12:00:00", "Lunch", "break"),
    ]
    assert body["programme"][1]["speakers"] == [
        {"name": "Göran Hallin", "organisation": "Kontigo", "organisation_slug": "kontigo"},
        {"name": "Gäst Talare", "organisation": "Annan organisation", "organisation_slug": None},
    ]
    assert client.get("/api/v1/meetings/999999").status_code == 404
    assert client.get("/api/v1/meetings/99999999999999999999999").status_code == 404


def test_register_and_cancel(client, member_rep, network):
    meeting = make_meeting(network, capacity=1)
    url = f"/api/v1/meetings/{meeting.pk}/registrations"
    assert client.post(url, content_type="application/json").status_code == 401

    headers = bearer(member_rep)
    response = client.post(
        url, {"dietary_needs": "Vegan"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 201
    assert response.json() == {"status": "registered", "position": 1}
    again = client.post(url, content_type="application/json", headers=headers)
    assert again.status_code == 409
    assert again.json() == {
        "detail": "Du är redan anmäld till det här mötet.",
        "code": "already_registered",
    }

    (other,) = people(1)
    response = client.post(url, content_type="application/json", headers=bearer(other))
    assert response.status_code == 201
    assert response.json() == {"status": "waitlisted", "position": 1}

    response = client.delete(f"{url}/me", headers=headers)
    assert response.status_code == 204
    assert meeting.registrations.get(person=other).status == RegistrationStatus.REGISTERED
    assert client.delete(f"{url}/me", headers=headers).status_code == 404


def test_register_with_the_session(client, member_rep):
    meeting = make_meeting()
    client.force_login(member_rep)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/registrations", content_type="application/json"
    )
    assert response.status_code == 201


def test_registration_closed_is_a_409_in_swedish(client, member_rep):
    meeting = make_meeting(registration_closes=timezone.now() - dt.timedelta(hours=1))
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/registrations",
        content_type="application/json",
        headers=bearer(member_rep),
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Anmälan har stängt.", "code": "registration_closed"}
    assert meeting.registrations.count() == 0


def test_bad_body_is_a_422_not_a_500(client, member_rep):
    meeting = make_meeting()
    url = f"/api/v1/meetings/{meeting.pk}/registrations"
    headers = bearer(member_rep)
    for body in ("{not json", '{"dietary_needs": 5, "answers": "x"}', '{"answers": {"x": 1}}'):
        response = client.post(url, body, content_type="application/json", headers=headers)
        assert response.status_code == 422, (body, response.content)
    assert meeting.registrations.count() == 0


def test_required_answer_missing_is_a_422(client, member_rep):
    meeting = make_meeting()
    meeting.questions.create(text="Vilken workshop?", required=True)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/registrations",
        {"answers": {}},
        content_type="application/json",
        headers=bearer(member_rep),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Svara på frågan ”Vilken workshop?”."


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("member_rep", 403), ("coordinator", 200), ("office_user", 200)],
)
def test_registration_list_is_for_hosts(client, request, network, member_rep, role, status):
    meeting = make_meeting(network)
    registration_register(meeting=meeting, person=member_rep, dietary_needs="Vegan")
    headers = {} if role == "anonymous" else bearer(request.getfixturevalue(role))
    response = client.get(f"/api/v1/meetings/{meeting.pk}/registrations", headers=headers)
    assert response.status_code == status
    if status == 200:
        (row,) = response.json()
        assert (row["email"], row["status"], row["dietary_needs"]) == (
            "skane@example.se",
            "registered",
            "Vegan",
        )
    if status == 403:
        assert response.json()["detail"] == "Bara mötets värdar får göra detta."


def test_an_invalid_token_is_refused_even_for_reads(client):
    response = client.get("/api/v1/networks", headers={"Authorization": "Bearer fel"})
    assert response.status_code == 401
