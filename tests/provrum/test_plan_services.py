"""The project plan's services: versions, optimistic locking, diff, submit, approve, return."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import Event, PlanComment, PlanVersion, ProjectPlan, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import services
from tests.provrum.plan_fixtures import (
    current_version,
    saved_plan,
    submitted_plan,
    valid_plan,
    with_go_ahead,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def go_ahead(cast):
    return with_go_ahead(cast)


def _codes(reasons):
    return [reason.code for reason in reasons]


# Saving and versions ---------------------------------------------------------------


def test_the_first_save_creates_the_plan_as_version_one(cast, go_ahead):
    before = timezone.now()
    plan = plans.plan_save(
        provrum=go_ahead, by=cast["people"]["skane"], data=valid_plan(), version=0
    )
    assert plan.version == 1
    assert plan.status == ProjectPlan.Status.DRAFT
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1
    assert version.author == cast["people"]["skane"]
    assert version.created_at >= before
    assert version.data["budget_lines"][0]["amount"] == 60_000
    assert plan.updated_by == cast["people"]["skane"]


def test_every_save_is_a_new_version_with_its_author(cast, go_ahead):
    saved_plan(cast, go_ahead)
    plans.plan_save(
        provrum=go_ahead,
        by=cast["people"]["orebro"],
        data=valid_plan(purpose="Ett nytt syfte."),
        version=1,
    )
    plans.plan_save(
        provrum=go_ahead,
        by=cast["people"]["kontigo"],
        data=valid_plan(purpose="Ett tredje syfte."),
        version=2,
    )
    plan = plans.plan_of(go_ahead.__class__.objects.get(pk=go_ahead.pk))
    versions = list(plans.plan_versions(plan))
    assert [v.number for v in versions] == [3, 2, 1]
    assert [v.author.email for v in versions] == [
        "kontigo@example.se",
        "orebro@example.se",
        "skane@example.se",
    ]
    assert versions[0].data["purpose"] == "Ett tredje syfte."
    assert versions[2].data["purpose"] == valid_plan()["purpose"]
    assert plan.data["purpose"] == "Ett tredje syfte."


def test_a_save_that_changes_nothing_makes_no_version(cast, go_ahead):
    saved_plan(cast, go_ahead)
    plan = plans.plan_save(
        provrum=go_ahead, by=cast["people"]["orebro"], data=valid_plan(), version=1
    )
    assert plan.version == 1
    assert PlanVersion.objects.count() == 1


def test_the_second_save_from_the_same_version_is_refused_and_keeps_nothing(cast, go_ahead):
    saved_plan(cast, go_ahead)  # version 1: both open the editor here
    first = valid_plan(purpose="Annas syfte.")
    second = valid_plan(purpose="Eriks syfte, som inte får försvinna.")
    plans.plan_save(provrum=go_ahead, by=cast["people"]["skane"], data=first, version=1)
    with pytest.raises(ValidationError) as refused:
        plans.plan_save(provrum=go_ahead, by=cast["people"]["orebro"], data=second, version=1)
    assert refused.value.code == "stale_version"
    assert refused.value.params["version"] == 2
    plan = ProjectPlan.objects.get(provrum=go_ahead)
    assert plan.version == 2
    assert plan.data["purpose"] == "Annas syfte."
    # The refused text was not touched: saved again from the current version, it wins.
    assert second["purpose"] == "Eriks syfte, som inte får försvinna."
    plans.plan_save(provrum=go_ahead, by=cast["people"]["orebro"], data=second, version=2)
    plan.refresh_from_db()
    assert plan.data["purpose"] == "Eriks syfte, som inte får försvinna."
    assert plan.version == 3


def test_a_first_save_against_an_existing_plan_is_stale(cast, go_ahead):
    saved_plan(cast, go_ahead)
    with pytest.raises(ValidationError) as refused:
        plans.plan_save(provrum=go_ahead, by=cast["people"]["orebro"], data=valid_plan(), version=0)
    assert refused.value.code == "stale_version"


def test_invalid_input_is_refused_per_field_and_saves_nothing(cast, go_ahead):
    data = valid_plan()
    data["budget_lines"][0]["amount"] = "12,50"
    data["end"] = "2026-12-01"
    with pytest.raises(ValidationError) as refused:
        plans.plan_save(provrum=go_ahead, by=cast["people"]["skane"], data=data, version=0)
    fields = refused.value.message_dict
    assert set(fields) >= {"budget_lines.0.amount", "end"}
    assert not ProjectPlan.objects.filter(provrum=go_ahead, version__gt=0).exists()


def test_own_contribution_only_from_participants(cast, go_ahead):
    data = valid_plan()
    data["financing"][1]["organisation"] = "region-gavleborg"
    with pytest.raises(ValidationError) as refused:
        plans.plan_save(provrum=go_ahead, by=cast["people"]["skane"], data=data, version=0)
    assert "financing.1.organisation" in refused.value.message_dict


def test_a_version_number_that_is_not_a_number_is_a_field_error(cast, go_ahead):
    with pytest.raises(ValidationError) as refused:
        plans.plan_save(
            provrum=go_ahead, by=cast["people"]["skane"], data=valid_plan(), version="x"
        )
    assert "version" in refused.value.message_dict


# Diff ----------------------------------------------------------------------------------


def test_the_diff_shows_what_changed_between_two_versions(cast, go_ahead):
    saved_plan(cast, go_ahead)
    changed = valid_plan(purpose="Ett helt nytt syfte.")
    changed["budget_lines"][0]["amount"] = 70_000
    plans.plan_save(provrum=go_ahead, by=cast["people"]["orebro"], data=changed, version=1)
    plan = ProjectPlan.objects.get(provrum=go_ahead)
    older, newer = plans.plan_version_get(plan, 1), plans.plan_version_get(plan, 2)
    diff = plans.plan_diff(older, newer)
    inserted = [line.text for line in diff if line.op == "insert"]
    deleted = [line.text for line in diff if line.op == "delete"]
    assert "Ett helt nytt syfte." in inserted
    assert valid_plan()["purpose"] in deleted
    assert any("70\u00a0000" in line for line in inserted)
    assert any("60\u00a0000" in line for line in deleted)
    # Unchanged lines are there too, marked equal.
    assert any(line.op == "equal" and "Startmöte" in line.text for line in diff)
    assert all(line.op == "equal" for line in plans.plan_diff(older, older))


def test_a_missing_version_is_404(cast, go_ahead):
    from django.http import Http404

    plan = saved_plan(cast, go_ahead)
    with pytest.raises(Http404):
        plans.plan_version_get(plan, 7)
    with pytest.raises(Http404):
        plans.plan_version_get(plan, "sju")


# Submit, approve, return ------------------------------------------------------------------


def test_submit_approve_moves_the_provrum_to_running(cast, go_ahead):
    plan = submitted_plan(cast, go_ahead)
    assert plan.status == ProjectPlan.Status.SUBMITTED
    assert plan.submitted_by == cast["people"]["skane"]
    assert Event.objects.filter(provrum=go_ahead, action=Event.Action.PLAN_SUBMITTED).exists()

    plan = plans.plan_approve(provrum=go_ahead, by=cast["office"], comment="Bra plan.")
    go_ahead.refresh_from_db()
    assert plan.status == ProjectPlan.Status.APPROVED
    assert plan.decided_by == cast["office"]
    assert go_ahead.state == State.RUNNING
    actions = list(
        Event.objects.filter(provrum=go_ahead).values_list("action", "from_state", "to_state")
    )
    assert (Event.Action.PLAN_APPROVED, "", "") in actions
    assert (Event.Action.STARTED, State.GO_AHEAD, State.RUNNING) in actions
    assert PlanComment.objects.get(plan=plan).kind == PlanComment.Kind.APPROVED


def test_approving_twice_is_quiet(cast, go_ahead):
    submitted_plan(cast, go_ahead)
    plans.plan_approve(provrum=go_ahead, by=cast["office"])
    plans.plan_approve(provrum=go_ahead, by=cast["office"])
    assert Event.objects.filter(action=Event.Action.PLAN_APPROVED).count() == 1


def test_a_submitted_plan_is_locked_until_the_office_returns_it(cast, go_ahead):
    plan = submitted_plan(cast, go_ahead)
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_save(
            provrum=go_ahead,
            by=cast["people"]["skane"],
            data=valid_plan(purpose="Ändrat."),
            version=plan.version,
        )
    assert _codes(refused.value.reasons) == ["plan_locked"]

    plan = plans.plan_return(provrum=go_ahead, by=cast["office"], comment="Förtydliga syftet.")
    assert plan.status == ProjectPlan.Status.RETURNED
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.GO_AHEAD
    comment = PlanComment.objects.get(plan=plan)
    assert (comment.kind, comment.body, comment.version_number) == (
        PlanComment.Kind.RETURNED,
        "Förtydliga syftet.",
        1,
    )
    event = Event.objects.get(provrum=go_ahead, action=Event.Action.PLAN_RETURNED)
    assert event.note == "Förtydliga syftet."

    plan = plans.plan_save(
        provrum=go_ahead,
        by=cast["people"]["orebro"],
        data=valid_plan(purpose="Ett tydligare syfte."),
        version=1,
    )
    assert plan.version == 2
    plan = plans.plan_submit(provrum=go_ahead, by=cast["people"]["orebro"], version=2)
    assert plan.status == ProjectPlan.Status.SUBMITTED


def test_return_needs_a_comment(cast, go_ahead):
    submitted_plan(cast, go_ahead)
    with pytest.raises(ValidationError) as refused:
        plans.plan_return(provrum=go_ahead, by=cast["office"], comment="  ")
    assert "comment" in refused.value.message_dict
    assert ProjectPlan.objects.get(provrum=go_ahead).status == ProjectPlan.Status.SUBMITTED


def test_the_office_decides_only_on_a_submitted_plan(cast, go_ahead):
    saved_plan(cast, go_ahead)
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_approve(provrum=go_ahead, by=cast["office"])
    assert _codes(refused.value.reasons) == ["plan_not_submitted"]
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_return(provrum=go_ahead, by=cast["office"], comment="Nej.")
    assert _codes(refused.value.reasons) == ["plan_not_submitted"]


def test_submit_needs_a_complete_plan(cast, go_ahead):
    saved_plan(cast, go_ahead, data=valid_plan(purpose="", start=None))
    with pytest.raises(ValidationError) as refused:
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert {"purpose", "start"} <= set(refused.value.message_dict)


def test_submit_of_an_unsaved_plan_is_refused(cast, go_ahead):
    with pytest.raises(ValidationError):
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert not ProjectPlan.objects.filter(provrum=go_ahead, status="submitted").exists()


def test_submit_with_a_stale_version_is_refused(cast, go_ahead):
    saved_plan(cast, go_ahead)
    plans.plan_save(
        provrum=go_ahead, by=cast["people"]["orebro"], data=valid_plan(purpose="Nytt."), version=1
    )
    with pytest.raises(ValidationError) as refused:
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"], version=1)
    assert refused.value.code == "stale_version"


def _over_half():
    data = valid_plan()
    data["financing"][0]["amount"] = 50_001
    return data


def test_submit_is_refused_while_base_funding_is_over_half(cast, go_ahead):
    saved_plan(cast, go_ahead, data=_over_half())
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert "base_funding_over_half" in _codes(refused.value.reasons)
    # Fixed (exactly half), it goes through.
    plans.plan_save(provrum=go_ahead, by=cast["people"]["skane"], data=valid_plan(), version=1)
    plan = plans.plan_submit(provrum=go_ahead, by=cast["people"]["skane"])
    assert plan.status == ProjectPlan.Status.SUBMITTED


def test_approval_is_refused_while_base_funding_is_over_half(cast, go_ahead):
    submitted_plan(cast, go_ahead)
    # The office tightens the share after the plan was submitted: 50 % is now too much.
    format_rules.format_rules_update(by=cast["office"], max_base_funding_share_percent=40)
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_approve(provrum=go_ahead, by=cast["office"])
    assert _codes(refused.value.reasons) == ["base_funding_over_half"]
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.GO_AHEAD
    assert ProjectPlan.objects.get(provrum=go_ahead).status == ProjectPlan.Status.SUBMITTED
    assert not Event.objects.filter(action=Event.Action.PLAN_APPROVED).exists()


def test_warnings_do_not_block_approval(cast, go_ahead):
    data = valid_plan(success_criteria=[], indicators=[])
    submitted_plan(cast, go_ahead, data=data)
    assert {"no_success_criteria", "no_indicators"} <= set(_codes(plans.plan_check(go_ahead)))
    plans.plan_approve(provrum=go_ahead, by=cast["office"])
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.RUNNING


# The office's yearly cap across provrum -------------------------------------------------------


def _approved(cast, title, base):
    provrum = with_go_ahead(cast, title=title)
    data = valid_plan()
    data["budget_lines"][0]["amount"] = 2 * base
    data["financing"][0]["amount"] = base
    submitted_plan(cast, provrum, data=data)
    plans.plan_approve(provrum=provrum, by=cast["office"])
    return provrum


def test_the_yearly_cap_counts_approved_plans_of_the_same_go_ahead_year(cast):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    _approved(cast, "Drönare i krisberedskap", 100_000)
    _approved(cast, "Nordiska grannar och gränshinder", 100_000)
    third = with_go_ahead(cast, title="Cirkularitet i näringslivet")
    asks_one = valid_plan()
    asks_one["financing"][0]["amount"] = 1
    assert plans.base_funding_granted_in_year(timezone.localdate().year) == 200_000
    assert "office_annual_cap_exceeded" in _codes(plans.plan_check(third, asks_one))
    assert "office_annual_cap_exceeded" not in _codes(
        plans.plan_check(third, valid_plan(financing=[]))
    )


def test_approved_plans_of_another_go_ahead_year_do_not_count(cast):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    earlier = _approved(cast, "Drönare i krisberedskap", 100_000)
    earlier.__class__.objects.filter(pk=earlier.pk).update(
        go_ahead_at=timezone.now() - timedelta(days=400)
    )
    _approved(cast, "Nordiska grannar och gränshinder", 100_000)
    third = with_go_ahead(cast, title="Cirkularitet i näringslivet")
    asks = valid_plan()
    assert "office_annual_cap_exceeded" not in _codes(plans.plan_check(third, asks))
    asks["financing"][0]["amount"] = 50_000
    asks["budget_lines"][0]["amount"] = 200_000
    assert plans.base_funding_granted_in_year(timezone.localdate().year) == 100_000
    # Its own earlier approval never counts against itself.
    assert (
        plans.base_funding_granted_in_year(timezone.localdate().year, exclude_provrum=third)
        == 100_000
    )


def test_approval_is_refused_when_the_yearly_cap_filled_up_after_submitting(cast):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    first = with_go_ahead(cast, title="Drönare i krisberedskap")
    second = with_go_ahead(cast, title="Nordiska grannar och gränshinder")
    big = valid_plan()
    big["budget_lines"][0]["amount"] = 300_000
    big["financing"][0]["amount"] = 100_000
    submitted_plan(cast, first, data=big)
    submitted_plan(cast, second, data=big)
    format_rules.format_rules_update(by=cast["office"], office_annual_cap_sek=150_000)
    plans.plan_approve(provrum=first, by=cast["office"])
    with pytest.raises(services.RuleViolation) as refused:
        plans.plan_approve(provrum=second, by=cast["office"])
    assert _codes(refused.value.reasons) == ["office_annual_cap_exceeded"]


# Comments ---------------------------------------------------------------------------------


def test_the_office_and_the_group_comment_on_the_plan(cast, go_ahead):
    saved_plan(cast, go_ahead)
    comment = plans.plan_comment(provrum=go_ahead, by=cast["office"], body="Tänk på budgeten.")
    assert comment.version_number == 1
    again = plans.plan_comment(provrum=go_ahead, by=cast["office"], body="Tänk på budgeten.")
    assert again.pk == comment.pk
    plans.plan_comment(provrum=go_ahead, by=cast["people"]["kontigo"], body="Vi fixar.")
    plan = ProjectPlan.objects.get(provrum=go_ahead)
    assert [c.body for c in plans.plan_comments(plan)] == ["Tänk på budgeten.", "Vi fixar."]
    with pytest.raises(ValidationError):
        plans.plan_comment(provrum=go_ahead, by=cast["office"], body=" ")
    with pytest.raises(ValidationError):
        plans.plan_comment(provrum=go_ahead, by=cast["office"], body="x" * 5001)


def test_an_unsaved_plan_reads_as_empty_version_zero(cast, go_ahead):
    plan = plans.plan_get_for(user=cast["people"]["kontigo"], pk=go_ahead.pk)
    assert plan.pk is None
    assert plan.version == 0
    assert plan.data["budget_lines"] == []
    assert current_version(go_ahead) == 0
    assert list(plans.plan_versions(plan)) == []
