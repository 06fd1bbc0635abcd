"""What every API operation shares is in the schema, and the answers keep to it.

Found by Schemathesis (tests/api/test_schemathesis.py) and kept here as plain
regression tests.
"""

import json
import re

import pytest

from reglab.api.api import api
from reglab.api.openapi import SAFE_QUERY_TEXT, SAFE_TEXT
from reglab.api.services import api_token_create

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


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_no_two_schemas_share_a_name():
    """The schema names its components by class name: two classes of one name made
    the meetings' refusals take the provrum's shape (with ``reasons`` required)."""
    from ninja import Schema

    by_name = {}
    for schema_class in all_subclasses(Schema):
        if schema_class.__module__.startswith("reglab."):
            shape = json.dumps(schema_class.model_json_schema(), sort_keys=True, default=str)
            by_name.setdefault(schema_class.__name__, {})[shape] = schema_class.__module__
    clashes = {name: sorted(shapes.values()) for name, shapes in by_name.items() if len(shapes) > 1}

    assert clashes == {}


def _operations_by_id(schema):
    return {
        operation["operationId"]: (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def _follow(link, request_path_values, body):
    """A link's parameter values: ``$request.path.x`` or ``$response.body#/pointer``."""
    values = {}
    for name, expression in link["parameters"].items():
        if expression.startswith("$request.path."):
            values[name] = request_path_values[expression.removeprefix("$request.path.")]
        else:
            value = body
            for step in expression.removeprefix("$response.body#/").split("/"):
                value = value[int(step)] if isinstance(value, list) else value[step]
            values[name] = value
    return values


def test_every_link_names_an_operation_and_all_its_path_parameters():
    """The OpenAPI links (reglab.api.openapi._links) that Schemathesis' stateful phase follows."""
    schema = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    operations = _operations_by_id(schema)
    links = [
        (path, link)
        for path, methods in schema["paths"].items()
        for operation in methods.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) >= 60
    for path, link in links:
        target_path, _ = operations[link["operationId"]]
        assert set(link["parameters"]) == set(re.findall(r"\{([^}]+)\}", target_path)), link
        for expression in link["parameters"].values():
            if expression.startswith("$request.path."):
                assert "{" + expression.removeprefix("$request.path.") + "}" in path


def test_a_link_followed_reaches_what_the_answer_named(client, office_user, region):
    """POST /surveys answers 201 with the new survey; its links lead to that survey."""
    schema = api.get_openapi_schema()
    operations = _operations_by_id(schema)
    headers = {"Authorization": f"Bearer {api_token_create(person=office_user)[1]}"}
    created = client.post(
        "/api/v1/surveys",
        {
            "title": "RUS-läget",
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
            "audience": "regions",
            "questions": [{"kind": "stage", "text": "Var?", "options": ["Analys", "Beslut"]}],
        },
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    links = schema["paths"]["/api/v1/surveys"]["post"]["responses"][201]["links"]
    assert links
    for link in links.values():
        path, method = operations[link["operationId"]]
        values = _follow(link, {}, created.json())
        assert values == {"survey_id": created.json()["id"]}
        response = client.generic(method.upper(), path.format(**values), headers=headers)
        assert response.status_code == 200, (path, response.content)
