"""
Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

`playwright install` cannot download its own browser here, so the system
Chromium is used. The context asks for Swedish, as a Swedish visitor would.
"""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url():
    """Pages are addressed through live_server.url; no --base-url is used.

    Also replaces pytest-playwright's own fallback fixture, a method on a plugin
    class that pytest 9 warns about (PytestRemovedIn10Warning).
    """
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE"}


@pytest.fixture(autouse=True)
def _browser_only(request):
    if request.node.get_closest_marker("browser") is None:
        raise pytest.UsageError("Tests in tests/browser must be marked @pytest.mark.browser")


@pytest.fixture
def page(page):
    """Playwright's page, failing the test on any console error (CSP violations included)."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    yield page
    assert not errors, errors


@pytest.fixture(scope="session", autouse=True)
def _close_connections_opened_beside_playwright(playwright):
    """
    Close the database connection the browser tests used, before Playwright stops.

    Playwright's sync API keeps an asyncio loop running in the main thread, and
    while one runs Django keeps its connections per async context rather than
    per thread: the browser tests get a second connection beside the one the
    other tests use. Left open, it stops PostgreSQL from dropping the test database.
    """
    yield
    from django.db import connections

    connections.close_all()
