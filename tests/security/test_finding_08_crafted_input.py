"""Finding 8: crafted input never makes a 500.

NUL characters made PostgreSQL fail in every API text field and query parameter
(anonymously on ``/api/v1/results?q=``); numbers beyond 64 bits in ``offset`` and
in ids made SQLite fail (anonymously on ``/resultat/<huge>/``). Now:

- every API operation in the OpenAPI schema is walked: each string in its path,
  query, form and JSON body (however deep) gets a NUL or a control character, and
  each whole number a 25-digit one, as the office, a member representative and
  anonymously: never a 500; a refused text is a 422 naming the field, in Swedish;
- every page address with an id (the URL resolver is walked) gets a 25-digit id:
  never a 500, a 404;
- query and form values of the pages with NUL are a 400 naming the field;
- an unexpected error in the API answers JSON with a reference.

Run it on both databases (``DATABASE_URL=postgres://…``): NUL is harmless to
SQLite and fatal to PostgreSQL, the overflow the other way round.
"""

import copy
import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.utils import translation

from reglab.core.converters import IdConverter
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import cast  # noqa: F401 (a fixture)
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead

pytestmark = pytest.mark.django_db

NUL = "ab\x00c"
CONTROL = "ab\x1bc"
HUGE = "9" * 25
HUGE_NUMBER = int(HUGE)
FREE_FORM = {"purpose": "x", "milestones": [{"title": "x", "date": "2027-02-10"}]}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def planned(cast):  # noqa: F811
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    return provrum


# Building requests from the OpenAPI schema ----------------------------------------


def resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def sample(schema, node, depth=0):
    """A plausible value for a JSON schema node: strings "x", numbers 1, one list item."""
    node = resolve(schema, node)
    if depth > 8:
        return None
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if resolve(schema, o).get("type") != "null"]
            return sample(schema, options[0], depth + 1) if options else None
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        if not node.get("properties"):
            return copy.deepcopy(FREE_FORM)
        return {
            name: sample(schema, child, depth + 1) for name, child in node["properties"].items()
        }
    if kind == "array":
        return [sample(schema, node.get("items", {}), depth + 1)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "string":
        if node.get("format") == "date":
            return "2027-02-10"
        if node.get("format") == "binary":
            return None
        return "x"
    return copy.deepcopy(FREE_FORM)


def slots(value, path=()):
    """Paths to every string and number in a JSON value, and to every key."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, ("key", key))
            yield from slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from slots(item, (*path, index))
    elif isinstance(value, str | int) and not isinstance(value, bool):
        yield path


def replaced(value, path, new):
    value = copy.deepcopy(value)
    *parents, last = path
    target = value
    for part in parents:
        target = target[part]
    if isinstance(last, tuple):  # a key
        target[new] = target.pop(last[1])
    else:
        target[last] = new
    return value


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def path_values(planned):
    return {"provrum_id": str(planned.pk), "meeting_id": "1", "document_id": "1"}


def build_path(template, values, override=None):
    def value(match):
        name = match.group(1)
        if override and name in override:
            return quote(override[name], safe="")
        return values.get(name, "region-skane")

    return re.sub(r"\{(\w+)\}", value, template)


def requests_for(schema, path, method, operation, values):
    """(description, method, url, kind, payload, expects_422) for each crafted variant."""
    params = operation.get("parameters", [])
    query = {p["name"]: sample(schema, p.get("schema", {})) for p in params if p["in"] == "query"}
    query = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in query.items()}
    url = build_path(path, values)
    for p in params:
        kind = resolve(schema, p.get("schema", {})).get("type")
        if p["in"] == "path":
            for bad in (NUL, HUGE):
                if kind == "integer" or bad != HUGE:
                    bad_url = build_path(path, values, {p["name"]: bad})
                    yield f"path {p['name']}={bad!r}", method, bad_url, "query", {}, bad != HUGE
        if p["in"] == "query":
            for bad in (NUL, HUGE):
                variant = {**query, p["name"]: bad}
                yield f"query {p['name']}={bad!r}", method, url, "query", variant, bad != HUGE
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = sample(schema, content["application/json"]["schema"])
        if not isinstance(body, dict):
            body = {}
        for slot in slots(body):
            if isinstance(slot[-1], tuple):
                yield f"body key {slot}", method, url, "json", replaced(body, slot, NUL), True
                continue
            target = body
            for part in slot:
                target = target[part]
            if isinstance(target, str):
                for bad in (NUL,):
                    variant = replaced(body, slot, bad)
                    yield f"body {slot}={bad!r}", method, url, "json", variant, True
            else:
                variant = replaced(body, slot, HUGE_NUMBER)
                yield f"body {slot}=huge", method, url, "json", variant, False
    if "multipart/form-data" in content:
        form = content["multipart/form-data"]["schema"]
        fields = resolve(schema, form).get("properties", {})
        for name, node in fields.items():
            if resolve(schema, node).get("format") == "binary":
                continue
            for bad in (NUL, CONTROL, HUGE):
                yield f"form {name}={bad!r}", method, url, "multipart", {name: bad}, bad != HUGE


def send(client, headers, method, url, kind, payload):
    if kind == "query":
        return getattr(client, method)(url, payload, headers=headers)
    if kind == "json":
        return getattr(client, method)(
            url, json.dumps(payload), content_type="application/json", headers=headers
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {**payload, "file": SimpleUploadedFile("bild.png", PNG, content_type="image/png")}
    return client.post(url, data, headers=headers)


@pytest.mark.parametrize("role", ["anonymous", "office", "member"])
def test_every_api_operation_refuses_crafted_input_without_a_500(client, cast, planned, role):  # noqa: F811
    person = {"anonymous": None, "office": cast["office"], "member": cast["people"]["skane"]}
    api = ApiClient(client, person[role])
    schema = client.get("/api/v1/openapi.json").json()
    values = path_values(planned)
    failures = []
    checked = 0
    with translation.override("sv"):
        for path, method, operation in operations(schema):
            for what, verb, url, kind, payload, refused in requests_for(
                schema, path, method, operation, values
            ):
                response = send(client, api.headers, verb, url, kind, payload)
                checked += 1
                label = f"{verb.upper()} {path} {what}: {response.status_code}"
                if response.status_code >= 500:
                    failures.append(f"{label} {response.content[:200]!r}")
                    continue
                assert response["Content-Type"].startswith("application/json"), label
                if refused:
                    # Checked before sign-in and parsing: a 422 for everyone.
                    body = response.json()
                    if response.status_code != 422:
                        failures.append(f"{label} (expected 422) {body}")
                    elif "inte är tillåtet" not in json.dumps(body, ensure_ascii=False):
                        failures.append(f"{label} (no Swedish message) {body}")
    assert checked > 200
    assert not failures, "\n".join(failures)


def test_the_refusal_names_the_field(client, cast):  # noqa: F811
    with translation.override("sv"):
        response = Client().get("/api/v1/results", {"q": NUL})
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["loc"] == ["query", "q"]
        assert "”q”" in error["msg"] and "U+0000" in error["msg"]
        api = ApiClient(client, cast["people"]["skane"])
        response = api.post(
            "/api/v1/provrum",
            {"organisation": "region-skane", "title": "Ett förslag", "summary": "ok\x00"},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "summary"]
        response = api.put("/api/v1/format-rules", {"min_organisations": "\x1b"})
        assert response.status_code == 422
        assert "U+001B" in response.json()["detail"]
    # Tab, line feeds and every letter pass.
    response = Client().get("/api/v1/results", {"q": "region\tå\r\nö 😀"})
    assert response.status_code == 200


def test_huge_offsets_and_ids_are_not_500(client):
    anonymous = Client()
    for params in ({"offset": HUGE}, {"offset": str(2**63 - 5)}, {"limit": HUGE}):
        response = anonymous.get("/api/v1/results", params)
        assert response.status_code == 422, params
    assert anonymous.get(f"/api/v1/results/{HUGE}").status_code == 404
    assert anonymous.get(f"/api/v1/results/{2**63}").status_code == 404


# Pages --------------------------------------------------------------------------------


def id_patterns(resolver=None, prefix=""):
    """(route, names of id parameters, other parameters) of every page with an id."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "api" in (entry.namespace or ""):
                continue
            yield from id_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            converters = getattr(entry.pattern, "converters", {})
            if isinstance(resolver.pattern, object):
                converters = {**getattr(resolver.pattern, "converters", {}), **converters}
            ids = [n for n, c in converters.items() if isinstance(c, IntConverter | IdConverter)]
            if ids:
                yield route, ids


def fill(route, ids, value):
    def replace(match):
        converter, name = match.group(1), match.group(2)
        return value if name in ids else "region-skane" if converter == "slug" else "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route.lstrip("^").rstrip("$"))


def test_every_page_with_an_id_is_404_for_a_huge_one(client, cast, superuser):  # noqa: F811
    routes = list(id_patterns())
    assert len(routes) > 30
    failures = []
    for person in (None, cast["office"], cast["people"]["skane"]):
        browser = Client()
        if person is not None:
            browser.force_login(person)
        for route, ids in routes:
            url = fill(route, ids, HUGE)
            for method in ("get", "post"):
                response = getattr(browser, method)(url)
                if response.status_code >= 500 or response.status_code == 200:
                    failures.append(f"{method.upper()} {url} as {person}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_results_page_with_a_huge_id_is_404():
    assert Client().get(f"/resultat/{HUGE}/").status_code == 404
    assert Client().get(f"/resultat/{2**63}/").status_code == 404
    assert Client().get("/resultat/0/").status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/resultat/", {"q": NUL}),
        ("/resultat/", {"sida": NUL}),
        ("/organisationer/", {"q": "a\x00"}),
        ("/provrum/", {"q": NUL}),
        ("/provrum/liknande/", {"title": NUL}),
        ("/resultat/", {"q\x00": "x"}),
    ],
)
def test_page_queries_with_nul_are_400_naming_the_field(client, cast, url, data):  # noqa: F811
    client.force_login(cast["people"]["skane"])
    with translation.override("sv"):
        response = client.get(url, data, headers={"Accept-Language": "sv"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "inte är tillåtet" in page and "U+0000" in page


def test_posted_forms_with_nul_are_400_and_change_nothing(client, cast, planned):  # noqa: F811
    from reglab.provrum.models import Comment

    client.force_login(cast["people"]["skane"])
    before = Comment.objects.count()
    response = client.post(f"/provrum/{planned.pk}/kommentarer/", {"body": "Hej\x00då"})
    assert response.status_code == 400
    assert Comment.objects.count() == before
    response = client.post("/konto/profil/", {"profile-name": "A\x00", "save_profile": "1"})
    assert response.status_code == 400
    cast["people"]["skane"].refresh_from_db()
    assert "\x00" not in cast["people"]["skane"].name


def test_an_unexpected_api_error_is_json_with_a_reference(client, cast, monkeypatch):  # noqa: F811
    from reglab.results import api as results_api

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(results_api, "result_list", broken)
    browser = Client(raise_request_exception=False)
    with translation.override("sv"):
        response = browser.get("/api/v1/results")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error"
    assert body["reference"] and body["reference"] in body["detail"]
    assert "boom" not in response.content.decode()
    assert "Något gick fel" in body["detail"]


def test_bypass_variants_are_refused_too(client, cast, planned):  # noqa: F811
    api = ApiClient(client, cast["people"]["skane"])
    url = f"/api/v1/provrum/{planned.pk}/comments"
    body = json.dumps({"body": "hej\u0000"})
    # ninja reads the body as JSON whatever the Content-Type says.
    for content_type in ("text/plain", "application/json; charset=utf-8", "application/x-json"):
        response = client.post(url, body, content_type=content_type, headers=api.headers)
        assert response.status_code == 422, content_type
    # A lone surrogate, escaped in JSON.
    response = client.post(
        url, '{"body": "x\\ud800"}', content_type="application/json", headers=api.headers
    )
    assert response.status_code == 422
    # Deeply nested free-form data.
    deep = {"x": "y"}
    for _ in range(200):
        deep = {"x": deep}
    response = api.put(f"/api/v1/provrum/{planned.pk}/plan", {"version": 1, "data": deep})
    assert response.status_code == 422
    # Numbers written with thousands of digits, or with other digits than 0–9.
    anonymous = Client()
    assert anonymous.get("/api/v1/results", {"offset": "9" * 5000}).status_code == 422
    assert anonymous.get("/api/v1/results/²").status_code in (404, 422)
    assert anonymous.get("/api/v1/results/%D9%A1").status_code in (200, 404, 422)
    assert anonymous.get("/resultat/²/").status_code == 404


# Bodies nested deeper than the parser can follow (issue 10, second round) ---------

# 5 000 opening brackets made json.loads raise RecursionError before any error
# handling: an HTML 500 for anyone, signed in or not.
DEEP_BODIES = {
    "5000 [": "[" * 5000,
    "100000 [": "[" * 100_000,
    "100000 {": '{"a":' * 100_000,
    "closed": "[" * 5000 + "]" * 5000,
    "in a field": '{"body": ' + "[" * 5000 + "1" + "]" * 5000 + "}",
    "utf-16": ("[" * 5000).encode("utf-16"),
    "brackets in strings then deep": '["[[[[", "\\"[[", ' + "[" * 5000,
}


@pytest.mark.parametrize("role", ["anonymous", "member"])
@pytest.mark.parametrize("what", DEEP_BODIES)
def test_deeply_nested_bodies_are_refused_in_swedish_not_500(client, cast, planned, role, what):  # noqa: F811
    api = ApiClient(client, cast["people"]["skane"] if role == "member" else None)
    client.raise_request_exception = False
    body = DEEP_BODIES[what]
    targets = [
        ("post", "/api/v1/provrum"),
        ("post", f"/api/v1/provrum/{planned.pk}/comments"),
        ("put", f"/api/v1/provrum/{planned.pk}/plan"),
        ("put", "/api/v1/format-rules"),
        ("post", "/api/v1/no-such-operation"),
    ]
    with translation.override("sv"):
        for verb, url in targets:
            for content_type in ("application/json", "text/plain", "application/octet-stream"):
                response = getattr(client, verb)(
                    url, body, content_type=content_type, headers=api.headers
                )
                label = f"{verb} {url} {content_type}: {response.status_code}"
                assert response.status_code < 500, label
                if response.status_code == 404:
                    continue
                assert response["Content-Type"].startswith("application/json"), label
                assert response.status_code == 422, label
                [error] = response.json()["errors"]
                assert error["type"] == "too_deep", label
                assert response.json()["detail"] == "Begäran är för djupt nästlad.", label


def test_deep_brackets_in_form_values_are_plain_text(client, cast, planned):  # noqa: F811
    """Forms are parsed by Django, flat: brackets in a value or a name are text.

    A form sent to an operation that reads JSON was a 500 too (the guard had
    read the form, so ninja could not read the body): now the JSON refusal.
    """
    api = ApiClient(client, cast["people"]["skane"])
    client.raise_request_exception = False
    url = f"/api/v1/provrum/{planned.pk}/comments"
    for data in ({"body": "[" * 100_000}, {"[" * 5000: "x"}, {"body": "hej"}):
        multipart = client.post(url, data, headers=api.headers)
        urlencoded = client.post(
            url,
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            headers=api.headers,
        )
        for response in (multipart, urlencoded):
            assert response.status_code == 422, response.content[:200]
            assert response.json()["errors"][0]["type"] == "json_invalid"
        response = Client(raise_request_exception=False).post("/provrum/", data)
        assert response.status_code < 500


def test_ordinary_nesting_still_passes_the_scan():
    from reglab.api.input_guard import MAX_DEPTH, nested_too_deeply

    assert not nested_too_deeply(json.dumps({"a": [[{"b": "[[[[{{{{"}]]}).encode())
    assert not nested_too_deeply(("[" * MAX_DEPTH + "]" * MAX_DEPTH).encode())
    assert nested_too_deeply(("[" * (MAX_DEPTH + 1)).encode())
    assert not nested_too_deeply(b'"\\\\"' + b"[]" * 10_000)
