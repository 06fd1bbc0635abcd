"""A plain test whose argument is named like a Playwright fixture is refused at collection."""

from types import SimpleNamespace

import pytest

from tests.conftest import unmarked_playwright_tests


class Item(SimpleNamespace):
    def get_closest_marker(self, name):
        return self.markers.get(name)


def item(nodeid, params=None, markers=()):
    callspec = SimpleNamespace(params=params) if params is not None else None
    item = Item(nodeid=nodeid, markers={name: pytest.mark.browser for name in markers})
    if callspec is not None:
        item.callspec = callspec
    return item


def test_a_chromium_id_without_the_browser_marker_is_named():
    items = [
        item("tests/a.py::test_plain"),
        item("tests/a.py::test_named_page[chromium]", params={"browser_name": "chromium"}),
        item(
            "tests/b.py::test_real[chromium]",
            params={"browser_name": "chromium"},
            markers=["browser"],
        ),
        item("tests/c.py::test_other[host]", params={"screen": "host"}),
    ]
    assert unmarked_playwright_tests(items) == ["tests/a.py::test_named_page[chromium]"]


def test_this_session_collected_no_such_test(request):
    assert unmarked_playwright_tests(request.session.items) == []
