"""From a running provrum to its public results, in a real browser (Chromium), as people do it.

The setup builds a running provrum with an approved plan of two criteria and one
indicator (tests/provrum/report_fixtures.py); everything after that goes through
the pages. Skåne's representative leads: adds a meeting, uploads minutes (a
renamed program is refused first), posts a status update, and writes and submits
the final report. The office returns it, the leader resubmits, the office
approves it, records the dissemination and closes the provrum. Örebro's
representative answers the survey once. Signed out, anyone finds the report in
the results index, on its public page (attachment included, no person named)
and in the Atom feed.

Fields and buttons are found by their Swedish labels and roles, as a person
finds them; states are checked on data attributes and in the database.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from playwright.sync_api import expect

from reglab.accounts.models import User
from reglab.provrum.models import (
    Dissemination,
    Document,
    FinalReport,
    Meeting,
    Provrum,
    State,
    StatusUpdate,
    SurveyInvitation,
    SurveyResponse,
)
from tests.browser.test_provrum_flow import sign_in
from tests.provrum.conftest import cast  # noqa: F401  (a fixture)
from tests.provrum.report_fixtures import running
from tests.provrum.work_samples import hand_pdf

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
ATOM = "{http://www.w3.org/2005/Atom}"
# Full names, so that the public page can be searched for them: no page may name a person.
NAMES = {
    "skane": "Sigrid Lindqvist",
    "orebro": "Örjan Bergström",
    "gavleborg": "Greta Holm",
    "vinnova": "Viktor Nyberg",
    "kontigo": "Karin Ekdahl",
}
MINUTES = "minnesanteckningar-startmote.pdf"


@pytest.fixture
def provrum(live_server, cast):  # noqa: F811
    for key, name in NAMES.items():
        User.objects.filter(pk=cast["people"][key].pk).update(name=name)
    User.objects.filter(pk=cast["office"].pk).update(name="Klara Kanslisson")
    return running(cast)


def goto(page, live_server, url):
    page.goto(live_server.url + url)


def fresh(provrum) -> Provrum:
    return Provrum.objects.get(pk=provrum.pk)


def stored_files(tmp_path) -> list[Path]:
    """The files in the test's document storage (tests/conftest.py points it at tmp_path)."""
    return [path for path in (tmp_path / "media").rglob("*") if path.is_file()]


def refuse_a_renamed_program(page):
    """Upload a Windows program named rapport.pdf, in a second tab of the same session.

    The refusal comes back as the page with status 422 (as in the API), which
    Chromium reports on the console ("Failed to load resource"); the page
    fixture fails a test on any console error, so this one step runs in a tab
    of its own that lets through exactly that message and no other.
    """
    tab = page.context.new_page()
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(10_000)
    tab.goto(page.url)
    tab.get_by_text("Ladda upp ett dokument", exact=True).click()
    upload = tab.locator("#document-upload form")
    upload.get_by_label("Fil").set_input_files(
        {
            "name": "rapport.pdf",
            "mimeType": "application/pdf",
            "buffer": b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200),
        }
    )
    upload.get_by_role("button", name="Ladda upp", exact=True).click()
    area = tab.locator("#document-upload")
    expect(area).to_contain_text(
        "”rapport.pdf” är ett program, inte ett dokument. Program kan inte laddas upp."
    )
    expect(area.get_by_role("alert")).to_be_visible()
    # The form stays open for another try.
    expect(area).to_have_attribute("open", "")
    tab.close()
    assert errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ], errors


def leader_runs_the_work(page, live_server, provrum, tmp_path, pdf: bytes) -> Document:
    """The leader's representative: a meeting, a refused program, the minutes, a status."""
    goto(page, live_server, provrum.get_absolute_url())
    page.locator("#work-link").get_by_role("link", name="Möten, dokument och läge").click()
    expect(page).to_have_url(live_server.url + reverse("provrum:running", args=[provrum.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Genomförande")

    # A meeting in person, two weeks ahead, with a place.
    starts = timezone.localtime() + timedelta(days=14)
    page.get_by_text("Lägg till ett möte", exact=True).click()
    form = page.locator("#meeting-add form")
    form.get_by_label("Rubrik").fill("Startmöte – å ä ö")
    form.get_by_label("Fysiskt", exact=True).check()
    form.get_by_label("Börjar").fill(starts.strftime("%Y-%m-%dT09:30"))
    form.get_by_label("Slutar").fill(starts.strftime("%Y-%m-%dT12:00"))
    form.get_by_label("Plats eller länk").fill("Regionhuset, Dockplatsen 26, Malmö")
    form.get_by_label("Dagordning").fill("1. Välkomna\n2. Arbetsplan")
    form.get_by_role("button", name="Lägg till mötet").click()
    expect(page.get_by_text("Mötet är tillagt. Gruppen och kansliet får en notis.")).to_be_visible()
    meetings = page.locator("#meetings")
    expect(meetings.get_by_role("heading", name="Startmöte – å ä ö")).to_be_visible()
    expect(meetings.get_by_text("Regionhuset, Dockplatsen 26, Malmö")).to_be_visible()
    meeting = Meeting.objects.get(provrum=provrum)
    assert (meeting.mode, meeting.place) == ("physical", "Regionhuset, Dockplatsen 26, Malmö")
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == starts.strftime(
        "%Y-%m-%d 09:30"
    )

    # A program renamed to .pdf is refused by its content, with the reason in Swedish.
    refuse_a_renamed_program(page)
    assert not Document.objects.exists()
    assert stored_files(tmp_path) == []

    # The minutes: a real PDF, tied to the meeting.
    page.get_by_text("Ladda upp ett dokument", exact=True).click()
    upload = page.locator("#document-upload form")
    upload.get_by_label("Fil").set_input_files(
        {"name": MINUTES, "mimeType": "application/pdf", "buffer": pdf}
    )
    upload.get_by_label("Beskrivning").fill("Minnesanteckningar från startmötet")
    upload.get_by_label("Möte", exact=True).select_option(str(meeting.pk))
    upload.get_by_role("button", name="Ladda upp", exact=True).click()
    expect(page.get_by_text(f"”{MINUTES}” är uppladdad.")).to_be_visible()
    expect(page.locator("#documents").get_by_role("link", name=MINUTES, exact=True)).to_be_visible()
    document = Document.objects.get(provrum=provrum)
    assert (document.kind, document.meeting_id) == (Document.Kind.PDF, meeting.pk)
    assert len(stored_files(tmp_path)) == 1

    # A status update in the leader's log.
    status = page.locator("#status-post form")
    status.get_by_label("Enligt plan", exact=True).check()
    status.get_by_label("Lägesrapport").fill("Startmötet är bokat och underlaget är uppladdat.")
    status.get_by_role("button", name="Publicera lägesrapporten").click()
    expect(page.get_by_text("Lägesrapporten är publicerad.")).to_be_visible()
    expect(page.locator(".status-entry[data-progress='on_track']")).to_contain_text(
        "Startmötet är bokat"
    )
    assert StatusUpdate.objects.filter(provrum=provrum).count() == 1

    # The provrum page's box counts what was added.
    goto(page, live_server, provrum.get_absolute_url())
    box = page.locator("#work-link")
    expect(box).to_have_attribute("data-meetings", "1")
    expect(box).to_have_attribute("data-documents", "1")
    expect(box).to_have_attribute("data-status-updates", "1")
    return document


def check_answered(page, provrum, field, value):
    """Wait, around the last change, for the report's check that carries it to answer.

    The page asks the server (htmx, 700 ms after the last input) what is still
    missing; a person reads that answer before saving, and so does the test.
    """
    path = reverse("provrum:report_check", args=[provrum.pk])

    def carries_the_change(response):
        if not response.url.endswith(path):
            return False
        return value in parse_qs(response.request.post_data or "").get(field, [])

    return page.expect_response(carries_the_change)


def submit_report(page):
    """Submit on the report page; the confirmation is accepted."""
    page.get_by_role("button", name="Spara och skicka in till kansliet").click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")
    expect(page.get_by_text("Slutrapporten är inlämnad till kansliet.")).to_be_visible()


def leader_writes_the_report(page, live_server, provrum):
    goto(page, live_server, provrum.get_absolute_url())
    page.locator("#report-link").get_by_role("link", name="Skriv slutrapporten").click()
    expect(page).to_have_url(live_server.url + reverse("provrum:report", args=[provrum.pk]))
    answers = [
        ("Delvis uppfyllt", "Två av tre regioner använder metoden."),
        ("Uppfyllt", "Metodbeskrivningen finns i bilagan."),
        ("Inte uppfyllt", "Enkäten görs efter sex månader."),
    ]
    for index, (outcome, evidence) in enumerate(answers):
        row = page.locator(f"#result-{index}")
        row.get_by_label(outcome, exact=True).check()
        row.get_by_label("Det som visar det").fill(evidence)
    page.get_by_role("textbox", name="Sammanfattning").fill(
        "Regionerna prövade AI för att visualisera regionala data; två av tre använder "
        "metoden i dag."
    )
    page.get_by_role("textbox", name="Lärdomar").fill(
        "Öppna data räcker långt men kräver gemensamma begrepp."
    )
    page.get_by_role("textbox", name="Rekommendationer").fill(
        "Starta ett lärprojekt om datadelning."
    )
    page.get_by_label("Ett lärprojekt som fortsättning", exact=True).check()
    minutes = page.get_by_label(MINUTES)
    with check_answered(page, provrum, "attachments", minutes.get_attribute("value")):
        minutes.check()
    expect(page.locator("#report-missing [data-complete='true']")).to_be_visible()
    page.get_by_role("button", name="Spara rapporten").click()
    expect(page.get_by_text("Slutrapporten är sparad.")).to_be_visible()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "draft")
    expect(page.locator("#report-missing [data-complete='true']")).to_be_visible()
    submit_report(page)
    assert fresh(provrum).state == State.REPORTED


def office_decides(page, live_server, provrum, *, return_with=""):
    goto(page, live_server, provrum.get_absolute_url())
    page.locator("#report-link").get_by_role("link", name="Granska slutrapporten").click()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "submitted")
    if return_with:
        page.get_by_label("Vad som behöver ändras").fill(return_with)
        page.get_by_role("button", name="Skicka tillbaka rapporten till gruppen").click()
        page.locator("#confirm-dialog button[value=confirm]").click()
        expect(page.locator("#report-status")).to_have_attribute("data-status", "returned")
        expect(
            page.get_by_text("Slutrapporten är återskickad till gruppen med din kommentar.")
        ).to_be_visible()
    else:
        page.get_by_role("button", name="Godkänn och publicera").click()
        page.locator("#confirm-dialog button[value=confirm]").click()
        expect(page.locator("#report-status")).to_have_attribute("data-status", "approved")
        expect(
            page.get_by_text("Slutrapporten är godkänd och publicerad på resultatsidan.")
        ).to_be_visible()


def leader_resubmits(page, live_server, provrum, comment):
    goto(page, live_server, provrum.get_absolute_url())
    page.locator("#report-link").get_by_role("link", name="Skriv slutrapporten").click()
    expect(page.locator("#report-status")).to_have_attribute("data-status", "returned")
    expect(page.locator("#report-status blockquote")).to_contain_text(comment)
    evidence = page.locator("#result-2").get_by_label("Det som visar det")
    # What was saved is still there to build on.
    expect(evidence).to_have_value("Enkäten görs efter sex månader.")
    changed = "Enkäten görs efter sex månader; 14 analyser är gjorda hittills."
    with check_answered(page, provrum, "results-2-evidence", changed):
        evidence.fill(changed)
    expect(page.locator("#report-missing [data-complete='true']")).to_be_visible()
    submit_report(page)


def office_disseminates_and_closes(page, live_server, provrum):
    today = timezone.localdate()
    goto(page, live_server, provrum.get_absolute_url())
    page.locator("#dissemination-box").get_by_role("link", name="Registrera spridningen").click()
    expect(page).to_have_url(live_server.url + reverse("provrum:dissemination", args=[provrum.pk]))
    web = page.get_by_role("group", name="Reglabs webbplats")
    web.get_by_label("Datum").fill(today.isoformat())
    web.get_by_label("Länk").fill("https://www.reglab.se/resultat/ai-och-visualisering")
    web.get_by_label("Vem").fill("Kansliet")
    page.get_by_role("button", name="Spara spridningen").click()
    expect(page.get_by_text("Spridningen är sparad.")).to_be_visible()
    expect(page.locator("#dissemination-status")).to_have_attribute("data-done", "1")
    line = Dissemination.objects.get(provrum=provrum, channel="web")
    assert (line.date, line.link) == (today, "https://www.reglab.se/resultat/ai-och-visualisering")
    assert not Dissemination.objects.filter(provrum=provrum, date__isnull=False).exclude(
        channel="web"
    )

    # The three channels not used are acknowledged, then the provrum is closed.
    unused = page.get_by_role(
        "group", name="Bekräfta varje kanal som inte är klar för att ändå avsluta provrummet"
    )
    for message in (
        "Resultaten har inte presenterats i nyhetsbrevet.",
        "Resultaten har inte presenterats på ett nätverksmöte.",
        "Resultaten har inte presenterats på årskonferensen.",
    ):
        unused.get_by_label(f"Jag bekräftar: {message}").check()
    expect(unused.get_by_role("checkbox")).to_have_count(3)
    page.get_by_role("button", name="Avsluta provrummet").click()
    page.locator("#confirm-dialog button[value=confirm]").click()
    # Back on the provrum page (the form's "#close" stays on the address, as browsers do).
    expect(page).to_have_url(
        re.compile(re.escape(live_server.url + provrum.get_absolute_url()) + "(#close)?$")
    )
    expect(
        page.get_by_text("Provrummet är avslutat. Deltagarna ombeds svara på en kort enkät.")
    ).to_be_visible()
    expect(page.locator("#steps")).to_have_attribute("data-state", "closed")


def participant_answers_the_survey(page, live_server, provrum):
    goto(page, live_server, provrum.get_absolute_url())
    box = page.locator("#survey-box")
    expect(box).to_have_attribute("data-survey", "pending")
    box.get_by_role("link", name="Besvara enkäten").click()
    expect(page).to_have_url(live_server.url + reverse("provrum:survey", args=[provrum.pk]))
    page.get_by_role(
        "group", name="Hur användbart var det för din organisation att delta i provrummet?"
    ).get_by_label("4", exact=True).check()
    page.get_by_role("group", name="Skulle du delta i ett provrum igen?").get_by_label(
        "Ja", exact=True
    ).check()
    page.get_by_label("Vad borde ändras i formatet för provrum?").fill(
        "Längre tid mellan startmötet och första avstämningen."
    )
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_text("Tack för dina svar!")).to_be_visible()
    expect(page.get_by_role("heading", name="Du har svarat på enkäten")).to_be_visible()
    response = SurveyResponse.objects.get(provrum=provrum)
    assert (response.usefulness, response.take_part_again) == (4, "yes")

    # A second visit: answered already, no form, no second thanks.
    goto(page, live_server, reverse("provrum:survey", args=[provrum.pk]))
    expect(page.get_by_role("heading", name="Du har svarat på enkäten")).to_be_visible()
    expect(
        page.get_by_text("Varje person svarar på enkäten en gång, så den kan inte besvaras igen.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Skicka svaren")).to_have_count(0)
    expect(page.get_by_text("Tack för dina svar!")).to_have_count(0)
    goto(page, live_server, provrum.get_absolute_url())
    expect(page.locator("#survey-box")).to_have_attribute("data-survey", "answered")
    assert SurveyResponse.objects.filter(provrum=provrum).count() == 1


def assert_names_no_one(text: str, cast):  # noqa: F811
    """No e-mail address and no name of a person in a public page or feed."""
    people = [*cast["people"].values(), cast["office"]]
    for person in User.objects.filter(pk__in=[person.pk for person in people]):
        assert person.email not in text
        assert person.name not in text
    assert "@example.se" not in text


def anyone_reads_the_results(page, live_server, provrum, cast, pdf):  # noqa: F811
    page.context.clear_cookies()
    goto(page, live_server, reverse("results:index"))
    item = page.locator("article.result-item").filter(
        has=page.get_by_role("link", name=provrum.title)
    )
    expect(item).to_contain_text("två av tre använder metoden i dag")
    assert_names_no_one(page.content(), cast)
    item.get_by_role("link", name=provrum.title).click()
    expect(page).to_have_url(live_server.url + reverse("results:detail", args=[provrum.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(provrum.title)
    expect(page.locator(".report-summary")).to_contain_text(
        "Regionerna prövade AI för att visualisera regionala data"
    )
    expect(page.locator("tr[data-outcome='not_met']")).to_contain_text("14 analyser")
    attachment = page.get_by_role("link", name=MINUTES, exact=True)
    expect(attachment).to_be_visible()
    document = Document.objects.get(provrum=provrum)
    href = attachment.get_attribute("href")
    assert href == reverse("results:attachment", args=[provrum.pk, document.pk])
    download = page.request.get(live_server.url + href)
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == pdf

    assert_names_no_one(page.content(), cast)
    page.screenshot(path=SCREENSHOTS / "results-public-page.png", full_page=True)

    feed = page.request.get(live_server.url + reverse("results:feed"))
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    entries = etree.fromstring(feed.body()).findall(f"{ATOM}entry")
    ours = [entry for entry in entries if entry.findtext(f"{ATOM}title") == provrum.title]
    assert len(ours) == 1
    links = [link.get("href") for link in ours[0].findall(f"{ATOM}link")]
    assert any(link.endswith(reverse("results:detail", args=[provrum.pk])) for link in links)
    assert_names_no_one(feed.text(), cast)


def test_from_running_to_closed_with_public_results(
    page,
    live_server,
    cast,  # noqa: F811
    provrum,
    tmp_path,
):
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = hand_pdf()
    leader, office = cast["people"]["skane"], cast["office"]

    # 1. The leader's representative runs the work.
    sign_in(page, live_server, leader)
    leader_runs_the_work(page, live_server, provrum, tmp_path, pdf)

    # 2. The leader writes the final report with the minutes attached, and submits it.
    leader_writes_the_report(page, live_server, provrum)
    report = FinalReport.objects.get(provrum=provrum)
    assert report.data["attachments"] == [Document.objects.get(provrum=provrum).pk]
    assert report.data["follow_on"] == "learning_project"
    assert [row["outcome"] for row in report.data["results"]] == ["partly", "met", "not_met"]

    # 3. The office returns it; the leader changes it and resubmits; the office approves it.
    comment = "Skriv hur många analyser som har gjorts hittills."
    sign_in(page, live_server, office)
    office_decides(page, live_server, provrum, return_with=comment)
    assert fresh(provrum).state == State.RUNNING
    sign_in(page, live_server, leader)
    leader_resubmits(page, live_server, provrum, comment)
    sign_in(page, live_server, office)
    office_decides(page, live_server, provrum)
    report = FinalReport.objects.get(provrum=provrum)
    assert report.is_published
    assert "14 analyser" in report.data["results"][2]["evidence"]

    # 4. The office records the dissemination and closes the provrum.
    office_disseminates_and_closes(page, live_server, provrum)
    assert fresh(provrum).state == State.CLOSED
    invited = set(SurveyInvitation.objects.filter(provrum=provrum).values_list("person", flat=True))
    assert {leader.pk, cast["people"]["orebro"].pk, cast["people"]["kontigo"].pk} <= invited
    assert cast["people"]["gavleborg"].pk not in invited

    # 5. A participant that does not lead answers the survey, once.
    sign_in(page, live_server, cast["people"]["orebro"])
    participant_answers_the_survey(page, live_server, provrum)
    page.screenshot(path=SCREENSHOTS / "results-provrum-page.png", full_page=True)

    # 6. Signed out: the index, the public page with its attachment, the feed.
    anyone_reads_the_results(page, live_server, provrum, cast, pdf)
    expect(page).to_have_url(re.compile(r"/resultat/\d+/$"))
