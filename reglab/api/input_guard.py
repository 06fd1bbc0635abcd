"""Refuses API input that the platform cannot store, before any operation runs.

Registered on the whole API (``api.add_decorator(…, mode="view")``), so every
operation, today's and tomorrow's, is covered without each schema having to
remember it: every path parameter, query and form value, and every string
(names included) and number in a JSON body. A refusal is a 422 in the API's
usual shape, naming the field, in Swedish:

- text with a character from ``reglab.core.text.unsafe_character`` (NUL made
  PostgreSQL fail with a 500; control characters break the exports);
- a whole number beyond a signed 64-bit column (``offset=10**30`` or an id with 25
  digits made SQLite raise OverflowError). An id in the path beyond it is a 404,
  as a missing id is;
- a JSON body nested deeper than ``MAX_DEPTH``. The depth is counted by scanning
  the text, before ``json.loads`` (here and in ninja) would recurse into it:
  5 000 opening brackets made it raise RecursionError, a 500 for anyone.
"""

import json
import re
from functools import wraps

from django.core.exceptions import SuspiciousOperation
from django.http import RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from reglab.core.text import MAX_DB_INTEGER, code_point, unsafe_character

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
MAX_DEPTH = 64
# A query or form value that is a number with more than 18 digits: refused whether
# or not it fits a 64-bit column, so that the rule can be written in the OpenAPI
# schema as a pattern (reglab.api.openapi.SAFE_QUERY_TEXT).
LONG_NUMBER = re.compile(r"[ \t\n\r]*[+-]?[0-9]{19,}[ \t\n\r]*")
# A JSON string, escapes included, and also one left open at the end: the
# possessive quantifiers keep the scan linear whatever the body holds.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


def _text_error(loc: list, character: str) -> dict:
    name = ".".join(str(part) for part in loc[1:]) or loc[0]
    if unsafe_character(name):
        name = "?"
    message = _(
        "The field “%(field)s” contains a character that is not allowed (%(character)s). "
        "Remove it and try again."
    ) % {"field": name[:100], "character": code_point(character)}
    return {"loc": loc, "msg": message, "type": "unsafe_character"}


def _number_error(loc: list) -> dict:
    name = ".".join(str(part) for part in loc[1:]) or loc[0]
    message = _("The field “%(field)s” holds a number that is too large.") % {"field": name[:100]}
    return {"loc": loc, "msg": message, "type": "number_too_large"}


def _walk(value, loc: list, errors: list, depth: int = 0) -> None:
    """Collect an error for each bad string (key or value) and number, however deep."""
    if len(errors) >= 20:
        return
    if depth > MAX_DEPTH:
        # Deeper than any schema goes; refused rather than left unchecked.
        errors.append(_too_deep_error(loc[:3]))
        return
    if isinstance(value, str):
        if character := unsafe_character(value):
            errors.append(_text_error(loc, character))
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if abs(value) > MAX_DB_INTEGER:
            errors.append(_number_error(loc))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (character := unsafe_character(key)):
                errors.append(_text_error([*loc, "?"], character))
            _walk(item, [*loc, key], errors, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, [*loc, index], errors, depth + 1)


def _querydict_errors(data, where: str) -> list:
    errors = []
    for name, values in data.lists():
        if character := unsafe_character(name):
            errors.append(_text_error([where, "?"], character))
        for value in values:
            _walk(value, [where, name], errors)
            if isinstance(value, str) and (
                LONG_NUMBER.fullmatch(value) or _is_out_of_range(value.strip().lstrip("+-"))
            ):
                errors.append(_number_error([where, name]))
    return errors


def nested_too_deeply(body: bytes) -> bool:
    """Whether the JSON text ``body`` opens more than ``MAX_DEPTH`` arrays or objects.

    Counts without recursion and without parsing: strings are cut out, then the
    brackets left are followed. Text that is not JSON may count wrong, which
    only matters for a body the parser refuses anyway.
    """
    try:
        # The same decoding as json.loads, which also takes UTF-16 and UTF-32.
        text = body.decode(json.detect_encoding(body), "surrogatepass")
    except UnicodeDecodeError:
        return False
    depth = 0
    for bracket in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _too_deep_error(loc: list) -> dict:
    return {"loc": loc, "msg": _("The request is nested too deeply."), "type": "too_deep"}


def _body_errors(request) -> list:
    # ninja parses the body as JSON whatever the Content-Type says, so every
    # body that is not a form is read as JSON here too.
    if not request.body:
        return []
    if nested_too_deeply(request.body):
        return [_too_deep_error(["body"])]
    try:
        data = json.loads(request.body)
    except RecursionError:
        return [_too_deep_error(["body"])]
    except ValueError:
        return []  # ninja answers a body that is not JSON with its own 422
    errors = []
    _walk(data, ["body"], errors)
    return errors


def _is_out_of_range(text: str) -> bool:
    """Whether ``text`` is ASCII digits for a number beyond a 64-bit column.

    The length is checked before ``int``, which refuses very long digit strings.
    """
    if not (text.isascii() and text.isdigit()):
        return False
    return len(text) > 19 or int(text) > MAX_DB_INTEGER


def _path_is_out_of_range(kwargs: dict) -> bool:
    return any(_is_out_of_range(str(value).strip().lstrip("+-")) for value in kwargs.values())


def guard_input(api):
    """The view-mode decorator for ``api``: runs before authentication and parsing."""

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            errors = []
            for name, value in kwargs.items():
                _walk(str(value), ["path", name], errors)
            if not errors and _path_is_out_of_range(kwargs):
                return api.create_response(
                    request, {"detail": _("Not found."), "code": "not_found"}, status=404
                )
            errors += _querydict_errors(request.GET, "query")
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                try:
                    if request.content_type in FORM_TYPES:
                        errors += _querydict_errors(request.POST, "form")
                    else:
                        errors += _body_errors(request)
                except (SuspiciousOperation, MultiPartParserError, RawPostDataException):
                    # Too large or malformed: ninja meets the same error and answers
                    # it with the API's own handlers (413, 422).
                    pass
            if errors:
                detail = errors[0]["msg"] if len(errors) == 1 else _("The request is not valid.")
                return api.create_response(
                    request, {"detail": detail, "code": "invalid", "errors": errors}, status=422
                )
            return run(request, *args, **kwargs)

        return checked

    return decorator
