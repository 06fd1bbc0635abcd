"""What every API operation shares is in the schema, and the answers keep to it.

Found by Schemathesis (tests/api/test_schemathesis.py) and kept here as plain
regression tests.
"""

import re

import pytest

from reglab.api.api import api
from reglab.api.openapi import SAFE_QUERY_TEXT, SAFE_TEXT

pytestmark = pytest.mark.django_db


def test_a_negative_id_of_22_digits_is_a_404_not_a_500(client):
    response = client.get("/api/v1/results/-6205408773925484101632")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_number_is_not_read_as_a_date(client):
    """pydantic read ``to=0`` as 1 January 1970."""
    response = client.get("/api/v1/meetings", {"to": "0"}, headers={"Accept-Language": "sv"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert client.get("/api/v1/meetings", {"to": "2027-01-31"}).status_code == 200


def test_a_text_query_value_of_more_than_18_digits_is_refused_as_the_schema_says(client):
    assert client.get("/api/v1/results", {"q": "1" * 18}).status_code == 200
    response = client.get("/api/v1/results", {"q": "1" * 19})

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "number_too_large"
    assert not re.fullmatch(SAFE_QUERY_TEXT, "1" * 19)
    assert re.fullmatch(SAFE_QUERY_TEXT, "1" * 18)


def test_every_error_answer_has_a_code(client):
    """Operations that answer {"detail"} alone get the status's code added."""
    response = client.delete("/api/v1/meetings/999999/registrations/me")

    assert response.status_code in (401, 403, 404)
    assert set(response.json()) >= {"detail", "code"}


def test_every_operation_documents_the_common_errors():
    schema = api.get_openapi_schema()

    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {401, 403, 404, 422, 429} <= {
                int(status) for status in operation["responses"]
            }, (
                method,
                path,
            )


def test_the_results_search_is_described_with_the_guards_limits():
    schema = api.get_openapi_schema()
    [query] = [
        p for p in schema["paths"]["/api/v1/results"]["get"]["parameters"] if p["name"] == "q"
    ]

    assert query["schema"]["pattern"] == SAFE_QUERY_TEXT
    assert SAFE_QUERY_TEXT.endswith(SAFE_TEXT[1:])


def test_no_status_is_documented_twice(client):
    """ninja's keys are numbers; the same status as text made a duplicate JSON key, and
    Swagger UI's YAML parser refused the whole schema."""
    text = client.get("/api/v1/openapi.json").content.decode()
    schema = api.get_openapi_schema()
    for operations in schema["paths"].values():
        for operation in operations.values():
            statuses = [str(status) for status in operation["responses"]]
            assert len(statuses) == len(set(statuses))
    assert '"404": {' in text
