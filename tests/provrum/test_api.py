"""The provrum API end to end, with Bearer tokens, as a client program would use it."""

import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.provrum.proposal import services
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db

DETAIL_FIELDS = {
    "id",
    "title",
    "summary",
    "question",
    "kind",
    "intended_use",
    "themes",
    "state",
    "display_state",
    "proposer",
    "leader",
    "participants",
    "readiness",
    "version",
    "published_at",
    "go_ahead_at",
    "comment_count",
}

NEW_PROPOSAL = {
    "organisation": "region-skane",
    "title": "Smart specialisering i praktiken",
    "summary": "Hur regionerna arbetar med smart specialisering och vad vi lär av varandra.",
    "question": "Vilka arbetssätt ger effekt?",
    "kind": "method",
    "intended_use": "joint_analysis",
    "themes": ["Smart specialisering", "Innovation"],
    "wants_to_lead": True,
}


@pytest.fixture
def as_(client, cast):
    """``as_("skane")`` is an API client with that representative's token."""
    clients = {}

    def make(key=None):
        if key not in clients:
            person = cast["office"] if key == "office" else cast["people"].get(key)
            clients[key] = ApiClient(client, person)
        return clients[key]

    return make


def test_from_proposal_to_go_ahead(as_):
    created = as_("skane").post("/api/v1/provrum", NEW_PROPOSAL)
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) == DETAIL_FIELDS
    url = f"/api/v1/provrum/{body['id']}"
    assert (body["state"], body["display_state"], body["proposer"]) == (
        "draft",
        "draft",
        "region-skane",
    )
    assert body["participants"] == [
        {
            "organisation": "region-skane",
            "name": "Region Skåne",
            "is_region": True,
            "is_member": True,
            "wants_to_lead": True,
        }
    ]
    assert sorted(body["themes"]) == ["Innovation", "Smart specialisering"]

    published = as_("skane").post(f"{url}/publish")
    assert published.status_code == 200
    assert published.json()["state"] == "proposed"
    assert published.json()["published_at"]

    for key, slug in [
        ("orebro", "region-orebro-lan"),
        ("gavleborg", "region-gavleborg"),
        ("kontigo", "kontigo"),
    ]:
        joined = as_(key).post(f"{url}/interests", {"organisation": slug})
        assert joined.status_code == 201, joined.content
        assert joined.json()["organisation"] == slug

    detail = as_("orebro").get(url).json()
    assert detail["state"] == "interest"
    assert [p["organisation"] for p in detail["participants"]] == [
        "region-skane",
        "region-orebro-lan",
        "region-gavleborg",
        "kontigo",
    ]
    assert detail["participants"][3]["is_member"] is False
    assert detail["readiness"]["ready"] is False
    assert [reason["code"] for reason in detail["readiness"]["reasons"]] == ["no_leader"]

    chosen = as_("skane").post(f"{url}/leader", {"organisation": "region-skane"})
    assert chosen.status_code == 200
    assert chosen.json()["leader"] == "region-skane"
    assert chosen.json()["readiness"] == {"ready": True, "reasons": []}
    assert chosen.json()["display_state"] == "ready"
    assert chosen.json()["state"] == "interest"

    queue = as_("office").get("/api/v1/provrum", {"state": "ready"}).json()
    assert [item["id"] for item in queue["items"]] == [body["id"]]

    go = as_("office").post(f"{url}/go-ahead", {"comment": "Kör!", "acknowledge_warnings": False})
    assert go.status_code == 200, go.content
    assert go.json()["state"] == "go_ahead"
    assert go.json()["go_ahead_at"]


def test_third_go_ahead_of_the_year_is_refused_with_capacity_reached(cast, as_):
    with time_machine.travel("2026-03-01 10:00 +01:00"):
        for number in range(2):
            provrum = ready_provrum(cast, title=f"Provrum {number}")
            response = as_("office").post(f"/api/v1/provrum/{provrum.pk}/go-ahead", {})
            assert response.status_code == 200
        third = ready_provrum(cast, title="Det tredje")
        refused = as_("office").post(f"/api/v1/provrum/{third.pk}/go-ahead", {"comment": "Tre?"})
        assert refused.status_code == 409
        assert reason_codes(refused) == ["capacity_reached"]
        assert refused.json()["detail"]
        assert refused.json()["reasons"][0]["severity"] == "error"
        assert refused.json()["reasons"][0]["message"]
        assert as_("office").get(f"/api/v1/provrum/{third.pk}").json()["state"] == "interest"
    with time_machine.travel("2027-01-02 10:00 +01:00"):
        next_year = as_("office").post(f"/api/v1/provrum/{third.pk}/go-ahead", {})
    assert next_year.status_code == 200
    assert next_year.json()["state"] == "go_ahead"


def test_detail_shows_readiness_reasons_with_messages(cast, as_):
    provrum = proposal(cast)
    body = as_("orebro").get(f"/api/v1/provrum/{provrum.pk}").json()
    assert body["readiness"]["ready"] is False
    assert sorted(reason["code"] for reason in body["readiness"]["reasons"]) == [
        "no_leader",
        "too_few_organisations",
        "too_few_regions",
    ]
    for reason in body["readiness"]["reasons"]:
        assert reason["severity"] == "error"
        assert reason["message"] and reason["message"] != reason["code"]
    assert body["version"] == provrum.version
    assert body["comment_count"] == 0


def test_edit_with_the_current_version(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}"
    version = as_("skane").get(url).json()["version"]
    edited = as_("skane").patch(
        url, {"version": version, "title": "Ny titel", "themes": ["Kompetensförsörjning"]}
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "Ny titel"
    assert edited.json()["themes"] == ["Kompetensförsörjning"]
    assert edited.json()["version"] == version + 1
    # Fields left out stay as they were.
    assert edited.json()["summary"] == provrum.summary


def test_withdraw(cast, as_):
    provrum = proposal(cast)
    response = as_("skane").post(f"/api/v1/provrum/{provrum.pk}/withdraw", {"comment": "Fel år."})
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    # Without a body too.
    other = proposal(cast, title="Ett annat förslag")
    assert as_("skane").post(f"/api/v1/provrum/{other.pk}/withdraw").status_code == 200


def test_decline_and_lapse(cast, as_):
    declined = proposal(cast, title="Avböjs")
    lapsed = proposal(cast, title="Förfaller")
    response = as_("office").post(
        f"/api/v1/provrum/{declined.pk}/decline", {"comment": "Ligger utanför formatet."}
    )
    assert (response.status_code, response.json()["state"]) == (200, "declined")
    response = as_("office").post(
        f"/api/v1/provrum/{lapsed.pk}/lapse", {"comment": "Ingen grupp bildades."}
    )
    assert (response.status_code, response.json()["state"]) == (200, "lapsed")


def test_discussion_threads(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}/comments"
    first = as_("orebro").post(url, {"body": "Vi är intresserade."})
    assert first.status_code == 201
    assert first.json()["author"] == "Orebro"
    reply = as_("kontigo").post(url, {"body": "Vi också.", "parent": first.json()["id"]})
    assert reply.status_code == 201
    assert reply.json()["parent"] == first.json()["id"]
    as_("skane").post(url, {"body": "Välkomna!"})

    thread = as_("office").get(url).json()
    assert [comment["body"] for comment in thread] == ["Vi är intresserade.", "Välkomna!"]
    assert [r["body"] for r in thread[0]["replies"]] == ["Vi också."]
    assert as_("office").get(f"/api/v1/provrum/{provrum.pk}").json()["comment_count"] == 3

    from reglab.provrum.models import Comment

    services.comment_remove(comment=Comment.objects.get(pk=reply.json()["id"]), by=cast["office"])
    thread = as_("orebro").get(url).json()
    removed = thread[0]["replies"][0]
    assert (removed["removed"], removed["body"]) == (True, "")


def test_changing_an_interest_answers_200_and_withdrawing_204(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}/interests"
    first = as_("orebro").post(url, {"organisation": "region-orebro-lan"})
    assert first.status_code == 201
    changed = as_("orebro").post(url, {"organisation": "region-orebro-lan", "wants_to_lead": True})
    assert changed.status_code == 200
    assert changed.json()["wants_to_lead"] is True
    gone = as_("orebro").delete(f"{url}/region-orebro-lan")
    assert gone.status_code == 204
    assert gone.content == b""
    participants = as_("orebro").get(f"/api/v1/provrum/{provrum.pk}").json()["participants"]
    assert [p["organisation"] for p in participants] == ["region-skane"]
    # Withdrawing what is not there changes nothing.
    assert as_("orebro").delete(f"{url}/region-orebro-lan").status_code == 204


def test_list_filters(cast, as_):
    orgs = cast["orgs"]
    ready = ready_provrum(cast, title="Regional analys av kompetensförsörjning")
    gathering = proposal(cast, title="Klimatomställning i regionerna", themes=["Klimat"])
    services.interest_register(
        provrum=gathering, by=cast["people"]["vinnova"], organisation=orgs["vinnova"]
    )
    proposed = proposal(cast, title="Besöksnäring och landsbygd", themes=["Klimat"])
    draft = proposal(cast, title="Ett utkast", publish=False)

    def ids(params, who="orebro"):
        response = as_(who).get("/api/v1/provrum", params)
        assert response.status_code == 200, response.content
        return sorted(item["id"] for item in response.json()["items"])

    assert ids({}) == sorted([ready.pk, gathering.pk, proposed.pk])
    assert ids({}, who="skane") == sorted([ready.pk, gathering.pk, proposed.pk, draft.pk])
    assert ids({"state": "ready"}) == [ready.pk]
    assert ids({"state": "interest"}) == sorted([ready.pk, gathering.pk])
    assert ids({"state": "proposed"}) == [proposed.pk]
    assert ids({"theme": "klimat"}) == sorted([gathering.pk, proposed.pk])
    assert ids({"organisation": "vinnova"}) == [gathering.pk]
    assert ids({"organisation": "region-orebro-lan"}) == [ready.pk]
    assert ids({"q": "besöksnäringen"}) == [proposed.pk]
    assert ids({"year": ready.published_at.year}) == sorted([ready.pk, gathering.pk, proposed.pk])
    assert ids({"year": 2001}) == []

    items = {item["id"]: item for item in as_("orebro").get("/api/v1/provrum").json()["items"]}
    assert items[ready.pk]["display_state"] == "ready"
    assert items[gathering.pk]["display_state"] == "interest"
    assert items[ready.pk]["leader"] == "region-skane"
    assert (items[ready.pk]["participant_count"], items[ready.pk]["region_count"]) == (2, 2)
    assert items[gathering.pk]["themes"] == ["Klimat"]


def test_list_is_paginated(cast, as_):
    made = [proposal(cast, title=f"Provrum nummer {n}").pk for n in range(5)]
    page = as_("orebro").get("/api/v1/provrum", {"limit": 2, "offset": 1}).json()
    assert (page["count"], page["limit"], page["offset"]) == (5, 2, 1)
    assert len(page["items"]) == 2
    everything = as_("orebro").get("/api/v1/provrum", {"limit": 200}).json()["items"]
    assert sorted(item["id"] for item in everything) == sorted(made)
    assert [item["id"] for item in everything[1:3]] == [item["id"] for item in page["items"]]
    ready = [ready_provrum(cast, title=f"Redo {n}").pk for n in range(3)]
    page = as_("orebro").get("/api/v1/provrum", {"state": "ready", "limit": 2}).json()
    assert page["count"] == 3
    assert {item["id"] for item in page["items"]} <= set(ready)
    assert len(page["items"]) == 2


def _board_queries(api, params=None):
    with CaptureQueriesContext(connection) as context:
        response = api.get("/api/v1/provrum", {"limit": 200, **(params or {})})
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["items"])


def _add_provrum(cast, count, start):
    for number in range(start, start + count):
        provrum = proposal(cast, title=f"Provrum {number}", themes=[f"Tema {number % 3}"])
        services.interest_register(
            provrum=provrum, by=cast["people"]["orebro"], organisation=cast["orgs"]["orebro"]
        )
        services.comment_add(provrum=provrum, by=cast["people"]["kontigo"], body=f"Bra {number}")
        if number % 2:
            services.leader_choose(
                provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["skane"]
            )


@pytest.mark.parametrize("params", [{}, {"state": "ready"}, {"q": "provrum"}])
def test_the_list_does_not_query_per_row(cast, as_, params, django_assert_max_num_queries):
    api = as_("gavleborg")
    api.get("/api/v1/provrum")  # the token's first use is recorded once
    _add_provrum(cast, 5, 0)
    few, rows = _board_queries(api, params)
    assert rows == (2 if params.get("state") else 5)
    _add_provrum(cast, 20, 5)
    many, rows = _board_queries(api, params)
    assert rows == (12 if params.get("state") else 25)
    assert many == few
    with django_assert_max_num_queries(few):
        api.get("/api/v1/provrum", {"limit": 200, **params})


def test_format_rules_can_be_read_and_changed_by_the_office(cast, as_):
    rules = as_("orebro").get("/api/v1/format-rules")
    assert rules.status_code == 200
    values = {k: v for k, v in rules.json().items() if k != "updated_at"}
    assert values["max_go_aheads_per_year"] == 2
    assert values["min_region_share_percent"] == 50
    changed = as_("office").put("/api/v1/format-rules", values | {"max_go_aheads_per_year": 3})
    assert changed.status_code == 200, changed.content
    assert changed.json()["max_go_aheads_per_year"] == 3
    assert as_("kontigo").get("/api/v1/format-rules").json()["max_go_aheads_per_year"] == 3


def test_openapi_schema_lists_the_provrum_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    assert {
        "/api/v1/provrum",
        "/api/v1/provrum/{provrum_id}",
        "/api/v1/provrum/{provrum_id}/publish",
        "/api/v1/provrum/{provrum_id}/withdraw",
        "/api/v1/provrum/{provrum_id}/comments",
        "/api/v1/provrum/{provrum_id}/interests",
        "/api/v1/provrum/{provrum_id}/interests/{organisation}",
        "/api/v1/provrum/{provrum_id}/leader",
        "/api/v1/provrum/{provrum_id}/go-ahead",
        "/api/v1/provrum/{provrum_id}/decline",
        "/api/v1/provrum/{provrum_id}/lapse",
        "/api/v1/format-rules",
    } <= set(paths)
    assert set(paths["/api/v1/provrum/{provrum_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/format-rules"]) == {"get", "put"}
    assert "409" in paths["/api/v1/provrum/{provrum_id}/go-ahead"]["post"]["responses"]
    assert DETAIL_FIELDS <= set(schema["components"]["schemas"]["ProvrumOut"]["properties"])


def test_openapi_texts_are_translated_per_request(client):
    english = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json()
    assert english["paths"]["/api/v1/provrum"]["get"]["summary"] == "List provrum"
    assert english["info"]["description"] == "Reglab's platform: organisations, people and provrum."
