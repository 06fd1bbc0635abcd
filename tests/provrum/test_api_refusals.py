"""Every refusal of the provrum API: its status, its reason code, and never a 500."""

import pytest
from django.test import Client

from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import State
from reglab.provrum.proposal import decisions, services
from tests.factories import PartnerFactory, RegionFactory
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.conftest import proposal, ready_provrum, representative

pytestmark = pytest.mark.django_db

NEW_PROPOSAL = {
    "title": "Digital infrastruktur",
    "summary": "Bredband och digital service i hela länet.",
    "question": "Hur når vi de sista hushållen?",
    "kind": "substantive",
    "intended_use": "pre_study",
    "themes": ["Digitalisering"],
}


@pytest.fixture
def as_(client, cast):
    clients = {}

    def make(key=None):
        if key not in clients:
            person = cast["office"] if key == "office" else cast["people"].get(key)
            clients[key] = ApiClient(client, person)
        return clients[key]

    return make


def test_a_partner_representing_its_organisation_cannot_propose(as_):
    response = as_("kontigo").post("/api/v1/provrum", NEW_PROPOSAL | {"organisation": "kontigo"})
    assert response.status_code == 409
    assert reason_codes(response) == ["partner_cannot_propose"]
    assert response.json()["detail"]


def test_proposing_for_an_organisation_one_does_not_represent_is_forbidden(as_):
    response = as_("kontigo").post(
        "/api/v1/provrum", NEW_PROPOSAL | {"organisation": "region-skane"}
    )
    assert response.status_code == 403
    assert reason_codes(response) == ["not_allowed"]
    assert response.json()["reasons"][0]["severity"] == "error"


def test_proposing_for_an_unknown_organisation_is_invalid(as_):
    response = as_("skane").post("/api/v1/provrum", NEW_PROPOSAL | {"organisation": "finns-inte"})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"organisation"}


def test_service_validation_answers_422_with_the_fields(as_):
    response = as_("skane").post(
        "/api/v1/provrum",
        NEW_PROPOSAL | {"organisation": "region-skane", "title": "  ", "kind": "annat"},
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body["fields"]) == {"title", "kind"}
    assert {tuple(error["loc"]) for error in body["errors"]} == {
        ("body", "title"),
        ("body", "kind"),
    }


def test_a_seventh_organisation_is_refused(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}/interests"
    for key, slug in [
        ("orebro", "region-orebro-lan"),
        ("gavleborg", "region-gavleborg"),
        ("vinnova", "vinnova"),
        ("kontigo", "kontigo"),
    ]:
        assert as_(key).post(url, {"organisation": slug}).status_code == 201
    sixth = RegionFactory(slug="region-sjatte")
    seventh = RegionFactory(slug="region-sjunde")
    cast["people"]["sixth"] = representative(sixth, "sjatte@example.se")
    cast["people"]["seventh"] = representative(seventh, "sjunde@example.se")
    assert as_("sixth").post(url, {"organisation": "region-sjatte"}).status_code == 201
    refused = as_("seventh").post(url, {"organisation": "region-sjunde"})
    assert refused.status_code == 409
    assert reason_codes(refused) == ["too_many_organisations"]
    assert len(as_("skane").get(f"/api/v1/provrum/{provrum.pk}").json()["participants"]) == 6


def test_a_partner_cannot_offer_to_lead_or_be_chosen(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}"
    offer = as_("kontigo").post(
        f"{url}/interests", {"organisation": "kontigo", "wants_to_lead": True}
    )
    assert offer.status_code == 409
    assert reason_codes(offer) == ["leader_not_member"]
    assert as_("kontigo").post(f"{url}/interests", {"organisation": "kontigo"}).status_code == 201
    chosen = as_("skane").post(f"{url}/leader", {"organisation": "kontigo"})
    assert chosen.status_code == 409
    assert reason_codes(chosen) == ["leader_not_member"]


def test_the_leader_must_have_offered_and_take_part(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}"
    as_("orebro").post(f"{url}/interests", {"organisation": "region-orebro-lan"})
    not_volunteer = as_("skane").post(f"{url}/leader", {"organisation": "region-orebro-lan"})
    assert (not_volunteer.status_code, reason_codes(not_volunteer)) == (
        409,
        ["leader_not_volunteer"],
    )
    outsider = as_("skane").post(f"{url}/leader", {"organisation": "vinnova"})
    assert (outsider.status_code, reason_codes(outsider)) == (409, ["leader_not_participant"])
    unknown = as_("skane").post(f"{url}/leader", {"organisation": "finns-inte"})
    assert unknown.status_code == 422


def _withdrawn(cast, make_provrum):
    provrum = make_provrum("proposed")
    services.provrum_withdraw(provrum=provrum, by=cast["people"]["skane"])
    return provrum


def _declined(cast, make_provrum):
    provrum = make_provrum("proposed")
    decisions.provrum_decline(provrum=provrum, by=cast["office"], comment="Nej.")
    return provrum


SETUPS = {
    "draft": lambda cast, make: make("draft"),
    "go_ahead": lambda cast, make: make("go_ahead"),
    "withdrawn": _withdrawn,
    "declined": _declined,
}


@pytest.mark.parametrize(
    ("state", "who", "action", "body"),
    [
        ("withdrawn", "skane", "publish", {}),
        ("withdrawn", "office", "go-ahead", {"comment": "Ändå"}),
        ("draft", "office", "go-ahead", {"comment": "Nu"}),
        ("draft", "office", "decline", {"comment": "Nej"}),
        ("go_ahead", "office", "decline", {"comment": "Nej"}),
        ("go_ahead", "office", "lapse", {"comment": "Sent"}),
        ("declined", "office", "lapse", {"comment": "Sent"}),
        ("declined", "office", "go-ahead", {}),
        ("declined", "skane", "withdraw", {}),
    ],
)
def test_illegal_transitions_are_refused(cast, as_, make_provrum, state, who, action, body):
    provrum = SETUPS[state](cast, make_provrum)
    response = as_(who).post(f"/api/v1/provrum/{provrum.pk}/{action}", body)
    assert response.status_code == 409, response.content
    assert reason_codes(response) == ["illegal_transition"]
    assert response.json()["reasons"][0]["message"]
    provrum.refresh_from_db()
    assert provrum.state == state


def test_go_ahead_with_errors_left_lists_them_all(cast, as_):
    provrum = proposal(cast)
    as_("kontigo").post(f"/api/v1/provrum/{provrum.pk}/interests", {"organisation": "kontigo"})
    response = as_("office").post(f"/api/v1/provrum/{provrum.pk}/go-ahead", {"comment": "?"})
    assert response.status_code == 409
    assert sorted(reason_codes(response)) == ["no_leader", "too_few_regions"]


def test_warnings_must_be_acknowledged_with_a_comment(cast, as_):
    format_rules.format_rules_update(by=cast["office"], min_region_share_percent=75)
    provrum = ready_provrum(cast)  # two regions of two: no warning yet
    as_("vinnova").post(f"/api/v1/provrum/{provrum.pk}/interests", {"organisation": "vinnova"})
    detail = as_("office").get(f"/api/v1/provrum/{provrum.pk}").json()
    assert detail["readiness"]["ready"] is True
    assert [(r["code"], r["severity"]) for r in detail["readiness"]["reasons"]] == [
        ("region_share_below_half", "warning")
    ]
    url = f"/api/v1/provrum/{provrum.pk}/go-ahead"
    for body in [
        {"comment": "Kör"},
        {"acknowledge_warnings": True},
        {"acknowledge_warnings": True, "comment": "   "},
    ]:
        refused = as_("office").post(url, body)
        assert refused.status_code == 409
        assert reason_codes(refused) == ["warnings_not_acknowledged"]
    given = as_("office").post(
        url, {"acknowledge_warnings": True, "comment": "Vinnova bidrar med analysstöd."}
    )
    assert given.status_code == 200
    assert given.json()["state"] == State.GO_AHEAD
    decision = provrum.decisions.get()
    assert decision.acknowledged_warnings == ["region_share_below_half"]


def test_an_edit_from_an_old_version_is_refused_with_the_current_version(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}"
    version = as_("skane").get(url).json()["version"]
    first = as_("office").patch(url, {"version": version, "title": "Kansliets titel"})
    assert first.status_code == 200
    stale = as_("skane").patch(url, {"version": version, "title": "Min titel"})
    assert stale.status_code == 409
    assert reason_codes(stale) == ["stale_version"]
    assert stale.json()["version"] == version + 1
    assert as_("skane").get(url).json()["title"] == "Kansliets titel"
    again = as_("skane").patch(url, {"version": version + 1, "title": "Min titel"})
    assert again.status_code == 200
    assert again.json()["title"] == "Min titel"


def test_an_edit_without_version_is_invalid(cast, as_):
    provrum = proposal(cast)
    response = as_("skane").patch(f"/api/v1/provrum/{provrum.pk}", {"title": "Utan version"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/provrum"),
        ("post", "/api/v1/provrum"),
        ("get", "/api/v1/provrum/{pk}"),
        ("patch", "/api/v1/provrum/{pk}"),
        ("post", "/api/v1/provrum/{pk}/comments"),
        ("get", "/api/v1/provrum/{pk}/comments"),
        ("delete", "/api/v1/provrum/{pk}/interests/region-skane"),
        ("get", "/api/v1/format-rules"),
        ("put", "/api/v1/format-rules"),
    ],
)
def test_anonymous_is_asked_to_sign_in(cast, client, method, path):
    provrum = proposal(cast)
    anonymous = ApiClient(client)
    url = path.format(pk=provrum.pk)
    if method in ("get", "delete"):
        response = getattr(anonymous, method)(url)
    else:
        response = getattr(anonymous, method)(url, {})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_wrong_token_is_not_accepted(cast, client):
    response = client.get("/api/v1/provrum", headers={"Authorization": "Bearer fel"})
    assert response.status_code == 401


def test_an_invisible_draft_answers_404_as_a_missing_one(cast, as_):
    draft = proposal(cast, publish=False)
    for url in [f"/api/v1/provrum/{draft.pk}", "/api/v1/provrum/999999"]:
        response = as_("orebro").get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"], "code": "not_found"}
    for action, body in [("publish", {}), ("withdraw", {}), ("comments", {"body": "Hej"})]:
        response = as_("orebro").post(f"/api/v1/provrum/{draft.pk}/{action}", body)
        assert response.status_code == 404
    hidden = as_("orebro").post(
        f"/api/v1/provrum/{draft.pk}/interests", {"organisation": "region-orebro-lan"}
    )
    assert hidden.status_code == 404
    assert as_("orebro").get("/api/v1/provrum").json()["count"] == 0
    # The proposer's side sees it.
    assert as_("skane").get(f"/api/v1/provrum/{draft.pk}").status_code == 200


def test_withdrawing_an_unknown_organisation_is_404(cast, as_):
    provrum = proposal(cast)
    url = f"/api/v1/provrum/{provrum.pk}/interests/finns-inte"
    assert as_("skane").delete(url).status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/provrum", "{inte json"),
        ("/api/v1/provrum", "[]"),
        ("/api/v1/provrum", '"text"'),
        ("/api/v1/provrum", {"organisation": "region-skane", "title": 5}),
        ("/api/v1/provrum", {"organisation": ["region-skane"], **NEW_PROPOSAL}),
        ("/api/v1/provrum", {"organisation": "region-skane", **NEW_PROPOSAL, "themes": "x"}),
        ("/api/v1/provrum", {"organisation": "region-skane", **NEW_PROPOSAL, "themes": [[1]]}),
        ("/api/v1/provrum", {"organisation": "region-skane", **NEW_PROPOSAL, "themes": ["t"] * 21}),
        ("/api/v1/provrum", {"organisation": "region-skane", **NEW_PROPOSAL, "wants_to_lead": "?"}),
        ("/api/v1/provrum/{pk}/interests", {"organisation": None}),
        ("/api/v1/provrum/{pk}/interests", {"wants_to_lead": True}),
        ("/api/v1/provrum/{pk}/comments", {"body": "Hej", "parent": "första"}),
        ("/api/v1/provrum/{pk}/comments", {"body": "Hej", "parent": 99999999999999999999}),
        ("/api/v1/provrum/{pk}/comments", {"body": "   "}),
        ("/api/v1/provrum/{pk}/leader", {"organisation": 7}),
        ("/api/v1/provrum/{pk}/go-ahead", {"acknowledge_warnings": "kanske"}),
        ("/api/v1/provrum/{pk}/go-ahead", "{"),
        ("/api/v1/provrum/{pk}/decline", {"comment": ""}),
        ("/api/v1/provrum/{pk}/lapse", {}),
        ("/api/v1/provrum/abc/publish", {}),
    ],
)
def test_bad_input_is_422_never_500(cast, as_, path, body):
    provrum = proposal(cast)
    who = "office" if any(a in path for a in ("go-ahead", "decline", "lapse")) else "skane"
    response = as_(who).post(path.format(pk=provrum.pk), body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "klar"},
        {"year": "i år"},
        {"year": "99999"},
        {"limit": "0"},
        {"limit": "10000"},
        {"offset": "-1"},
        {"organisation": "finns-inte"},
    ],
)
def test_bad_list_filters_are_422(cast, as_, params):
    response = as_("skane").get("/api/v1/provrum", params)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/provrum/abc", "/api/v1/provrum/1.5"])
def test_bad_ids_are_422(cast, as_, path):
    assert as_("skane").get(path).status_code == 422


@pytest.mark.parametrize("pk", ["0", "-1", "99999999999999999999999999", "9223372036854775808"])
def test_out_of_range_ids_are_404(cast, as_, pk):
    assert as_("skane").get(f"/api/v1/provrum/{pk}").status_code == 404


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


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"min_organisations": 7}, {"min_organisations"}),
        ({"min_duration_months": 9}, {"min_duration_months"}),
        ({"min_region_share_percent": 101}, {"min_region_share_percent"}),
        ({"max_go_aheads_per_year": -1}, {"max_go_aheads_per_year"}),
        ({"max_go_aheads_per_year": 40_000}, {"max_go_aheads_per_year"}),
        ({"office_annual_cap_sek": 100_000_001}, {"office_annual_cap_sek"}),
        ({"max_organisations": 50_000, "min_regions": -3}, {"max_organisations", "min_regions"}),
    ],
)
def test_bad_format_rules_are_422_with_field_errors(cast, as_, change, fields):
    response = as_("office").put("/api/v1/format-rules", FORMAT_RULES | change)
    assert response.status_code == 422, response.content
    assert set(response.json()["fields"]) == fields
    assert as_("office").get("/api/v1/format-rules").json()["max_go_aheads_per_year"] == 2


@pytest.mark.parametrize(
    "body",
    [
        {key: value for key, value in FORMAT_RULES.items() if key != "min_regions"},
        FORMAT_RULES | {"min_regions": "två"},
        FORMAT_RULES | {"min_regions": 2.5},
        "{",
    ],
)
def test_malformed_format_rules_are_422(cast, as_, body):
    response = as_("office").put("/api/v1/format-rules", body)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_session_writes_need_the_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast["people"]["skane"])
    assert browser.get("/api/v1/provrum").status_code == 200
    response = browser.post(
        "/api/v1/provrum",
        NEW_PROPOSAL | {"organisation": "region-skane"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert reason_codes(response) == ["not_allowed"]


def test_a_session_write_with_the_csrf_token_works(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast["people"]["skane"])
    token = "k" * 32  # a CSRF secret, as the cookie a page sets would hold
    browser.cookies["csrftoken"] = token
    response = browser.post(
        "/api/v1/provrum",
        NEW_PROPOSAL | {"organisation": "region-skane"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_refusals_speak_the_requested_language(cast, client):
    partner = PartnerFactory(slug="partner-tva")
    person = representative(partner, "tva@example.se")
    api = ApiClient(client, person)
    api.headers["Accept-Language"] = "en"
    response = api.post("/api/v1/provrum", NEW_PROPOSAL | {"organisation": "partner-tva"})
    assert response.json()["reasons"][0]["message"].startswith("Partners cannot propose")


@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\u00a0\u200d\ufeff", "\u202e\u0301"])
def test_text_of_only_invisible_characters_is_refused_as_empty(cast, as_, invisible):
    """Zero-width characters, NBSP, direction and lone combining marks show nothing: empty."""
    response = as_("skane").post(
        "/api/v1/provrum", NEW_PROPOSAL | {"organisation": "region-skane", "summary": invisible}
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"summary"}
    assert "måste fyllas i" in response.json()["fields"]["summary"][0]
    url = f"/api/v1/provrum/{proposal(cast).pk}/comments"
    response = as_("orebro").post(url, {"body": invisible})
    assert response.status_code == 422
    assert response.json()["fields"]["body"] == ["Skriv en kommentar först."]
