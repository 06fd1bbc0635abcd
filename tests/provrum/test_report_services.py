"""The final report's services: prefill, versions, optimistic locking, submit, approve, return."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reglab.core.text import stems
from reglab.notifications.models import Kind, Notification
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.models import (
    Event,
    FinalReport,
    ReportComment,
    ReportVersion,
    State,
)
from reglab.provrum.report import services as reports
from reglab.provrum.report.validation import OUTCOMES
from tests.provrum.conftest import proposal
from tests.provrum.plan_fixtures import submitted_plan, with_go_ahead
from tests.provrum.report_fixtures import (
    CRITERIA,
    ROWS,
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


def _codes(error):
    return [reason.code for reason in error.value.reasons]


def _report(provrum):
    return FinalReport.objects.get(provrum=provrum)


def _events(provrum, action):
    return list(Event.objects.filter(provrum=provrum, action=action))


# The prefill from the plan ----------------------------------------------------------


def test_a_new_report_is_prefilled_from_the_approved_plan(cast, provrum):
    report = reports.report_of(provrum)
    assert report.pk is None and report.version == 0
    assert [(row["kind"], row["text"]) for row in report.data["results"]] == ROWS
    assert {row["outcome"] for row in report.data["results"]} == {""}
    assert report.data["summary"] == "" and report.data["attachments"] == []
    rows = reports.report_rows(provrum)
    assert rows[2].detail == "Enkät efter sex månader"
    assert rows[0].detail == ""
    assert not FinalReport.objects.exists()  # reading creates nothing


def test_no_rows_before_the_plan_is_approved(cast):
    provrum = with_go_ahead(cast)
    submitted_plan(cast, provrum)
    assert reports.report_rows(provrum) == []
    assert reports.report_of(provrum).data["results"] == []


def test_a_report_row_created_by_a_comment_follows_the_plan_once_approved(cast):
    from reglab.provrum.plan import services as plans

    provrum = with_go_ahead(cast)
    reports.report_comment(provrum=provrum, by=cast["office"], body="Tänk på slutrapporten.")
    assert _report(provrum).version == 0
    submitted_plan(cast, provrum)
    plans.plan_approve(provrum=fresh(provrum), by=cast["office"])
    report = reports.report_of(fresh(provrum))
    assert report.pk is not None
    assert [row["text"] for row in report.data["results"]] == [
        "Minst tre regioner använder metoden",
        "Antal analyser",
    ]


# Saving and versions -----------------------------------------------------------------


def test_the_first_save_is_version_one_with_its_author(cast, provrum):
    report = reports.report_save(
        provrum=provrum, by=cast["people"]["orebro"], data=valid_report(), version=0
    )
    assert (report.version, report.status) == (1, FinalReport.Status.DRAFT)
    assert report.updated_by == cast["people"]["orebro"]
    version = ReportVersion.objects.get(report=report)
    assert (version.number, version.author) == (1, cast["people"]["orebro"])
    assert version.data == valid_report()
    assert _report(provrum).data == valid_report()


def test_every_save_is_a_new_version_and_an_unchanged_save_is_not(cast, provrum):
    saved_report(cast, provrum)
    reports.report_save(
        provrum=fresh(provrum),
        by=cast["people"]["kontigo"],
        data=valid_report(lessons="Nya lärdomar."),
        version=1,
    )
    unchanged = reports.report_save(
        provrum=fresh(provrum),
        by=cast["people"]["skane"],
        data=valid_report(lessons="Nya lärdomar."),
        version=2,
    )
    assert unchanged.version == 2
    versions = list(reports.report_versions(_report(provrum)))
    assert [(v.number, v.author.email) for v in versions] == [
        (2, "kontigo@example.se"),
        (1, "skane@example.se"),
    ]


def test_the_second_editor_from_the_same_version_is_refused_and_loses_nothing(cast, provrum):
    saved_report(cast, provrum)  # version 1: both open the editor here
    first = valid_report(summary="Annas sammanfattning.")
    second = valid_report(summary="Eriks sammanfattning, som inte får försvinna.")
    reports.report_save(provrum=fresh(provrum), by=cast["people"]["skane"], data=first, version=1)
    with pytest.raises(ValidationError) as refused:
        reports.report_save(
            provrum=fresh(provrum), by=cast["people"]["orebro"], data=second, version=1
        )
    assert refused.value.code == "stale_version"
    assert refused.value.params["version"] == 2
    report = _report(provrum)
    assert (report.version, report.data["summary"]) == (2, "Annas sammanfattning.")
    assert second["summary"] == "Eriks sammanfattning, som inte får försvinna."
    reports.report_save(provrum=fresh(provrum), by=cast["people"]["orebro"], data=second, version=2)
    report.refresh_from_db()
    assert (report.version, report.data["summary"]) == (3, second["summary"])


def test_a_first_save_against_a_saved_report_is_stale(cast, provrum):
    saved_report(cast, provrum)
    with pytest.raises(ValidationError) as refused:
        reports.report_save(
            provrum=fresh(provrum), by=cast["people"]["orebro"], data=valid_report(), version=0
        )
    assert refused.value.code == "stale_version"


def test_invalid_input_is_refused_per_field_and_saves_nothing(cast, provrum):
    data = valid_report(follow_on="kanske")
    data["results"][0]["outcome"] = "ja"
    with pytest.raises(ValidationError) as refused:
        reports.report_save(provrum=provrum, by=cast["people"]["skane"], data=data, version=0)
    assert set(refused.value.message_dict) == {"follow_on", "results.0.outcome"}
    assert not FinalReport.objects.exists()


def test_a_version_that_is_not_a_number_is_a_field_error(cast, provrum):
    with pytest.raises(ValidationError) as refused:
        reports.report_save(
            provrum=provrum, by=cast["people"]["skane"], data=valid_report(), version="x"
        )
    assert "version" in refused.value.message_dict


def test_attachments_only_among_the_provrums_documents(cast, provrum):
    own = document(provrum, "protokoll.pdf")
    elsewhere = document(proposal(cast, title="Ett annat provrum"), "hemligt.pdf")
    with pytest.raises(ValidationError) as refused:
        reports.report_save(
            provrum=provrum,
            by=cast["people"]["skane"],
            data=valid_report(attachments=[own.pk, elsewhere.pk]),
            version=0,
        )
    assert list(refused.value.message_dict) == ["attachments"]
    report = reports.report_save(
        provrum=provrum,
        by=cast["people"]["skane"],
        data=valid_report(attachments=[own.pk]),
        version=0,
    )
    assert report.data["attachments"] == [own.pk]
    assert reports.report_attachments(provrum, report.data) == [own]
    # A forged id in stored data is never shown, nor a removed document.
    assert reports.report_attachments(provrum, {"attachments": [elsewhere.pk, own.pk]}) == [own]
    own.delete()
    assert reports.report_attachments(provrum, report.data) == []


def test_the_report_is_written_while_running(cast):
    provrum = with_go_ahead(cast)
    with pytest.raises(RuleViolation) as refused:
        reports.report_save(
            provrum=provrum, by=cast["people"]["skane"], data=valid_report(), version=0
        )
    assert _codes(refused) == ["report_not_running"]
    assert not FinalReport.objects.exists()


# Submitting ------------------------------------------------------------------------------


MISSING = {
    "first outcome": (lambda d: d["results"][0].update(outcome=""), ["report_outcome_missing"]),
    "indicator outcome": (
        lambda d: d["results"][2].update(outcome=""),
        ["report_outcome_missing"],
    ),
    "all outcomes": (
        lambda d: [row.update(outcome="") for row in d["results"]],
        ["report_outcome_missing"] * 3,
    ),
    "summary": (lambda d: d.update(summary=""), ["report_summary_missing"]),
    "lessons": (lambda d: d.update(lessons=""), ["report_lessons_missing"]),
    "outcome and lessons": (
        lambda d: (d["results"][1].update(outcome=""), d.update(lessons="")),
        ["report_outcome_missing", "report_lessons_missing"],
    ),
}


@pytest.mark.parametrize("case", list(MISSING))
def test_submit_is_refused_while_something_is_missing(cast, provrum, case):
    change, codes = MISSING[case]
    data = valid_report()
    change(data)
    saved_report(cast, provrum, data)
    with pytest.raises(RuleViolation) as refused:
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    assert _codes(refused) == codes
    assert fresh(provrum).state == State.RUNNING
    assert _report(provrum).status == FinalReport.Status.DRAFT
    assert not _events(provrum, Event.Action.REPORTED)


def test_submit_lists_which_outcomes_are_missing(cast, provrum):
    data = valid_report()
    data["results"][1]["outcome"] = ""
    saved_report(cast, provrum, data)
    with pytest.raises(RuleViolation) as refused:
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    (reason,) = refused.value.reasons
    assert reason.params["number"] == 2
    assert CRITERIA[1] in refused.value.message


def test_an_unsaved_report_cannot_be_submitted(cast, provrum):
    with pytest.raises(RuleViolation) as refused:
        reports.report_submit(provrum=provrum, by=cast["people"]["skane"])
    assert "report_summary_missing" in _codes(refused)
    assert not FinalReport.objects.exists()


def test_submit_moves_the_provrum_to_reported(cast, provrum):
    before = timezone.now()
    report = submitted_report(cast, provrum)
    assert report.status == FinalReport.Status.SUBMITTED
    assert report.submitted_by == cast["people"]["skane"]
    assert report.submitted_at >= before
    provrum = fresh(provrum)
    assert provrum.state == State.REPORTED
    (event,) = _events(provrum, Event.Action.REPORTED)
    assert (event.from_state, event.to_state) == (State.RUNNING, State.REPORTED)
    assert (event.actor, event.organisation) == (cast["people"]["skane"], cast["orgs"]["skane"])


def test_a_double_submit_is_quiet(cast, provrum):
    first = submitted_report(cast, provrum)
    again = reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    assert again.pk == first.pk and again.submitted_at == first.submitted_at
    assert len(_events(provrum, Event.Action.REPORTED)) == 1


def test_submit_of_a_version_someone_else_changed_is_stale(cast, provrum):
    saved_report(cast, provrum)
    saved_report(cast, provrum, valid_report(lessons="Ändrat av Örebro."), by="orebro")
    with pytest.raises(ValidationError) as refused:
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"], version=1)
    assert refused.value.code == "stale_version"
    assert fresh(provrum).state == State.RUNNING


def test_nobody_edits_a_submitted_report(cast, provrum):
    submitted_report(cast, provrum)
    with pytest.raises(RuleViolation) as refused:
        reports.report_save(
            provrum=fresh(provrum), by=cast["people"]["orebro"], data=valid_report(), version=1
        )
    assert _codes(refused) == ["report_locked"]


# The office approves -----------------------------------------------------------------


def test_approval_publishes_the_report_and_the_provrum_stays_reported(cast, provrum):
    submitted_report(cast, provrum)
    before = timezone.now()
    report = reports.report_approve(
        provrum=fresh(provrum), by=cast["office"], comment="Tydlig rapport."
    )
    assert report.status == FinalReport.Status.APPROVED
    assert report.is_published
    assert report.published_at >= before and report.decided_at == report.published_at
    assert report.decided_by == cast["office"]
    assert fresh(provrum).state == State.REPORTED
    # The stems of the title, summary, lessons and recommendations: "regionerna" → "region".
    words = set(report.search_text.split())
    assert set(stems("regionerna visualisering lärprojekt datadelning")) <= words
    assert "regionerna" not in words
    assert report.search_text.startswith(" ") and report.search_text.endswith(" ")
    comment = ReportComment.objects.get(report=report)
    assert (comment.kind, comment.body, comment.version_number) == (
        ReportComment.Kind.APPROVED,
        "Tydlig rapport.",
        1,
    )
    (event,) = _events(provrum, Event.Action.REPORT_APPROVED)
    assert (event.actor, event.note) == (cast["office"], "Tydlig rapport.")


def test_a_double_approval_is_quiet(cast, provrum):
    first = approved_report(cast, provrum)
    again = reports.report_approve(provrum=fresh(provrum), by=cast["office"])
    assert again.published_at == first.published_at
    assert len(_events(provrum, Event.Action.REPORT_APPROVED)) == 1
    assert not ReportComment.objects.exists()  # no comment given, none written


@pytest.mark.parametrize("setup", ["none", "draft", "returned"])
def test_only_a_submitted_report_is_decided(cast, provrum, setup):
    if setup == "draft":
        saved_report(cast, provrum)
    elif setup == "returned":
        returned_report(cast, provrum)
    with pytest.raises(RuleViolation) as refused:
        reports.report_approve(provrum=fresh(provrum), by=cast["office"])
    assert _codes(refused) == ["report_not_submitted"]
    assert not _events(provrum, Event.Action.REPORT_APPROVED)
    if setup != "returned":
        with pytest.raises(RuleViolation):
            reports.report_return(provrum=fresh(provrum), by=cast["office"], comment="Nej.")


def test_an_approval_comment_has_a_limit(cast, provrum):
    submitted_report(cast, provrum)
    with pytest.raises(ValidationError) as refused:
        reports.report_approve(provrum=fresh(provrum), by=cast["office"], comment="x" * 5001)
    assert "comment" in refused.value.message_dict
    assert _report(provrum).status == FinalReport.Status.SUBMITTED


# The office returns -------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_return_needs_a_comment(cast, provrum, comment):
    submitted_report(cast, provrum)
    with pytest.raises(ValidationError) as refused:
        reports.report_return(provrum=fresh(provrum), by=cast["office"], comment=comment)
    assert "comment" in refused.value.message_dict
    assert _report(provrum).status == FinalReport.Status.SUBMITTED
    assert fresh(provrum).state == State.REPORTED
    assert not _events(provrum, Event.Action.REPORT_RETURNED)


def test_a_returned_report_runs_again_and_can_be_submitted_anew(cast, provrum):
    report = returned_report(cast, provrum, comment="Förtydliga indikatorn.")
    assert report.status == FinalReport.Status.RETURNED
    assert report.decided_by == cast["office"] and report.published_at is None
    assert fresh(provrum).state == State.RUNNING
    comment = ReportComment.objects.get(report=report)
    assert (comment.kind, comment.body) == (ReportComment.Kind.RETURNED, "Förtydliga indikatorn.")
    (event,) = _events(provrum, Event.Action.REPORT_RETURNED)
    assert (event.from_state, event.to_state, event.note) == (
        State.REPORTED,
        State.RUNNING,
        "Förtydliga indikatorn.",
    )
    # A second return changes nothing.
    reports.report_return(provrum=fresh(provrum), by=cast["office"], comment="Igen.")
    assert ReportComment.objects.count() == 1
    # The group edits again; the leader submits again.
    changed = valid_report()
    changed["results"][2]["evidence"] = "Enkäten visar 14 analyser."
    saved_report(cast, provrum, changed, by="orebro")
    again = reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    assert (again.status, again.version) == (FinalReport.Status.SUBMITTED, 2)
    assert fresh(provrum).state == State.REPORTED
    assert len(_events(provrum, Event.Action.REPORTED)) == 2


# Comments -----------------------------------------------------------------------------


def test_comments_are_tied_to_the_version_and_sent_once(cast, provrum):
    saved_report(cast, provrum)
    first = reports.report_comment(provrum=fresh(provrum), by=cast["office"], body=" Bra början. ")
    again = reports.report_comment(provrum=fresh(provrum), by=cast["office"], body="Bra början.")
    assert first.pk == again.pk
    assert (first.body, first.version_number, first.kind) == ("Bra början.", 1, "comment")
    assert list(reports.report_comments(_report(provrum))) == [first]


@pytest.mark.parametrize(("body", "ok"), [("", False), ("  ", False), ("x" * 5000, True)])
def test_comment_text_limits(cast, provrum, body, ok):
    if ok:
        reports.report_comment(provrum=provrum, by=cast["people"]["orebro"], body=body)
        assert ReportComment.objects.count() == 1
        return
    with pytest.raises(ValidationError) as refused:
        reports.report_comment(provrum=provrum, by=cast["people"]["orebro"], body=body)
    assert "body" in refused.value.message_dict


def test_a_comment_over_the_limit(cast, provrum):
    with pytest.raises(ValidationError):
        reports.report_comment(provrum=provrum, by=cast["people"]["orebro"], body="x" * 5001)
    assert not ReportComment.objects.exists()


# The diff between versions --------------------------------------------------------------


def test_the_diff_shows_changed_outcomes_and_attachments(cast, provrum):
    attached = document(provrum, "slutseminarium.pdf")
    saved_report(cast, provrum)
    changed = valid_report(attachments=[attached.pk])
    changed["results"][2]["outcome"] = "met"
    saved_report(cast, provrum, changed, by="orebro")
    report = _report(provrum)
    older = reports.report_version_get(report, 1)
    newer = reports.report_version_get(report, "2")
    diff = reports.report_diff(older, newer, provrum=provrum)
    inserted = [line.text for line in diff if line.op == "insert"]
    deleted = [line.text for line in diff if line.op == "delete"]
    met, not_met = str(OUTCOMES["met"]), str(OUTCOMES["not_met"])
    assert len(inserted) == 2 and len(deleted) == 2
    assert "Antal analyser" in inserted[0] and inserted[0].endswith(met)
    assert "Antal analyser" in deleted[0] and deleted[0].endswith(not_met)
    assert inserted[1] == "- slutseminarium.pdf"
    assert deleted[1] == "–"  # no attachments before
    # What did not change is there, unmarked.
    assert any(line.op == "equal" and "Öppna data" in line.text for line in diff)


def test_a_version_that_does_not_exist_is_404(cast, provrum):
    from django.http import Http404

    saved_report(cast, provrum)
    report = _report(provrum)
    for number in (0, 2, "x", None):
        with pytest.raises(Http404):
            reports.report_version_get(report, number)


# Notifications ----------------------------------------------------------------------------

GROUP = {"skane@example.se", "orebro@example.se", "kontigo@example.se"}


def _notified(provrum, kind):
    return set(
        Notification.objects.filter(provrum=provrum, kind=kind).values_list(
            "recipient__email", flat=True
        )
    )


def test_submit_tells_the_office(cast, provrum, django_capture_on_commit_callbacks):
    saved_report(cast, provrum)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    assert _notified(provrum, Kind.REPORTED) == {"kansli@example.se"}
    assert Notification.objects.filter(kind=Kind.REPORTED).count() == 1


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_the_decision_tells_the_group(cast, provrum, decision, django_capture_on_commit_callbacks):
    submitted_report(cast, provrum)
    with django_capture_on_commit_callbacks(execute=True):
        if decision == "approve":
            reports.report_approve(provrum=fresh(provrum), by=cast["office"])
            kind = Kind.REPORT_APPROVED
        else:
            reports.report_return(provrum=fresh(provrum), by=cast["office"], comment="Ändra.")
            kind = Kind.REPORT_RETURNED
    assert _notified(provrum, kind) == GROUP
    assert "gavleborg@example.se" not in _notified(provrum, kind)


def test_submitting_outside_running_is_refused_by_the_state_table(cast):
    provrum = with_go_ahead(cast)
    for person in (cast["people"]["skane"], cast["people"]["orebro"]):
        with pytest.raises(RuleViolation) as refused:
            reports.report_submit(provrum=fresh(provrum), by=person)
        assert [(r.code, r.params) for r in refused.value.reasons] == [
            ("illegal_transition", {"from": State.GO_AHEAD, "to": State.REPORTED})
        ]
    assert fresh(provrum).state == State.GO_AHEAD
    assert not FinalReport.objects.exists()


def test_resubmitting_an_approved_report_is_refused(cast, provrum):
    approved_report(cast, provrum)
    with pytest.raises(RuleViolation) as refused:
        reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])
    assert _codes(refused) == ["report_locked"]
