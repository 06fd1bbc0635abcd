"""The surveys API: the issue's paths, the 409 on a stale version, permissions per role."""

import pytest

from reglab.api.services import api_token_create
from reglab.surveys.models import Survey, SurveyAnswer

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/surveys": {"get", "post"},
    "/api/v1/surveys/{survey_id}": {"get"},
    "/api/v1/surveys/{survey_id}/answers/{organisation}": {"get", "put"},
    "/api/v1/surveys/{survey_id}/answers/{organisation}/submit": {"post"},
    "/api/v1/surveys/{survey_id}/results": {"get"},
}


def bearer(person):
    _, raw = api_token_create(person=person)
    return {"Authorization": f"Bearer {raw}"}


def url(survey, org="region-skane", tail=""):
    return f"/api/v1/surveys/{survey.pk}/answers/{org}{tail}"


def test_the_paths_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert methods <= set(schema["paths"][path]), path


def test_the_office_creates_a_survey(client, office_user, region):
    response = client.post(
        "/api/v1/surveys",
        {
            "title": "RUS-läget",
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
            "audience": "regions",
            "questions": [{"kind": "stage", "text": "Var?", "options": ["Analys", "Beslut"]}],
        },
        content_type="application/json",
        headers=bearer(office_user),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["recipients"] == ["region-skane"]
    assert body["questions"][0]["options"] == [
        {"id": 1, "label": "Analys"},
        {"id": 2, "label": "Beslut"},
    ]


def test_a_representative_cannot_create(client, member_rep):
    response = client.post(
        "/api/v1/surveys",
        {"title": "x", "opens_on": "2026-01-01", "closes_on": "2026-02-01", "questions": []},
        content_type="application/json",
        headers=bearer(member_rep),
    )
    assert response.status_code == 403
    assert not Survey.objects.exists()


def test_save_submit_and_a_stale_version(client, survey, member_rep, colleague):
    stage = str(survey.questions.first().pk)
    headers = bearer(member_rep)
    got = client.get(url(survey), headers=headers).json()
    assert got == {"organisation": "region-skane", "version": 0, "status": "draft", "answers": {}}
    saved = client.put(
        url(survey),
        {"version": 0, "answers": {stage: 2}},
        content_type="application/json",
        headers=headers,
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    stale = client.put(
        url(survey),
        {"version": 0, "answers": {stage: 3}},
        content_type="application/json",
        headers=bearer(colleague),
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
    assert "kollega" in stale.json()["detail"]
    bad_stage = client.put(
        url(survey),
        {"version": 1, "answers": {stage: 42}},
        content_type="application/json",
        headers=headers,
    )
    assert bad_stage.status_code == 422
    assert bad_stage.json()["detail"] == "Det finns inget sådant steg i processen."
    for _ in range(2):
        submitted = client.post(
            url(survey, tail="/submit"),
            {"version": 1},
            content_type="application/json",
            headers=headers,
        )
        assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert SurveyAnswer.objects.get().data == {stage: 2}


def test_permissions_per_role(
    client, survey, office_user, coordinator, member_rep, partner_rep, plain_user
):
    stage = str(survey.questions.first().pk)
    body = {"version": 0, "answers": {stage: 1}}
    # Anonymous: 401 everywhere.
    assert client.get("/api/v1/surveys").status_code == 401
    assert client.get(f"/api/v1/surveys/{survey.pk}/results").status_code == 401
    # A representative of a non-recipient: the survey is not visible.
    for person in (partner_rep, plain_user, coordinator):
        headers = bearer(person)
        assert client.get(f"/api/v1/surveys/{survey.pk}", headers=headers).status_code == 404
        assert (
            client.put(
                url(survey), body, content_type="application/json", headers=headers
            ).status_code
            == 404
        )
        assert (
            client.get(f"/api/v1/surveys/{survey.pk}/results", headers=headers).status_code == 404
        )
    # The office reads but does not write an organisation's answer.
    headers = bearer(office_user)
    assert client.get(url(survey), headers=headers).status_code == 200
    assert (
        client.put(url(survey), body, content_type="application/json", headers=headers).status_code
        == 403
    )
    assert client.get(f"/api/v1/surveys/{survey.pk}/results", headers=headers).status_code == 200
    # The recipient's representative writes; another organisation's answer is refused.
    headers = bearer(member_rep)
    assert (
        client.put(url(survey), body, content_type="application/json", headers=headers).status_code
        == 200
    )
    assert (
        client.put(
            url(survey, "kontigo"), body, content_type="application/json", headers=headers
        ).status_code
        == 422
    )
    assert client.get(f"/api/v1/surveys/{survey.pk}/results", headers=headers).status_code == 200
    assert [s["id"] for s in client.get("/api/v1/surveys", headers=headers).json()] == [survey.pk]


def test_another_recipients_answer_is_not_readable(client, survey, member_rep):
    from tests.factories import AffiliationFactory, RegionFactory, UserFactory

    other = RegionFactory(name="Region Gotland", slug="region-gotland", county_code="09")
    survey.recipients.add(other)
    gotland = UserFactory(email="gotland@example.se")
    AffiliationFactory(person=gotland, organisation=other)
    stage = str(survey.questions.first().pk)
    client.put(
        url(survey, "region-gotland"),
        {"version": 0, "answers": {stage: 1}},
        content_type="application/json",
        headers=bearer(gotland),
    )
    assert client.get(url(survey, "region-gotland"), headers=bearer(member_rep)).status_code == 403
    assert (
        client.put(
            url(survey, "region-gotland"),
            {"version": 1, "answers": {stage: 2}},
            content_type="application/json",
            headers=bearer(member_rep),
        ).status_code
        == 403
    )
