"""reglab.core.text: what counts as text that shows something."""

import pytest

from reglab.core.text import has_visible_text


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\u00a0", "\u200b", "\u200b\u200c\u200d", "\ufeff", "\u202e\u2066", "\u0301\u0308"],
)
def test_nothing_visible(text):
    assert not has_visible_text(text)


@pytest.mark.parametrize("text", ["a", " å ", "\u200bHej", "e\u0301", "👍", "1", "—"])
def test_something_visible(text):
    assert has_visible_text(text)
