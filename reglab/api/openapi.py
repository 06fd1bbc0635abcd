"""The OpenAPI schema says what the API really accepts and answers.

ninja describes each operation from its schemas; two things every operation
shares are added here, once, so that a client generated from the schema (or
Schemathesis, ``tests/api/test_schemathesis.py``) sees the API as it behaves:

- what ``reglab.api.input_guard`` refuses before any operation runs: text with a
  character from ``reglab.core.text.unsafe_character`` (also in a property's
  name) and whole numbers beyond a signed 64-bit column – written as a
  ``pattern``, ``propertyNames`` and ``minimum``/``maximum`` on every input;
- the ``Idempotency-Key`` header every POST takes (``reglab.api.idempotency``);
- the error answers any operation can give (signed out, not allowed, not found,
  refused by a rule, too large, not valid, too many requests), all in one shape
  with ``detail`` and ``code`` (``Error``), besides those an operation declares;
- OpenAPI ``links``: where an answer gives the id that another operation takes in
  its path (a list's first item, a new object), so a client – and Schemathesis'
  stateful phase – can follow it. Links are only added to answers, nothing else
  changes.
"""

import re

from ninja import NinjaAPI

from reglab.core.text import MAX_DB_INTEGER

# reglab.api.idempotency's header, on every POST (idempotency imports models: not here).
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Optional. The same key from the same sender with the same request returns the first "
        "answer again (`Idempotent-Replayed: true`) and writes once; with another request it "
        "is 422 `idempotency_key_reused`. Kept 24 hours; a refusal is not kept."
    ),
    "schema": {"type": "string", "pattern": "^[!-~]{1,255}$", "minLength": 1, "maxLength": 255},
}

# The complement of reglab.core.text._UNSAFE_CHARACTER, as an ECMA-262 pattern
# (lone surrogates cannot occur in a JSON string that decodes).
SAFE_TEXT = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$"

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "An error: `detail` for people (in the request's language), `code` for "
    "programs.",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "object"}},
        "errors": {"type": "array", "items": {"type": "object"}},
        "fields": {"type": "object"},
        "reference": {"type": "string"},
    },
}

COMMON_ERRORS = {
    "401": "Not signed in, or no valid API token (`not_authenticated`).",
    "403": "Signed in, but not allowed (`not_allowed`, `second_factor_required`).",
    "404": "Not found, or not visible to you (`not_found`).",
    "409": "Refused by the format's rules or by the object's state; `reasons` says why.",
    "413": "The request is too large (`too_large`).",
    "422": "The request is not valid; `errors` names each field (`invalid`).",
    "429": "Too many requests; the `Retry-After` header says when to try again.",
}


# A query or form value of digits only is read as a number by the input guard:
# more than 18 digits is refused (reglab.api.input_guard.LONG_NUMBER).
SAFE_QUERY_TEXT = "^(?![ \\t\\n\\r]*[+-]?[0-9]{19,}[ \\t\\n\\r]*$)" + SAFE_TEXT[1:]


LARGEST_TEXT_NUMBER = 10**18 - 1
LOCAL_TIME = "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?$"
# A schema node with none of these says nothing: any JSON value.
ANY_JSON_KEYS = {
    "type",
    "$ref",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "enum",
    "const",
    "properties",
    "items",
}


def _safe_values() -> dict:
    """Components for a property the schema does not name: any JSON the guard lets through.

    ninja ignores unknown properties, but the guard reads them: their text, names
    and whole numbers obey the same limits, at most three levels deep here.
    """
    scalars = [
        {"type": "string", "pattern": SAFE_TEXT},
        {"type": "integer", "minimum": -MAX_DB_INTEGER, "maximum": MAX_DB_INTEGER},
        {"type": "number", "minimum": -MAX_DB_INTEGER, "maximum": MAX_DB_INTEGER},
        {"type": "boolean"},
        {"type": "null"},
    ]
    levels = {"SafeValue0": {"anyOf": scalars}}
    for level in (1, 2):
        below = {"$ref": f"#/components/schemas/SafeValue{level - 1}"}
        levels[f"SafeValue{level}"] = {
            "anyOf": [
                *scalars,
                {"type": "array", "items": below},
                {
                    "type": "object",
                    "propertyNames": {"pattern": SAFE_TEXT},
                    "additionalProperties": below,
                },
            ]
        }
    return levels


def _constrain(node, components: dict, seen: set) -> None:
    """Add the input guard's limits to a JSON schema node and everything below it."""
    if isinstance(node, list):
        for item in node:
            _constrain(item, components, seen)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[-1]
        if name not in seen and name in components:
            seen.add(name)
            _constrain(components[name], components, seen)
        return
    if not (ANY_JSON_KEYS & node.keys()):
        node["$ref"] = "#/components/schemas/SafeValue2"
        return
    kind = node.get("type")
    if kind == "string" and not ({"enum", "const", "format", "pattern"} & node.keys()):
        node["pattern"] = SAFE_TEXT
    elif kind == "integer":
        node.setdefault("maximum", MAX_DB_INTEGER)
        node.setdefault("minimum", -MAX_DB_INTEGER)
    elif kind == "number":
        node.setdefault("maximum", MAX_DB_INTEGER)
        node.setdefault("minimum", -MAX_DB_INTEGER)
    elif kind == "object" or "properties" in node:
        node.setdefault("propertyNames", {"pattern": SAFE_TEXT})
        if node.get("additionalProperties", True) is True:
            node["additionalProperties"] = {"$ref": "#/components/schemas/SafeValue2"}
    for key in ("properties", "patternProperties", "$defs", "definitions"):
        for child in (node.get(key) or {}).values():
            _constrain(child, components, seen)
    for key in ("items", "additionalProperties", "not", "anyOf", "oneOf", "allOf", "prefixItems"):
        if key in node:
            _constrain(node[key], components, seen)


def _digits_are_numbers(node) -> None:
    """A query or form value may not be a number with more than 18 digits, as text or
    as a whole number."""
    if not isinstance(node, dict):
        return
    if node.get("pattern") == SAFE_TEXT:
        node["pattern"] = SAFE_QUERY_TEXT
    if node.get("type") == "integer":
        node["maximum"] = min(node.get("maximum", LARGEST_TEXT_NUMBER), LARGEST_TEXT_NUMBER)
        node["minimum"] = max(node.get("minimum", -LARGEST_TEXT_NUMBER), -LARGEST_TEXT_NUMBER)
    for option in node.get("anyOf", []):
        _digits_are_numbers(option)


def _local_times(node) -> None:
    """pydantic's time is a local time ("10:00:00"); JSON Schema's "time" needs an offset."""
    if isinstance(node, list):
        for item in node:
            _local_times(item)
    elif isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = LOCAL_TIME
        for value in node.values():
            _local_times(value)


def _constrain_form(form: dict, components: dict, seen: set) -> None:
    """A form's fields are text (or files): the guard reads each as a query value."""
    ref = form.get("$ref", "")
    if ref:
        form = components.get(ref.rsplit("/", 1)[-1], {})
    for field in (form.get("properties") or {}).values():
        # A form cannot send null: an optional field is left out instead.
        options = field.get("anyOf") or []
        if any(option.get("type") == "null" for option in options):
            rest = [option for option in options if option.get("type") != "null"]
            del field["anyOf"]
            field.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
        if field.get("format") == "binary":
            field.setdefault("minLength", 1)  # an empty file is not sent as a file at all
        _constrain(field, components, seen)
        _digits_are_numbers(field)
    form.setdefault("propertyNames", {"pattern": SAFE_TEXT})
    if form.get("additionalProperties", True) is True:
        form["additionalProperties"] = {"type": "string", "pattern": SAFE_QUERY_TEXT}


PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
# The live dialog's join code is not an id: the room's operations take the code a
# meeting's join-code operation answers with.
CODE_LINKS = {("/api/v1/meetings/{id}/join-code", "get", 200): ("/api/v1/live/{code}", "code")}


def _id_pointer(operation: dict, status: int, components: dict) -> str | None:
    """Where the answer's (first) id is: a new object's ``id``, a list's or a page's first."""
    response = operation.get("responses", {}).get(status) or {}
    schema = (response.get("content") or {}).get("application/json", {}).get("schema") or {}

    def resolved(node):
        ref = node.get("$ref", "")
        return components.get(ref.rsplit("/", 1)[-1], {}) if ref else node

    schema = resolved(schema)
    if schema.get("type") == "array":
        pointer, item = "/0", resolved(schema.get("items") or {})
    elif "items" in (schema.get("properties") or {}):
        pointer, item = "/items/0", resolved(schema["properties"]["items"].get("items") or {})
    else:
        pointer, item = "", schema
    if "id" not in (item.get("properties") or {}):
        return None
    return f"$response.body#{pointer}/id"


def _links(schema: dict) -> None:
    """An operation's answer links to the operations one path segment ({id}) below it."""
    paths = schema.get("paths", {})
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in paths.items():
        parameters = PATH_PARAMETER.findall(path)
        for method, status in (("get", 200), ("post", 201)):
            source = operations.get(method)
            pointer = source and _id_pointer(source, status, components)
            if not pointer:
                continue
            links = {}
            for target_path, targets in paths.items():
                if not target_path.startswith(path + "/{"):
                    continue
                target_parameters = PATH_PARAMETER.findall(target_path)
                new = [name for name in target_parameters if name not in parameters]
                if len(new) != 1 or target_parameters[: len(parameters)] != parameters:
                    continue
                for target in targets.values():
                    values = {name: f"$request.path.{name}" for name in parameters}
                    values[new[0]] = pointer
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": values,
                    }
            if links:
                source["responses"][status].setdefault("links", {}).update(links)
    for (path, method, status), (target_path, name) in CODE_LINKS.items():
        source = paths.get(path, {}).get(method)
        if source is None:
            continue
        for other_path, targets in paths.items():
            below = other_path.startswith(target_path)
            if not below or PATH_PARAMETER.findall(other_path) != [name]:
                continue
            for target in targets.values():
                source["responses"][status].setdefault("links", {})[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": {name: f"$response.body#/{name}"},
                }


def describe_shared_behaviour(schema: dict) -> dict:
    """Write the input guard and the common errors into ``schema`` (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    inputs_seen: set[str] = set()
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if method == "post":
                operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_PARAMETER))
            for parameter in operation.get("parameters", []):
                _constrain(parameter.get("schema"), components, inputs_seen)
                if parameter.get("in") == "query":
                    _digits_are_numbers(parameter.get("schema"))
            for content_type, media in (
                (operation.get("requestBody") or {}).get("content", {}).items()
            ):
                if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
                    _constrain_form(media.get("schema") or {}, components, inputs_seen)
                else:
                    _constrain(media.get("schema"), components, inputs_seen)
            responses = operation["responses"]
            # ninja's keys are numbers: the same status as text would be a second key.
            declared = {int(status) for status in responses}
            for status, description in COMMON_ERRORS.items():
                if int(status) in declared:
                    continue
                responses.setdefault(
                    int(status),
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    _local_times(schema)
    _links(schema)
    components.setdefault("Error", ERROR_SCHEMA)
    for name, value in _safe_values().items():
        components.setdefault(name, value)
    return schema


ERROR_CODES = {
    401: "not_authenticated",
    403: "not_allowed",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
}


def with_error_code(data, status: int):
    """An error answer always carries ``code``: its first reason's, or the status's."""
    if status < 400 or not isinstance(data, dict) or "code" in data:
        return data
    reasons = data.get("reasons") or []
    first = reasons[0] if reasons and isinstance(reasons[0], dict) else {}
    return {**data, "code": first.get("code") or ERROR_CODES.get(status, f"http_{status}")}


class ReglabAPI(NinjaAPI):
    """NinjaAPI whose schema also describes the input guard and the common errors,
    and whose every error answer has the ``Error`` shape."""

    # The stage packages moved these routers; their operation ids are part of the
    # published schema and keep the names of the modules they were first written in.
    OPERATION_ID_MODULES = {
        "reglab.provrum.proposal.api": "reglab.provrum.api",
        "reglab.provrum.format_rules.api": "reglab.provrum.api",
        "reglab.provrum.running.api": "reglab.provrum.work_api",
        "reglab.provrum.closing.api": "reglab.provrum.close_api",
        "reglab.provrum.report.api": "reglab.provrum.report_api",
    }

    def get_openapi_schema(self, *args, **kwargs):
        return describe_shared_behaviour(super().get_openapi_schema(*args, **kwargs))

    def get_openapi_operation_id(self, operation) -> str:
        module = operation.view_func.__module__
        published = self.OPERATION_ID_MODULES.get(module)
        if published is None:
            return super().get_openapi_operation_id(operation)
        return (published + "_" + operation.view_func.__name__).replace(".", "_")

    def create_response(self, request, data, *, status=None, temporal_response=None):
        code = temporal_response.status_code if temporal_response else status
        return super().create_response(
            request,
            with_error_code(data, code),
            status=status,
            temporal_response=temporal_response,
        )
