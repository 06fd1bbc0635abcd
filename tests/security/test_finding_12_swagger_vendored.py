"""Finding 12 (issue 10), last part: ``/api/v1/docs`` loaded Swagger UI from a CDN.

The site's CSP allows scripts and styles only from the site itself, so the page
stayed blank. Swagger UI is now served from the site (django-ninja ships it as
static files, used once ``ninja`` is an installed app), and its start script is a
file too, so the page runs under the CSP as it is.

Proven here: the page references only same-origin assets, every one of them is
served, no inline script runs without the nonce, and in Chromium the operation
list is rendered with no console error (a CSP violation is one).
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

DOCS = "/api/v1/docs"


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[dict] = []
        self._script: dict | None = None
        self.inline: list[tuple[dict, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._script = attrs
        if tag == "link":
            self.links.append(attrs)

    def handle_data(self, data):
        if self._script is not None and "src" not in self._script and data.strip():
            self.inline.append((self._script, data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def docs_assets(client) -> Assets:
    response = client.get(DOCS)
    assert response.status_code == 200
    parser = Assets()
    parser.feed(response.content.decode())
    return parser


def test_the_docs_page_uses_only_same_origin_assets(client, db):
    assets = docs_assets(client)
    sources = [script["src"] for script in assets.scripts if "src" in script]
    sheets = [link["href"] for link in assets.links if link.get("rel") == "stylesheet"]
    assert any("swagger-ui-bundle" in src for src in sources)
    assert any("swagger-ui" in href for href in sheets)
    for url in sources + sheets + [link["href"] for link in assets.links if "href" in link]:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert url.startswith("/static/"), url


def test_every_asset_of_the_docs_page_is_served(client, db):
    assets = docs_assets(client)
    urls = [script["src"] for script in assets.scripts if "src" in script]
    urls += [link["href"] for link in assets.links if "href" in link]
    assert len(urls) >= 3
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, url


def test_no_inline_script_would_run_under_the_csp(client, db):
    """Only data blocks (JSON) may be inline; they are never executed."""
    assets = docs_assets(client)
    for attrs, _text in assets.inline:
        assert attrs.get("type") == "application/json", attrs


def test_the_schema_the_page_loads_is_served(client, db):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Reglab API"


# In a real browser -------------------------------------------------------------

from tests.browser.conftest import (  # noqa: E402,F401  (fixtures for Chromium)
    _close_connections_opened_beside_playwright,
    base_url,
    browser_context_args,
    browser_type_launch_args,
)


@pytest.mark.browser
def test_swagger_ui_renders_under_the_csp_in_chromium(page, live_server):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    response = page.goto(live_server.url + DOCS)
    assert response.status == 200
    assert "script-src" in response.headers.get("content-security-policy", "")
    page.locator(".swagger-ui .info .title").wait_for(state="visible", timeout=60_000)
    assert "Reglab API" in page.locator(".swagger-ui .info .title").inner_text()
    operations = page.locator(".swagger-ui .opblock")
    operations.first.wait_for(state="visible", timeout=60_000)
    assert operations.count() > 5
    assert errors == []
    # Nothing was fetched from anywhere but the site.
    assert [url for url in requests if not url.startswith(live_server.url)] == []
