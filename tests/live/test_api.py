"""The live API: the contract's paths, statuses and codes, driven as another tool would."""

import pytest

from reglab.api.services import api_token_create
from reglab.live import limits
from reglab.live.models import Answer
from reglab.live.services.room import room_get_or_create
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/meetings/{id}/questions": {"post"},
    "/api/v1/meetings/{id}/questions/{qid}/open": {"post"},
    "/api/v1/meetings/{id}/questions/{qid}/close": {"post"},
    "/api/v1/meetings/{id}/join-code": {"get"},
    "/api/v1/live/{code}/participants": {"post"},
    "/api/v1/live/{code}/questions/{qid}/answers": {"post"},
    "/api/v1/meetings/{id}/questions/{qid}/results": {"get"},
}


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def host_headers(host):
    _, raw = api_token_create(person=host)
    return bearer(raw)


def post(client, path, body=None, headers=None):
    return client.post(path, body or {}, content_type="application/json", headers=headers or {})


def create(client, meeting, headers, **body):
    return post(client, f"/api/v1/meetings/{meeting.pk}/questions", body, headers)


def test_the_paths_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path


def run_a_question(client, meeting, headers, **question):
    created = create(client, meeting, headers, **question)
    assert created.status_code == 201, created.json()
    qid = created.json()["id"]
    opened = post(client, f"/api/v1/meetings/{meeting.pk}/questions/{qid}/open", headers=headers)
    assert opened.json() == {"id": qid, "status": "open"}
    code = client.get(f"/api/v1/meetings/{meeting.pk}/join-code", headers=headers).json()["code"]
    return qid, code


def join(client, code):
    response = post(client, f"/api/v1/live/{code}/participants")
    assert response.status_code == 201, response.json()
    return response.json()["token"]


def test_a_meeting_driven_through_the_api(client, meeting, host_headers):
    qid, code = run_a_question(
        client,
        meeting,
        host_headers,
        kind="single",
        text="Finns ett behov?",
        options=["JA!", "Nej"],
    )
    state = client.get(f"/api/v1/live/{code}").json()
    yes, no = (option["id"] for option in state["question"]["options"])
    first, second = join(client, code), join(client, code)
    path = f"/api/v1/live/{code}/questions/{qid}/answers"

    assert post(client, path, {"options": [yes]}, bearer(first)).status_code == 201
    assert post(client, path, {"options": [no]}, bearer(first)).status_code == 201
    assert post(client, path, {"options": [no]}, bearer(second)).status_code == 201

    results = client.get(
        f"/api/v1/meetings/{meeting.pk}/questions/{qid}/results", headers=host_headers
    )
    assert results.status_code == 200
    assert {o["text"]: o["count"] for o in results.json()["options"]} == {"JA!": 0, "Nej": 2}

    post(client, f"/api/v1/meetings/{meeting.pk}/questions/{qid}/close", headers=host_headers)
    closed = post(client, path, {"options": [yes]}, bearer(first))
    assert closed.status_code == 409
    assert closed.json()["code"] == "question_closed"
    assert Answer.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"options": [999999]}, "unknown_option"),
        ({"options": ["x"]}, "unknown_option"),
        ({"options": []}, "choose_one"),
        ({"text": "bara text"}, "answer_missing"),
        ({"options": "1"}, None),
        ({}, "answer_missing"),
    ],
)
def test_bad_answers_get_a_code_never_500(client, meeting, host_headers, body, code):
    qid, room_code = run_a_question(
        client, meeting, host_headers, kind="single", text="F?", options=["A", "B"]
    )
    token = join(client, room_code)
    response = post(
        client, f"/api/v1/live/{room_code}/questions/{qid}/answers", body, bearer(token)
    )
    assert response.status_code == 422
    if code:
        assert response.json()["code"] == code
    assert response.json()["detail"]


def test_text_over_its_limit_is_refused(client, meeting, host_headers):
    qid, code = run_a_question(client, meeting, host_headers, kind="text", text="Reflektion")
    token = join(client, code)
    path = f"/api/v1/live/{code}/questions/{qid}/answers"
    assert post(client, path, {"text": "å" * 500}, bearer(token)).status_code == 201
    response = post(client, path, {"text": "å" * 501}, bearer(token))
    assert (response.status_code, response.json()["code"]) == (422, "text_too_long")


def test_a_participant_token_works_only_in_its_meeting(client, meeting, network, host_headers):
    qid, code = run_a_question(client, meeting, host_headers, kind="text", text="Reflektion")
    other = make_meeting(network, days=60)
    other_code = room_get_or_create(meeting=other).code
    outsider_token = join(client, other_code)

    response = post(
        client,
        f"/api/v1/live/{code}/questions/{qid}/answers",
        {"text": "Hej"},
        bearer(outsider_token),
    )
    assert (response.status_code, response.json()["code"]) == (403, "wrong_meeting")
    # The right token with another meeting's code and this question: the question is not there.
    token = join(client, code)
    response = post(
        client, f"/api/v1/live/{other_code}/questions/{qid}/answers", {"text": "Hej"}, bearer(token)
    )
    assert response.status_code == 403
    unknown = post(
        client, f"/api/v1/live/{code}/questions/{qid}/answers", {"text": "Hej"}, bearer("fel")
    )
    assert (unknown.status_code, unknown.json()["code"]) == (401, "not_authenticated")


def test_an_unopened_question_refuses(client, meeting, host_headers):
    created = create(client, meeting, host_headers, kind="scale", text="Hur nöjd?", scale_max=5)
    qid = created.json()["id"]
    code = client.get(f"/api/v1/meetings/{meeting.pk}/join-code", headers=host_headers).json()[
        "code"
    ]
    token = join(client, code)
    response = post(
        client, f"/api/v1/live/{code}/questions/{qid}/answers", {"value": 3}, bearer(token)
    )
    assert (response.status_code, response.json()["code"]) == (409, "question_not_open")


def test_only_hosts_create_open_and_read_the_code(client, meeting, outsider):
    _, raw = api_token_create(person=outsider)
    headers = bearer(raw)
    response = create(client, meeting, headers, kind="text", text="F")
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert (
        client.get(f"/api/v1/meetings/{meeting.pk}/join-code", headers=headers).status_code == 403
    )
    assert client.get(f"/api/v1/meetings/{meeting.pk}/join-code").status_code == 401


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kind": "quiz", "text": "F"}, "unknown_kind"),
        ({"kind": "single", "text": "F", "options": ["Bara ett"]}, "too_few_options"),
        ({"kind": "single", "text": " ", "options": ["A", "B"]}, "question_empty"),
        ({"kind": "dates", "text": "När?", "options": ["30 februari"]}, "date_invalid"),
        ({"kind": "dates", "text": "När?", "options": ["2027-02-30"]}, "date_invalid"),
        ({"kind": "scale", "text": "F", "scale_max": 7}, "scale_not_allowed"),
        ({"kind": "prioritise", "text": "F", "options": ["A"], "dots": 0}, "dots_out_of_range"),
        ({"kind": "text", "text": "x" * 301}, "question_too_long"),
        ({"kind": "text", "text": "F", "item": 999999}, "item_not_in_meeting"),
    ],
)
def test_bad_questions_get_a_code(client, meeting, host_headers, body, code):
    response = create(client, meeting, host_headers, **body)
    assert (response.status_code, response.json()["code"]) == (422, code)


def test_results_of_an_open_question_are_for_hosts(client, meeting, host_headers):
    qid, _code = run_a_question(client, meeting, host_headers, kind="text", text="Reflektion")
    path = f"/api/v1/meetings/{meeting.pk}/questions/{qid}/results"
    assert client.get(path).status_code == 403
    post(client, f"/api/v1/meetings/{meeting.pk}/questions/{qid}/close", headers=host_headers)
    assert client.get(path).status_code == 200
    assert client.get(f"/api/v1/meetings/{meeting.pk}/questions/999999/results").status_code == 404


def test_join_code_guessing_is_throttled(client, meeting):
    code = room_get_or_create(meeting=meeting).code
    for n in range(limits.WRONG_CODES_PER_WINDOW):
        response = post(client, f"/api/v1/live/ZZZZZ{n % 10}/participants")
        assert response.status_code == 404
        assert response.json()["code"] == "unknown_code"
    refused = post(client, f"/api/v1/live/{code}/participants")
    assert (refused.status_code, refused.json()["code"]) == (429, "join_throttled")
    # Another address is not affected.
    other = client.post(
        f"/api/v1/live/{code}/participants",
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    )
    assert other.status_code == 201


def test_the_right_code_in_any_case_and_spacing_joins(client, meeting):
    code = room_get_or_create(meeting=meeting).code
    response = post(client, f"/api/v1/live/{code.lower()}/participants")
    assert response.status_code == 201


def test_the_room_adds_suggestions_that_the_host_approves(client, meeting, host_headers):
    qid, code = run_a_question(
        client,
        meeting,
        host_headers,
        kind="prioritise",
        text="Önskemål",
        options=["Framsyn"],
        dots=2,
    )
    token = join(client, code)
    response = post(
        client,
        f"/api/v1/live/{code}/questions/{qid}/suggestions",
        {"text": "Annat: GIS"},
        bearer(token),
    )
    assert response.status_code == 201
    state = client.get(f"/api/v1/live/{code}").json()
    assert [o["text"] for o in state["question"]["options"]] == ["Framsyn"]
    answer = post(
        client,
        f"/api/v1/live/{code}/questions/{qid}/answers",
        {"dots": {str(response.json()["id"]): 1}},
        bearer(token),
    )
    assert answer.json()["code"] == "unknown_option"
