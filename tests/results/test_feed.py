"""The Atom feed: valid RFC 4287, only published results, Reglab as the author, no people."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree, isoschematron

from reglab.provrum.models import FinalReport, State
from tests.results.conftest import assert_no_people, bare_provrum, publish, report_data

FEED = reverse("results:feed")
SCHEMA = Path(__file__).with_name("atom.rng")
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"atom": "http://www.w3.org/2005/Atom"}
# RFC 3339 date-time: a full date, a full time and a time zone (Z or ±hh:mm).
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


@pytest.fixture(scope="module")
def atom_schema():
    document = etree.parse(str(SCHEMA))
    return etree.RelaxNG(document), isoschematron.Schematron(document)


def assert_valid_atom(content: bytes, atom_schema) -> etree._Element:
    relaxng, schematron = atom_schema
    root = etree.fromstring(content)
    assert relaxng.validate(root), relaxng.error_log
    assert schematron.validate(root), schematron.error_log
    return root


def _entries(root):
    return root.findall(f"{ATOM}entry")


def test_the_schema_refuses_what_rfc_4287_forbids(atom_schema):
    """The schema is not vacuous: each required part, taken away, fails."""
    relaxng, schematron = atom_schema
    valid = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        "<id>urn:x</id><updated>2026-03-10T09:30:00Z</updated><author><name>Reglab</name></author>"
        '<entry><title>E</title><link rel="alternate" href="http://x/1"/><id>urn:x:1</id>'
        "<updated>2026-03-10T09:30:00+01:00</updated></entry></feed>"
    )
    assert relaxng.validate(etree.fromstring(valid))
    assert schematron.validate(etree.fromstring(valid))
    broken_by_relaxng = [
        valid.replace("<id>urn:x:1</id>", ""),  # an entry without an id
        valid.replace("<title>E</title>", ""),  # an entry without a title
        valid.replace("<updated>2026-03-10T09:30:00+01:00</updated>", ""),  # no updated
        valid.replace("2026-03-10T09:30:00Z", "10 mars 2026"),  # not a date-time
        valid.replace("<id>urn:x</id>", ""),  # a feed without an id
        valid.replace("<id>urn:x:1</id>", "<id>urn:x:1</id><id>urn:x:2</id>"),  # two ids
        valid.replace('rel="alternate" href="http://x/1"', 'rel="alternate"'),  # no href
    ]
    for document in broken_by_relaxng:
        assert not relaxng.validate(etree.fromstring(document)), document
    broken_by_schematron = [
        valid.replace("<author><name>Reglab</name></author>", ""),  # nobody is the author
        valid.replace('<link rel="alternate" href="http://x/1"/>', ""),  # no link, no content
    ]
    for document in broken_by_schematron:
        root = etree.fromstring(document)
        assert relaxng.validate(root), document
        assert not schematron.validate(root), document


def test_the_feed_is_valid_atom(client, cast, people, atom_schema):
    for number in range(3):
        provrum = bare_provrum(cast, title=f"Resultat {number}", themes=["Grön omställning"])
        publish(provrum, published_at=datetime(2026, 3, 1 + number, 9, tzinfo=UTC))
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = assert_valid_atom(response.content, atom_schema)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    # Explicit checks beyond the schema: one id per entry, all different, RFC 3339 dates.
    entries = _entries(root)
    assert len(entries) == 3
    ids = []
    for entry in entries:
        entry_ids = entry.findall(f"{ATOM}id")
        assert len(entry_ids) == 1
        ids.append(entry_ids[0].text)
        for tag in ("updated", "published"):
            values = entry.findall(f"{ATOM}{tag}")
            assert len(values) == 1
            assert RFC3339.match(values[0].text), values[0].text
    assert len(set(ids)) == 3
    assert all(i.startswith("tag:127.0.0.1,2026-03-0") for i in ids)
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    # The feed's own links: to the index and to itself.
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://127.0.0.1:8000/resultat/",
        "self": "http://127.0.0.1:8000/resultat/flode.atom",
    }


def test_entries_link_to_the_public_page_with_reglab_as_author(
    client, cast, people, published, atom_schema, settings
):
    settings.SITE_URL = "https://reglab.example"
    root = assert_valid_atom(client.get(FEED).content, atom_schema)
    (entry,) = _entries(root)
    provrum = published["provrum"]
    assert entry.findtext(f"{ATOM}title") == provrum.title
    link = entry.find(f"{ATOM}link")
    assert link.get("rel") == "alternate"
    assert link.get("href") == f"https://reglab.example/resultat/{provrum.pk}/"
    assert entry.findtext(f"{ATOM}id") == f"tag:reglab.example,2026-03-10:resultat/{provrum.pk}"
    assert entry.findtext(f"{ATOM}published") == "2026-03-10T09:30:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-03-10T09:30:00+00:00"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Regionerna prövade AI" in summary.text
    assert "Kontigo, Region Skåne, Region Örebro län" in summary.text
    authors = root.xpath("//atom:author/atom:name/text()", namespaces=NS)
    assert authors == ["Reglab", "Reglab"]  # the feed's and the entry's
    assert not root.xpath("//atom:email", namespaces=NS)
    categories = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert categories == ["AI och visualisering"]


def test_text_is_escaped_once(client, cast, people, atom_schema):
    provrum = bare_provrum(cast, title="Data & analys <i> regionerna")
    publish(provrum, data=report_data(summary="Mer än 5 < 7 & färre."))
    root = assert_valid_atom(client.get(FEED).content, atom_schema)
    (entry,) = _entries(root)
    assert entry.findtext(f"{ATOM}title") == "Data & analys <i> regionerna"
    # The summary is HTML: the reader shows the text, not markup.
    assert "5 &lt; 7 &amp; färre" in entry.findtext(f"{ATOM}summary")


def test_only_published_reports_are_in_the_feed(client, cast, people, published, atom_schema):
    for status, published_at, state in [
        (FinalReport.Status.DRAFT, None, State.RUNNING),
        (FinalReport.Status.SUBMITTED, None, State.REPORTED),
        (FinalReport.Status.RETURNED, None, State.RUNNING),
        (FinalReport.Status.APPROVED, None, State.REPORTED),
        (FinalReport.Status.APPROVED, datetime(2026, 5, 1, tzinfo=UTC), State.RUNNING),
    ]:
        provrum = bare_provrum(cast, title=f"Inte publicerad {status} {state}")
        publish(provrum, status=status, published_at=published_at, state=state)
    content = client.get(FEED).content
    root = assert_valid_atom(content, atom_schema)
    assert [e.findtext(f"{ATOM}title") for e in _entries(root)] == [published["provrum"].title]
    assert b"Inte publicerad" not in content


def test_no_participant_email_or_name_in_the_feed(client, cast, published):
    assert_no_people(client.get(FEED).content.decode(), cast)


def test_the_latest_thirty_newest_first(client, cast, people, atom_schema):
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for number in range(32):
        provrum = bare_provrum(cast, title=f"Resultat {number:02d}")
        publish(provrum, published_at=start + timedelta(days=number))
    root = assert_valid_atom(client.get(FEED).content, atom_schema)
    titles = [entry.findtext(f"{ATOM}title") for entry in _entries(root)]
    assert titles == [f"Resultat {n:02d}" for n in range(31, 1, -1)]
    # The feed was last updated when its newest entry was.
    assert root.findtext(f"{ATOM}updated") == "2026-02-01T08:00:00+00:00"


def test_an_empty_feed_is_still_valid(client, db, atom_schema):
    root = assert_valid_atom(client.get(FEED).content, atom_schema)
    assert _entries(root) == []


@pytest.mark.usefixtures("no_page_cache")
def test_feed_queries_do_not_grow_with_the_entries(
    client, cast, people, django_assert_max_num_queries
):
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for number in range(30):
        provrum = bare_provrum(
            cast, title=f"Resultat {number:02d}", themes=["AI och visualisering"]
        )
        publish(provrum, published_at=start + timedelta(days=number))
    with django_assert_max_num_queries(3):
        assert client.get(FEED).status_code == 200
