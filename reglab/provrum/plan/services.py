"""The project plan: reads and writes, after the office's go-ahead.

The group (representatives of the leader and of the participating
organisations) writes the plan on Reglab's template; every save is a new
``PlanVersion``. The plan is submitted, and the office approves it – which moves
the provrum to running – or returns it with a comment.

Refusals as in ``services``: ``PermissionDenied`` (403), ``RuleViolation``
(409, with the rule reasons), ``ValidationError`` (422, messages per field path
of the plan; ``code="stale_version"`` when someone saved in between, with the
current version in ``params["version"]``).
"""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reglab.provrum import lifecycle, rules
from reglab.provrum.facts import base_funding_granted_in_year, plan_year
from reglab.provrum.models import (
    TRANSITIONS,
    Event,
    FormatRules,
    PlanComment,
    PlanVersion,
    ProjectPlan,
    Provrum,
    State,
    empty_plan_data,
)
from reglab.provrum.permissions import PLAN_STATES, represents_participant
from reglab.provrum.plan.validation import (
    BUDGET_CATEGORIES,
    FINANCING_SOURCES,
    MEETING_LABELS,
    clean_plan_data,
)
from reglab.provrum.reviewed import services as review
from reglab.provrum.reviewed.selectors import comment_list, version_get, version_list
from reglab.provrum.reviewed.services import DiffLine, lines_diff
from reglab.provrum.selectors import format_rules_get, provrum_get_for

# The project plan as a kind of reviewed document.
PLAN = review.ReviewKind(
    name="plan",
    version_model=PlanVersion,
    comment_model=PlanComment,
    document_field="plan",
    stale_message=lambda: _(
        "Someone else saved the plan while you were editing it (now version %(version)s). "
        "Your text is kept: compare it with the saved version and save again."
    ),
    version_missing_message=lambda: _("Send the version of the plan you started from."),
    return_needs_comment_message=lambda: _("Write what the group should change in the plan."),
    document_model=ProjectPlan,
    document_of=lambda provrum: plan_of(provrum),
)


# Reads -------------------------------------------------------------------------


def plan_of(provrum: Provrum) -> ProjectPlan:
    """The provrum's plan; a new, unsaved and empty one (version 0) before the first save."""
    try:
        return provrum.plan
    except ProjectPlan.DoesNotExist:
        return ProjectPlan(provrum=provrum, data=empty_plan_data(), version=0)


def plan_get_for(*, user, pk) -> ProjectPlan:
    """The plan of a provrum the person may see, once it has the go-ahead.

    The same 404 for a missing provrum, one the person may not see, and one
    without the go-ahead. ``plan.pk is None`` while nobody has saved it yet.
    ``plan.provrum`` comes with its participants prefetched.
    """
    provrum = pk if isinstance(pk, Provrum) else provrum_get_for(user=user, pk=pk)
    if not user.has_perm("provrum.view_plan", provrum):
        raise Http404
    return plan_of(provrum)


def plan_history_get_for(*, user, pk) -> ProjectPlan:
    """The plan with its history (versions, diff), for the group and the office.

    A reader outside the group may read an approved plan, but not its earlier
    versions: they are the group's drafts. The same 404 as for a missing plan.
    """
    plan = plan_get_for(user=user, pk=pk)
    if not user.has_perm("provrum.view_plan_versions", plan.provrum):
        raise Http404
    return plan


def plan_comments_for(user, plan: ProjectPlan) -> QuerySet[PlanComment]:
    """The comments on the plan the person may read: none outside the group and the office.

    The office's review (its comments, its returns and its approval) is written
    to the group, not to every reader of the approved plan.
    """
    if not user.has_perm("provrum.view_plan_review", plan.provrum):
        return PlanComment.objects.none()
    return plan_comments(plan)


# A link in a milestone's place: a scheme (https://, msteams://), "www." or a host with a path.
_LINK = re.compile(r"[a-z][a-z0-9+.-]*:/|www\.|[\w-]+(\.[\w-]+)+/|@", re.IGNORECASE)


def plan_without_join_links(data: dict) -> dict:
    """The plan's data without the milestones' join links, for readers outside the group.

    Only a physical meeting's place is kept, and only when it holds no link: a
    digital meeting's place is its link, and a link written anywhere else in the
    place is one too.
    """
    if not isinstance(data, dict):
        return data
    milestones = []
    for row in data.get("milestones") or []:
        if not isinstance(row, dict):
            continue
        place = str(row.get("place") or "")
        if row.get("meeting") != "physical" or _LINK.search(place):
            row = {**row, "place": ""}
        milestones.append(row)
    return {**data, "milestones": milestones}


def plan_data_for(user, provrum: Provrum, data: dict) -> dict:
    """The plan's data as the person may read it: the join links only for the group
    and the office. Every page, file, calendar and API answer reads it through here."""
    if user.has_perm("provrum.view_plan_join_links", provrum):
        return data
    return plan_without_join_links(data)


def plan_organisation_slugs(provrum: Provrum) -> set[str]:
    """The organisations that may put their own contribution in the financing."""
    slugs = {interest.organisation.slug for interest in provrum.interests.all()}
    if provrum.leader_id:
        slugs.add(provrum.leader.slug)
    return slugs


def plan_check(provrum: Provrum, data: dict | None = None, limits=None) -> list[rules.Reason]:
    """The rule reasons (errors and warnings) for the plan, or for ``data`` if given."""
    if data is None:
        data = plan_of(provrum).data
    limits = limits or format_rules_get().to_limits()
    return rules.check_plan(
        facts=rules.plan_facts(data),
        limits=limits,
        base_funding_granted_this_year_sek=base_funding_granted_in_year(
            plan_year(provrum), exclude_provrum=provrum
        ),
    )


# The plan's versions (newest first), one by its number (404 when none), its comments.
plan_versions = version_list
plan_version_get = version_get
plan_comments = comment_list


def _amount_text(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u00a0") + "\u00a0kr"
    return str(value)


def _date_text(value) -> str:
    if not value:
        return "–"
    try:
        return date_format(date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return str(value)


def plan_text(data: dict) -> list[str]:
    """The plan as readable lines, in the template's order: what the diff compares."""
    data = data or {}
    lines = []

    def section(title):
        if lines:
            lines.append("")
        lines.append(f"## {title}")

    for name, title in (
        ("purpose", _("Purpose")),
        ("expected_result", _("Expected result")),
        ("main_question", _("Main question")),
        ("delimitations", _("Delimitations")),
    ):
        section(title)
        lines.extend((data.get(name) or "–").splitlines() or ["–"])
    section(_("Timeline"))
    lines.append(
        _("%(start)s to %(end)s")
        % {"start": _date_text(data.get("start")), "end": _date_text(data.get("end"))}
    )
    for milestone in data.get("milestones") or []:
        meeting = MEETING_LABELS.get(milestone.get("meeting"), "")
        place = f", {milestone.get('place')}" if milestone.get("place") else ""
        lines.append(
            f"- {_date_text(milestone.get('date'))}: {milestone.get('title', '')}"
            + (f" ({meeting}{place})" if milestone.get("meeting") not in (None, "none") else "")
        )
    section(_("Resources"))
    for row in data.get("resources") or []:
        lines.append(f"- {row.get('who', '')}: {row.get('what', '')}")
    section(_("Success criteria"))
    for criterion in data.get("success_criteria") or []:
        lines.append(f"- {criterion}")
    section(_("Indicators"))
    for row in data.get("indicators") or []:
        lines.append(
            "- "
            + _("%(indicator)s (measured by: %(measured_by)s)")
            % {"indicator": row.get("indicator", ""), "measured_by": row.get("measured_by", "")}
        )
    section(_("Budget"))
    for row in data.get("budget_lines") or []:
        category = BUDGET_CATEGORIES.get(row.get("category"), row.get("category", ""))
        working = _(" (working time)") if row.get("is_working_time") else ""
        amount = _amount_text(row.get("amount"))
        lines.append(f"- {category}: {row.get('description', '')}{working}: {amount}")
    section(_("Financing"))
    for row in data.get("financing") or []:
        source = FINANCING_SOURCES.get(row.get("source"), row.get("source", ""))
        who = row.get("organisation") or row.get("label") or ""
        lines.append(f"- {source}{': ' + who if who else ''}: {_amount_text(row.get('amount'))}")
    return lines


def plan_diff(older, newer) -> list[DiffLine]:
    """What changed between two versions (``PlanVersion`` or plan data), line by line."""
    return lines_diff(
        plan_text(getattr(older, "data", older)), plan_text(getattr(newer, "data", newer))
    )


# Writes ------------------------------------------------------------------------


def _plan_state_refusal(provrum: Provrum, plan: ProjectPlan | None) -> None:
    """Refuse (409) a write the plan's or the provrum's state does not allow."""
    if provrum.state not in PLAN_STATES and provrum.go_ahead_at is None:
        raise lifecycle.RuleViolation(
            [rules.Reason("plan_needs_go_ahead", rules.ERROR, {"state": provrum.state})]
        )
    if provrum.state != State.GO_AHEAD:
        raise lifecycle.RuleViolation(
            [rules.Reason("plan_not_editable", rules.ERROR, {"state": provrum.state})]
        )
    if plan is not None and plan.status in {
        ProjectPlan.Status.SUBMITTED,
        ProjectPlan.Status.APPROVED,
    }:
        raise lifecycle.RuleViolation(
            [rules.Reason("plan_locked", rules.ERROR, {"status": plan.status})]
        )


def _require_participant(provrum: Provrum, by, permission: str, message: str) -> None:
    """403 for people outside the group; 409 for the group when the state says no."""
    if by.has_perm(permission, provrum):
        return
    if represents_participant(by, provrum) and by.has_perm("provrum.view_provrum", provrum):
        _plan_state_refusal(provrum, getattr(provrum, "plan", None))
    raise PermissionDenied(message)


@transaction.atomic
def plan_save(*, provrum: Provrum, by, data, version) -> ProjectPlan:
    """Save the plan as a new version.

    ``version`` is the version the person started from (0 for a new plan). An
    older one is refused with ``ValidationError(code="stale_version")`` whose
    ``params["version"]`` is the current version: nobody overwrites another's
    edit unseen. Input that is not valid is refused with the messages per field
    path (``plan_validation``). A save that changes nothing returns the plan as it is.
    """

    def require(provrum, by):
        _require_participant(
            provrum,
            by,
            "provrum.edit_plan",
            _("Only the participating organisations can edit the project plan."),
        )

    def clean(provrum, data):
        return clean_plan_data(data, organisation_slugs=plan_organisation_slugs(provrum))

    return review.save(
        PLAN, provrum=provrum, by=by, data=data, version=version, require=require, clean=clean
    )


@transaction.atomic
def plan_submit(*, provrum: Provrum, by, version=None) -> ProjectPlan:
    """Submit the plan to the office.

    The plan must be complete (``ValidationError`` per field) and free of rule
    errors (``RuleViolation``; warnings are for the office to weigh). With
    ``version``, a plan saved by someone else in between is refused as stale.
    """
    provrum = review.locked(PLAN, provrum)
    plan = plan_of(provrum)
    if plan.status == ProjectPlan.Status.SUBMITTED and represents_participant(by, provrum):
        return plan
    _require_participant(
        provrum,
        by,
        "provrum.submit_plan",
        _("Only the participating organisations can submit the project plan."),
    )
    if plan.pk is None or plan.version == 0:
        raise ValidationError({"__all__": _("Write and save the plan before you submit it.")})
    if version is not None:
        review.refuse_if_stale(PLAN, plan, review.version_number(PLAN, version))
    _complete, errors = clean_plan_data(
        plan.data, organisation_slugs=plan_organisation_slugs(provrum), complete=True
    )
    if errors:
        raise ValidationError(errors)
    lifecycle.refuse(plan_check(provrum, plan.data))
    review.mark_submitted(plan, by=by)
    lifecycle.record(provrum, Event.Action.PLAN_SUBMITTED, by=by)
    return plan


def _office_plan(provrum: Provrum, by, message: str) -> tuple[Provrum, ProjectPlan]:
    return review.office_document(PLAN, provrum, by, "provrum.decide_plan", message)


def _require_submitted(provrum: Provrum, plan: ProjectPlan) -> None:
    if plan.status != ProjectPlan.Status.SUBMITTED:
        if provrum.state not in PLAN_STATES and provrum.go_ahead_at is None:
            raise lifecycle.RuleViolation(
                [rules.Reason("plan_needs_go_ahead", rules.ERROR, {"state": provrum.state})]
            )
        raise lifecycle.RuleViolation(
            [rules.Reason("plan_not_submitted", rules.ERROR, {"status": plan.status})]
        )


@transaction.atomic
def plan_approve(*, provrum: Provrum, by, comment: str = "") -> ProjectPlan:
    """The office approves a submitted plan: the provrum starts (running).

    Refused while an error remains among the plan's rules. The FormatRules row
    is locked first, as for the go-ahead, so two approvals that together would
    pass the office's yearly cap are serialised: the second sees the first.
    """
    if not by.has_perm("provrum.decide_plan", provrum):
        raise PermissionDenied(_("Only the office can approve the project plan."))
    format_rules_get()
    limits = FormatRules.objects.select_for_update().get(pk=1).to_limits()
    provrum, plan = _office_plan(provrum, by, _("Only the office can approve the project plan."))
    if plan.status == ProjectPlan.Status.APPROVED and provrum.state != State.GO_AHEAD:
        return plan
    _require_submitted(provrum, plan)
    comment = review.clean_comment(comment)
    lifecycle.refuse(
        [
            *plan_check(provrum, plan.data, limits),
            *rules.check_transition(
                current=provrum.state, target=State.RUNNING, allowed=TRANSITIONS
            ),
        ]
    )
    review.decide(PLAN, plan, by=by, status=ProjectPlan.Status.APPROVED, comment=comment)
    lifecycle.record(provrum, Event.Action.PLAN_APPROVED, by=by, note=comment)
    provrum_start(provrum=provrum, by=by)
    return plan


@transaction.atomic
def provrum_start(*, provrum: Provrum, by) -> Provrum:
    """The office marks a provrum with the go-ahead as running (its plan is agreed);
    ``plan_approve`` does it on approval."""
    provrum = lifecycle.lock(provrum)
    if provrum.state == State.RUNNING:
        return provrum
    if not by.has_perm("provrum.decide", provrum):
        # A state the table does not allow is refused as such (409), as in publish and
        # withdraw; the real reason is the state.
        lifecycle.check_transition(provrum, State.RUNNING)
        lifecycle.deny(_("Only the office can start a provrum."))
    old = lifecycle.transition(provrum, State.RUNNING)
    lifecycle.save(provrum, reason=State.RUNNING)
    lifecycle.record(provrum, Event.Action.STARTED, by=by, from_state=old, to_state=State.RUNNING)
    return provrum


@transaction.atomic
def plan_return(*, provrum: Provrum, by, comment: str) -> ProjectPlan:
    """The office returns a submitted plan with a comment saying what to change."""
    provrum, plan = _office_plan(provrum, by, _("Only the office can return the project plan."))
    if plan.status == ProjectPlan.Status.RETURNED:
        return plan
    _require_submitted(provrum, plan)
    comment = review.return_comment(PLAN, comment)
    review.decide(PLAN, plan, by=by, status=ProjectPlan.Status.RETURNED, comment=comment)
    lifecycle.record(provrum, Event.Action.PLAN_RETURNED, by=by, note=comment)
    return plan


@transaction.atomic
def plan_comment(*, provrum: Provrum, by, body: str) -> PlanComment:
    """A comment on the plan by the office or the group, tied to the current version."""
    refused = _("You cannot comment on this project plan.")
    return review.comment(PLAN, provrum=provrum, by=by, body=body, message=refused)
