"""Property tests (hypothesis): the rules, money and dates, and the cleaning of forms.

The number of examples is a settings profile chosen by ``HYPOTHESIS_PROFILE``:

- ``default`` (``make test``): 30 examples a test, so the folder runs in well under a minute;
- ``thorough`` (``make properties``): 1,000 examples a test, the test plan's pass figure.

Every refusal must come with a code (a reason code, or the field it belongs to) and a
Swedish message: ``assert_swedish`` accepts a text only when it is one of the Swedish
catalogue's sentences, its placeholders filled in.
"""

import os
import re
from functools import cache

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from hypothesis import HealthCheck, settings

# Database fixtures are function scoped; the cleaning under test writes nothing, so one
# fixture serves every example of a test.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": False,
    "print_blob": True,
}
settings.register_profile("default", max_examples=30, **_COMMON)
settings.register_profile("thorough", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

THOROUGH = settings().max_examples >= 1000
# The stale-edit walk: interleavings of two editors (the test plan asks 100).
INTERLEAVINGS = 100 if THOROUGH else 20


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@cache
def _swedish_sentences() -> re.Pattern:
    """One pattern matching any Swedish sentence of the catalogue, placeholders filled in."""
    catalog = trans_real.translation("sv")._catalog
    patterns = set()
    for msgid, msgstr in catalog.items():
        if not msgid or not msgstr or msgid == msgstr:
            continue
        literal = re.escape(msgstr.replace("%%", "%"))
        # re.escape turns "%(max)s" into "%\(max\)s".
        literal = re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", ".*?", literal)
        patterns.add(literal)
    return re.compile("(?:" + "|".join(sorted(patterns)) + ")", re.DOTALL)


def is_swedish(message) -> bool:
    text = str(message)
    return bool(text.strip()) and _swedish_sentences().fullmatch(text) is not None


def assert_swedish(message, *, code=None) -> None:
    """``message`` is a sentence of the Swedish catalogue (and ``code`` names the refusal)."""
    if code is not None:
        assert isinstance(code, str) and code, f"refusal without a code: {message!r}"
    assert is_swedish(message), f"not a Swedish catalogue sentence ({code}): {message!r}"


def assert_field_errors(errors: dict) -> None:
    """Each field's messages: a field path as the code, each message Swedish."""
    assert isinstance(errors, dict)
    for path, messages in errors.items():
        assert messages, f"{path}: a refusal without a message"
        for message in messages:
            assert_swedish(message, code=path)
