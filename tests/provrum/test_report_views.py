"""The final report pages: the editor prefilled from the plan, saving, the live check,
two editors at once, submitting, the office's quality assurance, versions, the box on
the provrum page and the report as read."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from reglab.provrum.models import FinalReport, ReportComment, ReportVersion, State
from reglab.provrum.report import services as reports
from tests.provrum.report_fixtures import (
    CRITERIA,
    approved_report,
    document,
    fresh,
    returned_report,
    running,
    saved_report,
    submitted_report,
    valid_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provrum(cast):
    return running(cast)


def url(name, provrum):
    return reverse(f"provrum:{name}", args=[provrum.pk])


def report_post(**overrides):
    """A complete report as the editor sends it: results by the plan's row numbers."""
    data = {
        "version": "0",
        "summary": "Två av tre regioner använder metoden – å ä ö.",
        "results-0-outcome": "partly",
        "results-0-evidence": "Två regioner har infört metoden.",
        "results-1-outcome": "met",
        "results-1-evidence": "Beskrivningen är publicerad.",
        "results-2-outcome": "not_met",
        "results-2-evidence": "Enkäten görs i höst.",
        "lessons": "Öppna data räcker långt.",
        "recommendations": "Ett lärprojekt om datadelning.",
        "follow_on": "learning_project",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def save(client, person, provrum, **overrides):
    client.force_login(person)
    return client.post(url("report", provrum), report_post(**overrides))


def report_of(provrum):
    return FinalReport.objects.get(provrum=provrum)


# The editor ---------------------------------------------------------------------------


def test_the_editor_starts_from_the_approved_plan(client, cast, provrum):
    client.force_login(cast["people"]["orebro"])
    page = client.get(url("report", provrum))
    assert page.status_code == 200
    assert page.context["editable"] is True
    html = page.content.decode()
    assert "data-report-form" in html and 'name="version" value="0"' in html
    for text in (*CRITERIA, "Antal analyser", "Enkät efter sex månader"):
        assert text in html
    for index in range(3):
        for value in ("met", "partly", "not_met"):
            assert f'name="results-{index}-outcome" id="id_results-{index}-outcome_{value}"' in html
        assert f'name="results-{index}-evidence"' in html
    assert 'name="results-3-outcome"' not in html
    assert " checked" not in html.split('id="report-check"')[0].split("follow_on_undecided")[0]
    # What is missing is said beside the buttons from the start.
    codes = [reason["code"] for reason in page.context["missing"]]
    assert codes.count("report_outcome_missing") == 3
    assert {"report_summary_missing", "report_lessons_missing"} <= set(codes)
    # Only the leader submits.
    assert 'value="submit"' not in html
    assert not FinalReport.objects.exists()


def test_the_leader_has_a_submit_button_that_asks_first(client, cast, provrum):
    client.force_login(cast["people"]["skane"])
    html = client.get(url("report", provrum)).content.decode()
    submit = re.search(r'<button[^>]*value="submit"[^>]*>', html).group()
    assert re.search(r'data-confirm="[^"]+"', submit)
    # It asks only once the live check finds the report complete (reglab.js): while
    # something is missing the submit is refused anyway, with no "are you sure?" first.
    assert 'data-confirm-when="#report-missing [data-complete]"' in submit
    assert 'aria-describedby="report-missing"' in submit and 'data-complete="true"' not in html
    save(client, cast["people"]["skane"], provrum)
    html = client.get(url("report", provrum)).content.decode()
    assert 'data-complete="true"' in html


def test_saving_stores_a_version(client, cast, provrum):
    attached = document(provrum, "slutseminarium.pdf")
    other = document(provrum, "annat.pdf")
    response = save(client, cast["people"]["kontigo"], provrum, attachments=[str(attached.pk)])
    assert response.status_code == 302
    assert response["Location"] == url("report", provrum)
    report = report_of(provrum)
    assert report.version == 1
    assert report.data["results"][0] == {
        "kind": "criterion",
        "text": CRITERIA[0],
        "outcome": "partly",
        "evidence": "Två regioner har infört metoden.",
    }
    assert report.data["follow_on"] == "learning_project"
    assert report.data["attachments"] == [attached.pk]
    page = client.get(url("report", provrum))
    html = page.content.decode()
    assert 'name="version" value="1"' in html
    assert re.search(rf'id="id_attachment_{attached.pk}"[^>]* checked', html)
    assert not re.search(rf'id="id_attachment_{other.pk}"[^>]* checked', html)
    assert re.search(r'id="id_results-1-outcome_met"[^>]* checked', html)
    assert page.context["complete"] is True


def test_no_documents_is_an_empty_state(client, cast, provrum):
    client.force_login(cast["people"]["skane"])
    html = client.get(url("report", provrum)).content.decode()
    assert 'name="attachments"' not in html
    assert 'class="empty-state"' in html


BAD_INPUT = {
    "evidence too long": (
        {"results-1-evidence": "å" * 3001},
        "results-1-evidence",
        "å" * 3001,
    ),
    "summary too long": ({"summary": "ö" * 3001}, "summary", "ö" * 3001),
    "lessons too long": ({"lessons": "l" * 10_001}, "lessons", "l" * 10_001),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_explained_by_the_field_and_everything_kept(client, cast, provrum, case):
    overrides, field, typed = BAD_INPUT[case]
    response = save(client, cast["people"]["skane"], provrum, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error"', html)
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html)
    assert typed in html
    # The rest of what was typed is there too.
    for name, kept in report_post().items():
        if name not in overrides and (name.endswith("evidence") or name in ("summary", "lessons")):
            assert kept in html
    assert 'id="form-errors"' in html
    assert not FinalReport.objects.exists()


def test_an_unknown_outcome_or_document_is_explained(client, cast, provrum):
    elsewhere = document(running(cast, title="Ett annat provrum"), "hemligt.pdf")
    response = save(
        client,
        cast["people"]["skane"],
        provrum,
        **{"results-2-outcome": "kanske", "attachments": [str(elsewhere.pk)]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_results-2-outcome_error"' in html
    assert 'id="id_attachments_error"' in html
    assert "hemligt.pdf" not in html
    assert not FinalReport.objects.filter(provrum=provrum).exists()


def test_two_editors_the_second_gets_the_form_back_and_loses_nothing(client, cast, provrum):
    # Both open version 0; Skåne saves first.
    assert save(client, cast["people"]["skane"], provrum).status_code == 302
    response = save(
        client,
        cast["people"]["orebro"],
        provrum,
        summary="Örebros egen sammanfattning",
        **{"results-2-evidence": "Örebros bevis"},
    )
    assert response.status_code == 409
    assert response.context["feedback"].codes == ["stale_version"]
    html = response.content.decode()
    assert "Örebros egen sammanfattning" in html and "Örebros bevis" in html
    assert 'name="version" value="1"' in html
    assert 'data-version="1"' in html
    assert report_of(provrum).data["summary"] != "Örebros egen sammanfattning"
    again = save(
        client,
        cast["people"]["orebro"],
        provrum,
        version="1",
        summary="Örebros egen sammanfattning",
    )
    assert again.status_code == 302
    report = report_of(provrum)
    assert (report.version, report.data["summary"]) == (2, "Örebros egen sammanfattning")


def test_a_forged_version_is_refused(client, cast, provrum):
    save(client, cast["people"]["skane"], provrum)
    response = save(client, cast["people"]["skane"], provrum, version="nonsense")
    assert response.status_code == 409
    assert report_of(provrum).version == 1


# The live check -----------------------------------------------------------------------------


def test_the_live_check_answers_for_the_report_as_typed(client, cast, provrum):
    client.force_login(cast["people"]["orebro"])
    partial = client.post(url("report_check", provrum), report_post(**{"results-1-outcome": ""}))
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html
    assert 'data-code="report_outcome_missing"' in html
    assert CRITERIA[1] in html
    complete = client.post(url("report_check", provrum), report_post())
    assert 'data-complete="true"' in complete.content.decode()
    assert not FinalReport.objects.exists()  # checking saves nothing
    assert client.get(url("report_check", provrum)).status_code == 405


# Submitting ------------------------------------------------------------------------------------


def test_submitting_with_a_missing_outcome_saves_but_does_not_submit(client, cast, provrum):
    response = save(
        client,
        cast["people"]["skane"],
        provrum,
        action="submit",
        lessons="",
        **{"results-0-outcome": None},
    )
    assert response.status_code == 409
    assert response.context["feedback"].codes == [
        "report_outcome_missing",
        "report_lessons_missing",
    ]
    assert 'data-codes="report_outcome_missing report_lessons_missing"' in (
        response.content.decode()
    )
    report = report_of(provrum)
    assert (report.version, report.status) == (1, FinalReport.Status.DRAFT)
    assert fresh(provrum).state == State.RUNNING


def test_the_leader_submits_and_the_report_is_locked(client, cast, provrum):
    response = save(client, cast["people"]["skane"], provrum, action="submit")
    assert response.status_code == 302
    assert report_of(provrum).status == FinalReport.Status.SUBMITTED
    assert fresh(provrum).state == State.REPORTED
    client.force_login(cast["people"]["orebro"])
    page = client.get(url("report", provrum))
    assert page.context["editable"] is False
    assert "data-report-form" not in page.content.decode()
    assert "Två regioner har infört metoden." in page.content.decode()
    assert save(client, cast["people"]["orebro"], provrum, version="1").status_code == 403


def test_a_participant_cannot_submit_through_the_form(client, cast, provrum):
    response = save(client, cast["people"]["orebro"], provrum, action="submit")
    assert response.status_code == 403
    assert response.context["feedback"].codes == ["not_allowed"]
    assert report_of(provrum).status == FinalReport.Status.DRAFT  # saved, not submitted


# The office's quality assurance --------------------------------------------------------------


def test_the_office_approves_with_a_confirmation(client, cast, provrum):
    submitted_report(cast, provrum)
    client.force_login(cast["office"])
    page = client.get(url("report", provrum))
    html = page.content.decode()
    assert page.context["can_decide"] is True
    assert 'id="report-decision"' in html
    assert len(re.findall(r'<button[^>]*data-confirm="[^"]+"', html)) == 2
    response = client.post(url("report_approve", provrum), {"comment": "Tydligt."})
    assert response.status_code == 302
    report = report_of(provrum)
    assert report.is_published
    assert fresh(provrum).state == State.REPORTED
    after = client.get(url("report", provrum))
    assert after.context["can_decide"] is False
    assert "Tydligt." in after.content.decode()
    # Approving again is quiet; returning an approved report is refused.
    assert client.post(url("report_approve", provrum)).status_code == 302
    refused = client.post(url("report_return", provrum), {"comment": "Nej"})
    assert refused.status_code == 409
    assert refused.context["feedback"].codes == ["report_not_submitted"]


def test_the_office_returns_with_a_required_comment(client, cast, provrum):
    submitted_report(cast, provrum)
    client.force_login(cast["office"])
    refused = client.post(url("report_return", provrum), {"comment": "  "})
    assert refused.status_code == 422
    assert refused.context["return_error"] is True
    assert report_of(provrum).status == FinalReport.Status.SUBMITTED
    response = client.post(url("report_return", provrum), {"comment": "Förtydliga indikatorn."})
    assert response.status_code == 302
    assert report_of(provrum).status == FinalReport.Status.RETURNED
    assert fresh(provrum).state == State.RUNNING

    client.force_login(cast["people"]["orebro"])
    page = client.get(url("report", provrum))
    assert page.context["editable"] is True
    html = page.content.decode()
    assert "Förtydliga indikatorn." in html and 'data-kind="returned"' in html
    assert save(client, cast["people"]["orebro"], provrum, version="1").status_code == 302


def test_a_too_long_approval_comment_is_kept(client, cast, provrum):
    submitted_report(cast, provrum)
    client.force_login(cast["office"])
    response = client.post(url("report_approve", provrum), {"comment": "x" * 5001})
    assert response.status_code == 422
    assert "x" * 5001 in response.content.decode()
    assert report_of(provrum).status == FinalReport.Status.SUBMITTED


def test_comments_on_the_report(client, cast, provrum):
    saved_report(cast, provrum)
    client.force_login(cast["office"])
    response = client.post(url("report_comment", provrum), {"body": "Bra början."})
    assert response.status_code == 302
    assert response["Location"].endswith("#report-comments")
    again = client.post(url("report_comment", provrum), {"body": "Bra början."})
    assert again.status_code == 302
    assert ReportComment.objects.count() == 1  # a double submit is one comment
    empty = client.post(url("report_comment", provrum), {"body": ""})
    assert empty.status_code == 422
    client.force_login(cast["people"]["kontigo"])
    assert "Bra början." in client.get(url("report", provrum)).content.decode()


# Versions ---------------------------------------------------------------------------------------


def test_versions_and_the_diff_between_two(client, cast, provrum):
    save(client, cast["people"]["skane"], provrum)
    save(client, cast["people"]["orebro"], provrum, version="1", lessons="Nya lärdomar.")
    save(
        client,
        cast["people"]["skane"],
        provrum,
        version="2",
        lessons="Nya lärdomar.",
        **{"results-2-outcome": "met"},
    )
    page = client.get(url("report_versions", provrum))
    assert page.status_code == 200
    assert [version.number for version in page.context["versions"]] == [3, 2, 1]
    assert (page.context["older"], page.context["newer"]) == (2, 3)
    changed = [line for line in page.context["diff"] if line.op != "equal"]
    assert [line.op for line in changed] == ["delete", "insert"]
    assert "Antal analyser" in changed[1].text

    chosen = client.get(url("report_versions", provrum), {"fran": "1", "till": "2"})
    inserted = [line.text for line in chosen.context["diff"] if line.op == "insert"]
    assert inserted == ["Nya lärdomar."]
    assert 'data-op="insert"' in chosen.content.decode()
    nonsense = client.get(url("report_versions", provrum), {"fran": "x", "till": "99"})
    assert (nonsense.context["older"], nonsense.context["newer"]) == (2, 3)


def test_versions_of_an_unsaved_report(client, cast, provrum):
    client.force_login(cast["office"])
    page = client.get(url("report_versions", provrum))
    assert page.status_code == 200
    assert page.context["versions"] == [] and page.context["diff"] is None
    assert 'class="empty-state"' in page.content.decode()


def _versions(cast, provrum, count):
    saved_report(cast, provrum)
    report = report_of(provrum)
    for number in range(2, count + 1):
        data = valid_report(lessons=f"Lärdom {number}.")
        ReportVersion.objects.create(report=report, number=number, data=data, author=cast["office"])
    FinalReport.objects.filter(pk=report.pk).update(version=count, data=data)


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


def test_the_versions_page_is_paged_and_its_queries_do_not_grow(client, cast, provrum):
    _versions(cast, provrum, 2)
    client.force_login(cast["people"]["orebro"])
    few = _queries(client, url("report_versions", provrum))
    other = running(cast, title="Ett provrum med många versioner")
    _versions(cast, other, 45)
    many = _queries(client, url("report_versions", other))
    assert many == few
    page = client.get(url("report_versions", other))
    assert [version.number for version in page.context["versions"]][:2] == [45, 44]
    assert len(page.context["versions"]) == 20
    assert "fran=44&amp;till=45&amp;sida=2" in page.content.decode()
    last = client.get(url("report_versions", other), {"sida": "3"})
    assert [version.number for version in last.context["versions"]] == [5, 4, 3, 2, 1]
    assert len(last.context["numbers"]) == 45


def test_the_report_page_queries_do_not_grow_with_documents_and_comments(client, cast, provrum):
    document(provrum)
    saved_report(cast, provrum)
    reports.report_comment(provrum=fresh(provrum), by=cast["office"], body="En.")
    client.force_login(cast["people"]["orebro"])
    few = _queries(client, url("report", provrum))
    for number in range(12):
        document(provrum, f"dokument-{number}.pdf")
        ReportComment.objects.create(report=report_of(provrum), author=cast["office"], body="x")
    many = _queries(client, url("report", provrum))
    assert many == few


# The provrum page's box -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "who", "text", "button"),
    [
        ("none", "skane", "Not started yet.", "Write the final report"),
        ("draft", "orebro", "A draft, version 1.", "Write the final report"),
        ("submitted", "office", "Submitted to the office", "Review the final report"),
        ("submitted", "orebro", "Submitted to the office", "Read the final report"),
        ("returned", "kontigo", "Returned by the office", "Write the final report"),
        ("approved", "skane", "Approved and published", "Read the final report"),
    ],
)
def test_the_box_on_the_provrum_page(client, cast, provrum, stage, who, text, button, settings):
    settings.LANGUAGE_CODE = "en"
    {
        "none": lambda: None,
        "draft": lambda: saved_report(cast, provrum),
        "submitted": lambda: submitted_report(cast, provrum),
        "returned": lambda: returned_report(cast, provrum),
        "approved": lambda: approved_report(cast, provrum),
    }[stage]()
    client.force_login(cast["office"] if who == "office" else cast["people"][who])
    html = client.get(provrum.get_absolute_url(), headers={"accept-language": "en"}).content
    box = html.decode().split('id="report-link"')[1].split("</div>")[0]
    assert text in box
    assert button in box
    assert ("Versions and changes" in box) is (stage != "none")


# The report as read (also on the public results page) ------------------------------------------


def test_the_report_body_never_shows_people(cast, provrum):
    attached = document(provrum, "slutseminarium.pdf")
    report = approved_report(cast, provrum, valid_report(attachments=[attached.pk]))
    for public in (True, False):
        html = render_to_string(
            "provrum/partials/report_body.html",
            {
                "data": report.data,
                "attachments": reports.report_attachments(provrum, report.data),
                "public": public,
            },
        )
        assert "Två regioner har infört metoden." in html
        assert "slutseminarium.pdf" in html
        assert 'data-outcome="partly"' in html and 'data-follow-on="learning_project"' in html
        assert "@" not in html
        for person in (*cast["people"].values(), cast["office"]):
            assert person.name not in html
        try:
            private = reverse("provrum:document", args=[provrum.pk, attached.pk])
        except NoReverseMatch:
            private = None
        if private:
            assert (f'href="{private}"' in html) is (not public)
        try:
            public_url = reverse("results:attachment", args=[provrum.pk, attached.pk])
        except NoReverseMatch:
            public_url = None
        if public_url:
            assert (f'href="{public_url}"' in html) is public


def test_an_approved_report_links_to_its_public_page(client, cast, provrum):
    submitted_report(cast, provrum)
    client.force_login(cast["people"]["orebro"])
    try:
        public_url = reverse("results:detail", args=[provrum.pk])
    except NoReverseMatch:
        pytest.skip("the public results pages are not mounted")
    assert f'href="{public_url}"' not in client.get(url("report", provrum)).content.decode()
    reports.report_approve(provrum=fresh(provrum), by=cast["office"])
    assert f'href="{public_url}"' in client.get(url("report", provrum)).content.decode()
