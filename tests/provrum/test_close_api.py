"""The API for dissemination, closing and the survey: each role through each endpoint,
and the same refusals (codes) as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reglab.provrum.models import Channel, Dissemination, State, SurveyResponse
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.close_fixtures import ROLES, close, people, record, reported_provrum

ALL_WARNINGS = [f"not_disseminated_{c}" for c in Channel.values]


def api(client, cast, role):
    return ApiClient(client, people(cast)[role])


def url(provrum, tail):
    return f"/api/v1/provrum/{provrum.pk}/{tail}"


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


# fmt: off
ENDPOINTS = {
    # endpoint               office leader participant member partner anonymous
    "get_dissemination":     (200,   200,   200,        200,   200,    401),
    "put_dissemination":     (200,   403,   403,        403,   403,    401),
    "close":                 (200,   403,   403,        403,   403,    401),
    "get_survey":            (403,   200,   200,        403,   403,    401),
    "post_survey":           (403,   200,   200,        403,   403,    401),
}
# fmt: on


def _call(client, endpoint, provrum):
    if endpoint == "get_dissemination":
        return client.get(url(provrum, "dissemination"))
    if endpoint == "put_dissemination":
        return client.put(
            url(provrum, "dissemination"),
            {"channels": [{"channel": "web", "date": yesterday()}]},
        )
    if endpoint == "close":
        return client.post(url(provrum, "close"), {"acknowledge": ALL_WARNINGS[1:]})
    if endpoint == "get_survey":
        return client.get(url(provrum, "survey"))
    return client.post(url(provrum, "survey"), {"usefulness": 4, "take_part_again": "yes"})


@pytest.mark.parametrize(
    ("endpoint", "role", "expected"),
    [
        pytest.param(endpoint, role, expected, id=f"{endpoint}-{role}")
        for endpoint, outcomes in ENDPOINTS.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ],
)
def test_who_may_call_what(client, cast, endpoint, role, expected):
    provrum = reported_provrum(cast)
    if endpoint.endswith("survey"):
        close(cast, provrum)
    elif endpoint == "close":
        record(cast, provrum, ["web"])
    response = _call(api(client, cast, role), endpoint, provrum)
    assert response.status_code == expected, response.content
    if expected == 403:
        assert reason_codes(response) == ["not_allowed"]
    provrum.refresh_from_db()
    if endpoint == "close":
        assert provrum.state == (State.CLOSED if expected == 200 else State.REPORTED)
    if endpoint == "post_survey":
        assert SurveyResponse.objects.count() == (1 if expected == 200 else 0)


def test_a_provrum_the_person_cannot_see_is_not_found(client, cast, make_provrum):
    draft = make_provrum("draft")
    caller = api(client, cast, "participant")
    assert caller.get(url(draft, "dissemination")).status_code == 404
    assert caller.post(url(draft, "close"), {}).status_code == 404
    assert caller.get(url(draft, "survey")).status_code == 404


def test_the_checklist_as_json(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, ["newsletter"])
    body = api(client, cast, "member").get(url(provrum, "dissemination")).json()
    assert [line["channel"] for line in body["channels"]] == list(Channel.values)
    newsletter = body["channels"][1]
    assert newsletter["done"] is True and newsletter["link"] == "https://reglab.se/newsletter"
    assert body["done_count"] == 1
    assert (body["can_edit"], body["can_close"]) == (False, False)
    assert [r["code"] for r in body["reasons"]] == [
        "not_disseminated_web",
        "not_disseminated_network_meeting",
        "not_disseminated_annual_conference",
    ]
    office = api(client, cast, "office").get(url(provrum, "dissemination")).json()
    assert (office["can_edit"], office["can_close"]) == (True, True)


def test_put_saves_the_channels_sent(client, cast):
    provrum = reported_provrum(cast)
    response = api(client, cast, "office").put(
        url(provrum, "dissemination"),
        {
            "channels": [
                {"channel": "web", "date": yesterday(), "link": "https://reglab.se/ai"},
                {"channel": "annual_conference", "date": None, "note": "Hösten"},
            ]
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["done_count"] == 1
    assert body["channels"][3]["note"] == "Hösten"
    assert Dissemination.objects.filter(provrum=provrum).count() == 2


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"channel": "web", "date": "2025-02-30"}, "web.date"),
        ({"channel": "web", "date": "2999-01-01"}, "web.date"),
        ({"channel": "newsletter", "link": "mailto:kansli@reglab.se"}, "newsletter.link"),
        ({"channel": "podcast", "date": "2025-01-01"}, "channels"),
    ],
)
def test_put_refuses_bad_values_by_field(client, cast, line, field):
    provrum = reported_provrum(cast)
    response = api(client, cast, "office").put(url(provrum, "dissemination"), {"channels": [line]})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]
    assert not Dissemination.objects.exists()


def test_put_refuses_a_channel_sent_twice(client, cast):
    provrum = reported_provrum(cast)
    response = api(client, cast, "office").put(
        url(provrum, "dissemination"),
        {"channels": [{"channel": "web", "date": yesterday()}, {"channel": "web", "date": None}]},
    )
    assert response.status_code == 422
    assert "channels" in response.json()["fields"]


def test_put_before_the_report_is_approved_is_a_conflict(client, cast):
    provrum = reported_provrum(cast, report_status="submitted")
    response = api(client, cast, "office").put(
        url(provrum, "dissemination"), {"channels": [{"channel": "web", "date": yesterday()}]}
    )
    assert response.status_code == 409
    assert reason_codes(response) == ["report_not_approved"]


def test_close_lists_the_warnings_to_acknowledge(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, ["web"])
    caller = api(client, cast, "office")
    refused = caller.post(url(provrum, "close"), {})
    assert refused.status_code == 409
    assert reason_codes(refused) == ["dissemination_not_acknowledged", *ALL_WARNINGS[1:]]
    closed = caller.post(url(provrum, "close"), {"acknowledge": ALL_WARNINGS[1:], "note": "Klart"})
    assert closed.status_code == 200
    assert closed.json() == {"id": provrum.pk, "state": "closed", "asked": 2}
    again = caller.post(url(provrum, "close"), {})
    assert again.status_code == 200 and again.json()["state"] == "closed"


def test_close_without_a_body_and_without_a_channel(client, cast):
    provrum = reported_provrum(cast)
    response = api(client, cast, "office").post(url(provrum, "close"))
    assert response.status_code == 409
    assert reason_codes(response)[0] == "no_channel_disseminated"


def test_close_before_approval_is_a_conflict(client, cast):
    provrum = reported_provrum(cast, report_status="submitted")
    response = api(client, cast, "office").post(url(provrum, "close"), {})
    assert response.status_code == 409
    assert reason_codes(response) == ["report_not_approved"]


def test_the_survey_status_and_one_answer(client, cast):
    provrum = reported_provrum(cast)
    close(cast, provrum)
    caller = api(client, cast, "leader")
    status = caller.get(url(provrum, "survey")).json()
    assert status["answered"] is False and status["organisation"] == "region-skane"
    first = caller.post(
        url(provrum, "survey"),
        {"usefulness": 5, "take_part_again": "maybe", "format_change": "Fler möten."},
    )
    assert first.status_code == 200 and first.json()["answered"] is True
    second = caller.post(url(provrum, "survey"), {"usefulness": 1, "take_part_again": "no"})
    assert second.status_code == 409
    assert reason_codes(second) == ["survey_already_answered"]
    assert list(SurveyResponse.objects.values_list("usefulness", flat=True)) == [5]
    assert caller.get(url(provrum, "survey")).json()["answered"] is True


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"usefulness": 0, "take_part_again": "yes"}, ["usefulness"]),
        ({"usefulness": 6, "take_part_again": "yes"}, ["usefulness"]),
        ({"usefulness": 3, "take_part_again": "sometimes"}, ["take_part_again"]),
        (
            {"usefulness": 3, "take_part_again": "no", "format_change": "x" * 3001},
            ["format_change"],
        ),
    ],
)
def test_a_bad_answer_is_422(client, cast, body, fields):
    provrum = reported_provrum(cast)
    close(cast, provrum)
    response = api(client, cast, "participant").post(url(provrum, "survey"), body)
    assert response.status_code == 422
    assert list(response.json()["fields"]) == fields
    assert not SurveyResponse.objects.exists()


def test_the_survey_before_closing_is_refused(client, cast):
    provrum = reported_provrum(cast)
    response = api(client, cast, "leader").get(url(provrum, "survey"))
    assert response.status_code == 403
