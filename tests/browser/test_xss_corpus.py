"""The attack corpus in Chromium (issue 17, part 3): 0 executions, 0 injected elements.

The demo data gets the payloads of tests/security/xss_payloads.py in every free-text
field and file name (tests/browser/xss_world.py). Then, in one browser session per role
(signed out, a member's and a partner's representative, the office), every page that
shows them is visited (provrum, board, plan, report, running work, history, results,
meetings, programme, host pages, the live host page, its results and word cloud, the
presenter screen, surveys, notifications, the start pages and the office's queues and
admin) and every feed and export that carries them is fetched.

A page passes when, after it has loaded (htmx has then processed it and sent what a
``hx-trigger=load`` would send): ``window.__xss`` was never called, no dialog opened,
nothing asked for a ``/xss-hit/`` URL (so no htmx attribute fired and no injected
image, style or frame loaded), no element carries ``data-xss``, an ``x-xss`` tag, an
event handler, htmx attribute or ``javascript:`` URL with a marker, and no template
evaluated ``{{7*7777}}``. The page fixture's rule holds too: no console error (a CSP
report of a blocked inline script is one).
"""

import csv
import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from lxml import etree
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.xss_world import DEMO_PASSWORD, build_world
from tests.security.xss_payloads import EVALUATED, HIT, PAYLOADS

pytestmark = pytest.mark.browser

FOUND = """() => {
  const hits = [];
  const marked = (value) => /xssmk\\d\\d/.test(value || "");
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    if (tag === "x-xss") hits.push("<x-xss> element");
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name === "data-xss") hits.push(`${tag}[data-xss=${value}]`);
      else if ((name.startsWith("on") || name.includes("hx-")) && marked(value))
        hits.push(`${tag}[${name}=${value}]`);
      else if (["href", "src", "action", "formaction", "data", "background"].includes(name)
               && /^\\s*(javascript|data):/i.test(value) && marked(value))
        hits.push(`${tag}[${name}=${value}]`);
    }
  }
  if (document.body?.innerText.includes("EVALUATED")) hits.push("{{7*7777}} ran");
  return hits;
}""".replace("EVALUATED", EVALUATED)

RECORDER = "window.__xssCalls = []; window.__xss = (m) => window.__xssCalls.push(String(m));"
# Each role's visits, and those the payloads come back on (exports, feeds) as text.
ROLES = ["anonymous", "region-skane", "nordregio", "kansli"]


def test_the_attack_corpus_stays_inert_everywhere(browser, live_server, settings):
    settings.DEMO_MODE = True
    written = build_world()
    assert written >= 500, written
    visited, fetched, problems, blank = 0, 0, [], []
    for role in ROLES:
        context = browser.new_context(locale="sv-SE")
        try:
            hits = Hits(context)
            page = context.new_page()
            page.set_default_timeout(15_000)
            if role != "anonymous":
                sign_in(page, live_server, f"{role}@reglab.example")
            for path in pages_for(role):
                problems += visit(page, live_server.url + path, hits)
                visited += 1
            for path in exports_for(role):
                problems += check_export(context, live_server.url + path)
                fetched += 1
            problems += hits.errors
            blank += hits.blank
        finally:
            context.close()
    print(
        f"\nXSS corpus: {len(PAYLOADS)} payloads, {written} values, "
        f"{visited} page visits, {fetched} exports and feeds"
    )
    assert problems == [], "\n".join(map(str, problems))
    assert visited >= 50
    # Every page but the sign-in and join forms shows payloads: the corpus reached them.
    blank = [path for path in blank if resolve(path).url_name not in NO_TEXT]
    assert blank == [], blank


class Hits:
    """What a payload would leave: marker calls, dialogs, requests to the marker URL."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.blank: list[str] = []  # pages that showed no payload at all
        context.add_init_script(RECORDER)
        context.route(re.compile(re.escape(HIT)), self._hit)
        context.on("page", self._watch)

    def _hit(self, route):
        self.requests.append(route.request.url)
        route.fulfill(status=204, body="")

    def _watch(self, page):
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

        def console(message):
            # The test server is WSGI: the live pages' WebSocket handshake fails there.
            if message.type == "error" and "WebSocket" not in message.text:
                self.errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))


def visit(page, url, hits: Hits) -> list:
    """What the page showed of the payloads; [] when nothing."""
    answer = page.goto(url, wait_until="load")
    if answer is None or answer.status != 200:
        return [(url, answer and answer.status)]
    if page.url != url:
        return [(url, "redirected to", page.url)]
    if "xssmk" not in page.content():
        hits.blank.append(urlsplit(url).path)
    found = page.evaluate(FOUND)
    calls = page.evaluate("() => window.__xssCalls")
    seen = (found[:10], calls, hits.requests[:], hits.dialogs[:])
    hits.requests.clear()
    hits.dialogs.clear()
    return [] if seen == ([], [], [], []) else [(url, *seen)]


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"form[action='{reverse('account_login')}'] button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def pages_for(role: str) -> list[str]:
    from tests.browser.xss_pages import office_pages, participant_pages, public_pages

    if role == "anonymous":
        return public_pages()
    if role == "kansli":
        return office_pages()
    return participant_pages(role)


def exports_for(role: str) -> list[str]:
    from tests.browser.xss_pages import office_exports, public_exports

    return office_exports() if role == "kansli" else public_exports() if role == "anonymous" else []


# Pages that show no one's text: the signed-out start page, the forms to sign in and to join a
# live room, and the presenter screen's results while no question is open.
NO_TEXT = ("home", "account_login", "join", "screen_results")
FORMULA = re.compile(r"^[=+\-@\t\r]")


def check_export(context, url: str) -> list:
    """The export's problems: a formula a spreadsheet would run, markup left unescaped."""
    answer = context.request.get(url)
    if answer.status != 200:
        return [(url, answer.status)]
    body = answer.body()
    kind = answer.headers.get("content-type", "")
    disposition = answer.headers.get("content-disposition", "")
    if "/dokument/" in url or "/bilder/" in url:  # an uploaded file, its name a payload
        sent_safely = answer.headers.get("x-content-type-options") == "nosniff"
        problems = [] if disposition.startswith("attachment") and sent_safely else [disposition]
    elif url.endswith(".csv"):
        text = body.decode("utf-8-sig")
        delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        cells = [cell for row in rows for cell in row]
        problems = [cell for cell in cells if FORMULA.match(cell) and not _number(cell)]
    elif url.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        # The platform's own sums are formulas; none may carry a person's text.
        problems = [
            (cell.coordinate, cell.value)
            for cell in cells
            if isinstance(cell.value, str)
            and (FORMULA.match(cell.value) if cell.data_type != "f" else "xssmk" in cell.value)
        ]
    elif url.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(body)) as document:
            xml = document.read("word/document.xml")
        etree.fromstring(xml)  # well-formed: the payloads' markup stayed text
        problems = [] if b"xssmk" in xml else ["no payload in the document"]
    elif url.endswith(".ics"):
        lines = body.decode().replace("\r\n ", "").split("\r\n")
        problems = [line for line in lines if line.startswith("X-XSS")]
        if lines.count("BEGIN:VEVENT") != lines.count("END:VEVENT"):
            problems.append("a payload's line break began an event")
    elif ".txt" in url:
        problems = [] if kind.startswith("text/plain") else [kind]
    else:  # the Atom feed and HTML files: escaped (the payloads' markup does not appear)
        text = body.decode()
        problems = [payload for payload in PAYLOADS if payload.startswith("<") and payload in text]
        if "xssmk" not in text:
            problems.append("no payload in the file")
    return [(url, problems[:5])] if problems else []


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return True
