"""The plan's downloads and the calendars: who gets which file, and the signed feed.

Skåne leads; Örebro and Kontigo take part; Gävleborg is a member region that
does not. Anyone who may see the plan downloads it; the personal calendar holds
the provrum one's organisations take part in, and its address works without a
session but only with a token signed for it.
"""

import csv
import io

import docx
import openpyxl
import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from pypdf import PdfReader

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.provrum import exports
from reglab.provrum.calendar_feed import SALT, feed_token
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import services
from tests.provrum.conftest import proposal, ready_provrum
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead
from tests.provrum.views_helpers import LOGIN, cells, outcome, person, sign_in

pytestmark = pytest.mark.django_db

TITLE = "Öppna data i regionerna – å ä ö"
EXPORTS = ["plan_docx", "plan_pdf", "budget_xlsx", "budget_csv", "calendar_ics"]


@pytest.fixture
def planned(cast):
    provrum = with_go_ahead(cast, title=TITLE)
    saved_plan(cast, provrum)
    return provrum


@pytest.fixture
def quick_pdf(monkeypatch):
    """Rendering a PDF takes a second or two: the permission tests need only the answer."""
    monkeypatch.setattr(exports, "plan_pdf", lambda provrum, data: b"%PDF-1.7 quick")


def get(client, name, provrum):
    return client.get(reverse(f"provrum:{name}", args=[provrum.pk]))


# fmt: off
ROLE_TABLE = {
    # export          anonymous plain member proposer partner office
    name: (LOGIN, 403, 200, 200, 200, 200) for name in EXPORTS
}
# fmt: on


@pytest.mark.usefixtures("quick_pdf")
@pytest.mark.parametrize(("name", "role", "expected"), cells(ROLE_TABLE))
def test_who_downloads_the_plan(client, cast, plain_user, planned, name, role, expected):
    sign_in(client, person(role, cast, plain_user))
    assert outcome(get(client, name, planned)) == expected


@pytest.mark.usefixtures("quick_pdf")
@pytest.mark.parametrize("name", EXPORTS)
def test_a_member_outside_the_group_reads_the_plan_once_approved(client, cast, planned, name):
    """Finding 13: the plan being written is the group's; the approved plan is everyone's."""
    sign_in(client, cast["people"]["gavleborg"])
    assert get(client, name, planned).status_code == 404
    plans.plan_submit(provrum=planned, by=cast["people"]["skane"], version=1)
    plans.plan_approve(provrum=planned, by=cast["office"])
    assert get(client, name, planned).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_no_file_before_the_plan_is_saved_or_without_the_go_ahead(client, cast, name):
    without_plan = with_go_ahead(cast)
    gathering = ready_provrum(cast, title="Ett annat provrum")
    draft = proposal(cast, title="Ett utkast", publish=False)
    sign_in(client, cast["office"])
    assert get(client, name, without_plan).status_code == 404
    assert get(client, name, gathering).status_code == 404
    assert client.get(reverse(f"provrum:{name}", args=[999_999])).status_code == 404
    sign_in(client, cast["people"]["orebro"])
    assert get(client, name, draft).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_downloads_are_read_only(client, cast, planned, name):
    sign_in(client, cast["people"]["skane"])
    response = client.post(reverse(f"provrum:{name}", args=[planned.pk]))
    assert response.status_code == 405


def test_the_files_hold_the_plan(client, cast, planned):
    sign_in(client, cast["people"]["orebro"])
    with translation.override("en"):
        response = get(client, "plan_docx", planned)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    assert f"provrum-{planned.pk}-projektplan.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    table_text = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert TITLE in text and "å ä ö" in text
    assert "60\u00a0000\u00a0kr" in table_text and "Region Örebro län" in table_text
    assert "Region Örebro län" in text and "Kontigo" in text  # the participants

    response = get(client, "plan_pdf", planned)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    # Signed in: no-store as well (reglab.core.no_store).
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache", "no-store"}
    pdf = PdfReader(io.BytesIO(response.content))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages).replace("\u00a0", " ")
    assert TITLE in pdf_text and "100 000 kr" in pdf_text

    response = get(client, "budget_xlsx", planned)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), data_only=True).active
    assert 100_000 in [cell.value for row in sheet.iter_rows() for cell in row]

    response = get(client, "budget_csv", planned)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["60000", "40000"] == [
        row[4] for row in rows if row[2] in ("Analysbyrå", "Projektledning")
    ]

    response = get(client, "calendar_ics", planned)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(event["SUMMARY"]) for event in events) == [
        f"Avstämning – {TITLE}",
        f"Startmöte – {TITLE}",
    ]
    assert all(planned.get_absolute_url() in str(event["DESCRIPTION"]) for event in events)


# The personal calendar -------------------------------------------------------------


def feed(client, token):
    client.logout()
    return client.get(reverse("provrum:calendar_feed", args=[token]))


def summaries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_calendar_page_shows_the_persons_address_and_provrum(client, cast, planned):
    sign_in(client, cast["people"]["kontigo"])
    # The token carries the time it was signed; the page and the test sign in the same second.
    with time_machine.travel(timezone.now(), tick=False):
        response = client.get(reverse("provrum:calendar"))
        token = feed_token(cast["people"]["kontigo"])
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("provrum:calendar_feed", args=[token]) in page
    assert "webcal://" in page
    assert TITLE in page
    assert reverse("provrum:calendar_ics", args=[planned.pk]) in page


@pytest.mark.parametrize(("role", "expected"), [("anonymous", LOGIN), ("plain", 403)])
def test_the_calendar_page_needs_a_representative(client, cast, plain_user, role, expected):
    sign_in(client, person(role, cast, plain_user))
    assert outcome(client.get(reverse("provrum:calendar"))) == expected


def test_the_feed_works_without_a_session_for_those_who_take_part(client, cast, planned):
    other = with_go_ahead(cast, title="Ett provrum utan plan")
    assert other.pk != planned.pk
    for key in ("skane", "orebro", "kontigo"):
        titles = summaries(feed(client, feed_token(cast["people"][key])))
        assert titles == [f"Avstämning – {TITLE}", f"Startmöte – {TITLE}"], key
    # The office follows every provrum with a plan.
    assert len(summaries(feed(client, feed_token(cast["office"])))) == 2
    # A member region that does not take part: an empty calendar of its own …
    gavleborg = cast["people"]["gavleborg"]
    assert summaries(feed(client, feed_token(gavleborg))) == []
    # … and no feed of a plan being written, which is the group's (finding 13) …
    assert feed(client, feed_token(gavleborg, planned)).status_code == 404
    # … but once approved it may subscribe to this one provrum, whose plan it may read.
    plans.plan_submit(provrum=planned, by=cast["people"]["skane"], version=1)
    plans.plan_approve(provrum=planned, by=cast["office"])
    assert len(summaries(feed(client, feed_token(gavleborg, planned)))) == 2


def test_a_provrum_leaves_the_calendar_with_the_affiliation(client, cast, planned):
    orebro = cast["people"]["orebro"]
    token = feed_token(orebro)
    assert len(summaries(feed(client, token))) == 2
    Affiliation.objects.filter(person=orebro).update(status=AffiliationStatus.ENDED)
    assert summaries(feed(client, token)) == []
    assert feed(client, feed_token(orebro, planned)).status_code == 404


def test_a_withdrawn_provrum_leaves_the_calendar(client, cast):
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    token = feed_token(cast["people"]["skane"])
    assert len(summaries(feed(client, token))) == 2
    services.provrum_withdraw(provrum=provrum, by=cast["people"]["skane"])
    assert summaries(feed(client, token)) == []


def test_a_bad_or_forged_token_is_404(client, cast, planned):
    skane = cast["people"]["skane"]
    good = feed_token(skane)
    payload, signature = good.rsplit(":", 1)
    forged_payload = signing.dumps({"u": cast["office"].pk}, salt=SALT).split(":")[0]
    bad_tokens = [
        "nonsense",
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # signature changed
        f"{forged_payload}:{signature}",  # someone else's id with this signature
        signing.dumps({"u": skane.pk}),  # signed, but not for the calendar
        signing.dumps({"u": skane.pk}, salt="other-salt"),
        signing.dumps({"u": "1"}, salt=SALT),  # not an id
        signing.dumps(["u", skane.pk], salt=SALT),
        signing.dumps({"u": skane.pk, "p": "x"}, salt=SALT),
        signing.dumps({"u": 999_999}, salt=SALT),  # nobody
        feed_token(skane, type("Missing", (), {"pk": 999_999})()),  # no such provrum
    ]
    for token in bad_tokens:
        assert feed(client, token).status_code == 404, token
    skane.is_active = False
    skane.save(update_fields=["is_active"])
    assert feed(client, good).status_code == 404


def test_the_feed_is_read_only(client, cast, planned):
    token = feed_token(cast["people"]["skane"])
    response = client.post(reverse("provrum:calendar_feed", args=[token]))
    assert response.status_code == 405
