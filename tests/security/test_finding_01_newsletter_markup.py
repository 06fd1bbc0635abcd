"""Finding 1 (issue 10): stored HTML in the office's newsletter draft became markup on its page.

A published final report whose summary closed the draft's textarea put an htmx
element on the office's newsletter page; with the CSRF token in
``<body hx-headers>`` that element sent any office POST from the office's browser.

What is proven here:

- the draft's plain text is escaped where the HTML page shows it, and people's
  text is escaped in the HTML e-mail, its download and its preview (parsed with
  ``html.parser``: no element from the report exists in any of them);
- no page carries the CSRF token in ``hx-headers`` any more; the platform's own
  htmx POSTs carry it on the element itself (``data-reglab-csrf``);
- in a real Chromium, htmx elements planted in a platform page – inside the
  ``hx-disable`` container of a comment, and outside every container, with no
  marker, with a forged marker, and with ``hx-include`` of a form's token – never
  make an office POST that passes the CSRF check (the outsider's affiliation stays
  requested), while the platform's own htmx action (the office removing a comment)
  still works in the same page.
"""

import html
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.results.newsletter import newsletter_draft
from tests.factories import AffiliationFactory, RegionFactory, UserFactory
from tests.provrum import conftest as provrum_fixtures
from tests.results.conftest import bare_provrum, publish, report_data
from tests.security import hx_guard

# The provrum tests' cast (organisations, their representatives and the office), as a fixture.
cast = provrum_fixtures.cast

PAGE = reverse("results:newsletter")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def decide_url(affiliation) -> str:
    return reverse("accounts:affiliation_decide", args=[affiliation.pk])


def payload(affiliation) -> str:
    """What an attacker writes in a report: close the textarea, then an office POST on load."""
    return (
        '</textarea><div hx-post="' + decide_url(affiliation) + '" '
        'hx-vals=\'{"decision": "confirm"}\' hx-trigger="load">x</div>'
        "<script>alert(1)</script><textarea>"
    )


class Elements(HTMLParser):
    """Every start tag of a document, with its attributes, and the text of its textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.textareas: list[str] = []
        self._in_textarea = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "textarea":
            self._in_textarea = True
            self.textareas.append("")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data):
        if self._in_textarea:
            self.textareas[-1] += data


def parse(document: str) -> Elements:
    parser = Elements()
    parser.feed(document)
    parser.close()
    return parser


def injected(elements: Elements, affiliation) -> list:
    """Elements that came from the report: any hx-post to the decision, or any script
    or element carrying an htmx trigger that the platform does not render."""
    return [
        (tag, attrs)
        for tag, attrs in elements.tags
        if decide_url(affiliation) in attrs.get("hx-post", "")
        or attrs.get("hx-trigger") == "load"
        or (tag == "script" and "src" not in attrs)
    ]


@pytest.fixture
def outsider_request(db):
    """An outsider's open affiliation request: what the attacker wants the office to confirm."""
    outsider = UserFactory(email="angripare@example.se", name="Angripare")
    return AffiliationFactory(
        person=outsider,
        organisation=RegionFactory(name="Region Angripen", slug="region-angripen"),
        status=AffiliationStatus.REQUESTED,
    )


@pytest.fixture
def hostile_result(cast, outsider_request):
    """A result published in March 2026 whose title and summary carry the payload."""
    from datetime import UTC, datetime

    text = payload(outsider_request)
    provrum = bare_provrum(cast, title="Resultat " + text)
    publish(
        provrum,
        data=report_data(summary="Sammanfattning " + text),
        published_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    return provrum


def test_the_newsletter_page_shows_the_report_text_escaped(client, cast, hostile_result):
    affiliation = Affiliation.objects.get(status=AffiliationStatus.REQUESTED)
    client.force_login(cast["office"])
    response = client.get(PAGE, MARCH)
    assert response.status_code == 200
    page = response.content.decode()

    # The raw markup is gone, its escaped form is there.
    assert "</textarea><div hx-post" not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;/textarea&gt;&lt;div" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    elements = parse(page)
    assert injected(elements, affiliation) == []
    # The whole draft stays inside its textarea, as text: one textarea, holding the payload.
    [text] = elements.textareas
    assert " ".join(payload(affiliation).split()) in " ".join(text.split())
    assert [tag for tag, _ in elements.tags].count("textarea") == 1


def test_the_draft_text_is_plain_text_and_not_marked_safe(cast, hostile_result):
    """The text part is for the e-mail (unescaped), and is never a SafeString that a
    template would print as markup."""
    from datetime import date

    from django.utils.safestring import SafeData

    draft = newsletter_draft(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert "</textarea><div" in draft.text
    assert not isinstance(draft.text, SafeData)


@pytest.mark.parametrize(
    "url",
    [
        reverse("results:newsletter_html"),
        reverse("results:newsletter_preview"),
    ],
)
def test_the_html_e_mail_escapes_peoples_text(client, cast, hostile_result, url):
    affiliation = Affiliation.objects.get(status=AffiliationStatus.REQUESTED)
    client.force_login(cast["office"])
    response = client.get(url, MARCH)
    assert response.status_code == 200
    document = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    assert "<div hx-post" not in document
    assert "<script>alert(1)</script>" not in document
    assert html.escape("</textarea><div", quote=False) in document
    assert injected(parse(document), affiliation) == []


def test_the_e_mail_sent_to_oneself_escapes_peoples_text_in_its_html_part(
    client, cast, hostile_result
):
    from django.core import mail

    affiliation = Affiliation.objects.get(status=AffiliationStatus.REQUESTED)
    client.force_login(cast["office"])
    response = client.post(PAGE, MARCH)
    assert response.status_code == 302
    [message] = mail.outbox
    [(document, kind)] = message.alternatives
    assert kind == "text/html"
    assert injected(parse(document), affiliation) == []
    assert "&lt;/textarea&gt;&lt;div" in document
    # The text part is plain text: the report's words as written.
    assert "</textarea><div" in message.body


def test_no_page_puts_the_csrf_token_in_hx_headers(client, cast, hostile_result):
    client.force_login(cast["office"])
    for url in (PAGE + "?start=2026-03-01&end=2026-03-31", "/", hostile_result.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        elements = parse(response.content.decode())
        body = [attrs for tag, attrs in elements.tags if tag == "body"]
        assert body and "hx-headers" not in body[0], url
        assert all("X-CSRFToken" not in attrs.get("hx-headers", "") for _, attrs in elements.tags)


# It compares with the template context's token, which a saved page has as a placeholder.
@pytest.mark.usefixtures("no_page_cache")
def test_every_platform_htmx_post_carries_its_own_marker(client, cast, hostile_result):
    """The platform's own htmx POSTs on the provrum page are marked with the token."""
    from reglab.provrum.proposal import services

    services.comment_add(provrum=hostile_result, by=cast["people"]["skane"], body="Hej")
    client.force_login(cast["office"])
    response = client.get(hostile_result.get_absolute_url())
    elements = parse(response.content.decode())
    posts = [attrs for _, attrs in elements.tags if "hx-post" in attrs]
    assert posts, "the provrum page has htmx POSTs (comment removal for the office)"
    token = response.context["csrf_token"]
    for attrs in posts:
        assert attrs.get("data-reglab-csrf") == str(token), attrs


# Containers of people's text carry hx-disable ------------------------------------

MARK = "Xq7Markering"


def unguarded(document: str) -> list:
    return hx_guard.unguarded(document, MARK)


@pytest.fixture
def marked_texts(cast, outsider_request):
    """People's texts, each carrying MARK: a provrum, its comment, a published report,
    an outsider's request and a status update."""
    from datetime import UTC, datetime

    from reglab.accounts.models import User
    from reglab.provrum.models import StatusUpdate
    from reglab.provrum.proposal import services

    User.objects.filter(pk=cast["people"]["orebro"].pk).update(name=f"Örjan {MARK}")
    User.objects.filter(pk=outsider_request.person_id).update(name=f"Angripare {MARK}")
    Affiliation.objects.filter(pk=outsider_request.pk).update(
        role_description=f"Roll {MARK}", message=f"Meddelande {MARK}"
    )
    provrum = bare_provrum(cast, title=f"Provrum {MARK}")
    provrum.summary = f"Sammanfattning {MARK}"
    provrum.question = f"Fråga {MARK}"
    provrum.save(update_fields=["summary", "question"])
    orebro = User.objects.get(pk=cast["people"]["orebro"].pk)
    services.comment_add(provrum=provrum, by=orebro, body=f"Kommentar {MARK}")
    StatusUpdate.objects.create(
        provrum=provrum,
        author=orebro,
        organisation=cast["orgs"]["orebro"],
        progress=StatusUpdate._meta.get_field("progress").choices[0][0],
        body=f"Läget {MARK}",
    )
    publish(
        provrum,
        data=report_data(summary=f"Resultat {MARK}", lessons=f"Lärdomar {MARK}"),
        published_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    return provrum


@pytest.mark.parametrize(
    "where", ["provrum", "running", "result", "results", "board", "affiliations"]
)
def test_peoples_text_sits_in_hx_disable_containers(client, cast, marked_texts, where):
    urls = {
        "provrum": marked_texts.get_absolute_url(),
        "running": reverse("provrum:running", args=[marked_texts.pk]),
        "result": reverse("results:detail", args=[marked_texts.pk]),
        "results": reverse("results:index"),
        "board": reverse("provrum:board") + "?state=all",
        "affiliations": reverse("accounts:affiliation_queue"),
    }
    client.force_login(cast["office"])
    response = client.get(urls[where])
    assert response.status_code == 200
    assert unguarded(response.content.decode()) == []


# In a real browser: the next escaping bug cannot become an office POST ------------

from tests.browser.conftest import (  # noqa: E402,F401  (fixtures for Chromium)
    _close_connections_opened_beside_playwright,
    base_url,
    browser_context_args,
    browser_type_launch_args,
)

# Planted after load, as markup from an escaping bug would sit in the page; each is
# an htmx element that POSTs the office's decision as soon as htmx processes it.
PLANT = """
([decide, skip]) => {
  const attack = (id, extra) => {
    const element = document.createElement("div");
    element.id = id;
    element.setAttribute("hx-post", decide);
    element.setAttribute("hx-vals", '{"decision": "confirm"}');
    element.setAttribute("hx-trigger", "load");
    element.setAttribute("hx-swap", "none");
    for (const [name, value] of Object.entries(extra || {})) element.setAttribute(name, value);
    element.textContent = id;
    return element;
  };
  const main = document.querySelector("main");
  // Inside the hx-disable container of a comment's text.
  document.querySelector(".comment-text").append(attack("in-container"));
  // Outside every container: no marker, a forged marker, the token pulled in by
  // hx-include, a token header of its own, and inside a platform form (which holds
  // the real token and is itself marked).
  main.append(attack("no-marker"));
  main.append(attack("forged-marker", {"data-reglab-csrf": "forged"}));
  main.append(attack("include-token", {"hx-include": "[name=csrfmiddlewaretoken]"}));
  main.append(attack("own-header", {"hx-headers": '{"X-CSRFToken": "guess"}'}));
  document.querySelector("form.comment-form").append(attack("inside-platform-form"));
  htmx.process(document.body);
  return document.querySelectorAll("[hx-trigger=load]").length;
}
"""


def sign_in_by_session(page, live_server, person):
    """The office's session in the browser (its TOTP is set up by the factory)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.browser
def test_planted_htmx_cannot_post_as_the_office_in_chromium(
    page, live_server, cast, outsider_request
):
    from reglab.provrum.models import Comment
    from reglab.provrum.proposal import services
    from tests.provrum.conftest import proposal

    provrum = proposal(cast)
    comment = services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej!")
    decide = decide_url(outsider_request)

    errors: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    sent: list[dict] = []
    answers: list[int] = []

    def on_request(request):
        if request.method == "POST":
            sent.append(
                {
                    "url": request.url,
                    "headers": request.headers,
                    "body": request.post_data or "",
                }
            )

    page.on("request", on_request)
    page.on(
        "response",
        lambda response: decide in response.url and answers.append(response.status),
    )

    sign_in_by_session(page, live_server, cast["office"])
    page.goto(live_server.url + provrum.get_absolute_url())
    assert page.evaluate("typeof htmx") == "object"

    planted = page.evaluate(PLANT, [decide, ""])
    assert planted == 6
    page.wait_for_timeout(2_500)

    to_decide = [request for request in sent if decide in request["url"]]
    # Only the forged marker gets as far as a request, and its token is refused.
    assert all(request["headers"].get("x-csrftoken") == "forged" for request in to_decide), (
        to_decide
    )
    assert all("csrfmiddlewaretoken" not in request["body"] for request in to_decide)
    assert all(status == 403 for status in answers), answers
    outsider_request.refresh_from_db()
    assert outsider_request.status == AffiliationStatus.REQUESTED
    # The comment's text sits in an hx-disable container.
    assert page.locator(".comment-text[hx-disable]").count() == 1

    # The platform's own htmx action still works in the same page: the office
    # removes the comment, the request carrying the token in its header only.
    page.locator(f"#comment-{comment.pk} .comment-remove button").first.click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    page.locator(f"#comment-{comment.pk} .comment-removed").wait_for(state="visible")
    removal = [r for r in sent if "ta-bort" in r["url"]]
    assert len(removal) == 1
    assert removal[0]["headers"].get("hx-request") == "true"
    assert removal[0]["headers"].get("x-csrftoken")
    assert "csrfmiddlewaretoken" not in removal[0]["body"]
    assert Comment.objects.get(pk=comment.pk).is_removed

    # The only console errors are the refused forged requests.
    assert all("403" in text for text in errors), errors
