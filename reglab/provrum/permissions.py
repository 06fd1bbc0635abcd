"""Who may do what with a provrum, as django-rules predicates.

Views, the API and templates ask the same question through
``user.has_perm("provrum.<action>", obj)``. Organisations, not people, are the
actors: a person acts through the organisations they represent (a confirmed
affiliation). ``represented_organisation_ids`` is cached on the user object for
the request, so a page with many checks costs one query.
"""

import rules
from django.utils import timezone

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_office
from reglab.organisations.models import Membership
from reglab.provrum.facts import report_status
from reglab.provrum.models import FORMING_STATES, State

COMMENT_EDIT_WINDOW_MINUTES = 15


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def represented_organisations(user) -> dict[int, str]:
    """{organisation id: membership} for the person's confirmed affiliations to
    organisations active today."""
    if not _active(user):
        return {}
    cached = getattr(user, "_provrum_represented", None)
    if cached is None:
        cached = dict(
            Affiliation.objects.confirmed()
            .of_active_organisation()
            .filter(person=user)
            .values_list("organisation_id", "organisation__membership")
        )
        user._provrum_represented = cached
    return cached


def represents(user, organisation) -> bool:
    organisation_id = getattr(organisation, "pk", organisation)
    return organisation_id in represented_organisations(user)


def represents_member(user, organisation) -> bool:
    organisation_id = getattr(organisation, "pk", organisation)
    return represented_organisations(user).get(organisation_id) == Membership.MEMBER


@rules.predicate
def is_representative(user):
    return bool(represented_organisations(user))


@rules.predicate
def is_member_representative(user):
    return Membership.MEMBER in represented_organisations(user).values()


@rules.predicate
def can_propose_for(user, organisation):
    """A member organisation's confirmed representative proposes on its behalf."""
    if organisation is None:
        return is_member_representative(user)
    return represents_member(user, organisation)


@rules.predicate
def is_proposer_side(user, provrum):
    """The person who wrote it, or a representative of the proposing organisation."""
    if provrum is None or not _active(user):
        return False
    return provrum.created_by_id == user.pk or represents(user, provrum.proposer_organisation_id)


@rules.predicate
def is_published(user, provrum):
    return provrum is not None and provrum.state != State.DRAFT


@rules.predicate
def is_draft(user, provrum):
    return provrum is not None and provrum.state == State.DRAFT


@rules.predicate
def is_forming(user, provrum):
    return provrum is not None and provrum.state in FORMING_STATES


@rules.predicate
def is_editable(user, provrum):
    return provrum is not None and provrum.state in {State.DRAFT, *FORMING_STATES}


@rules.predicate
def is_withdrawable(user, provrum):
    """Published and not yet running; a draft is deleted instead (``delete_draft``)."""
    return provrum is not None and provrum.state in {
        State.PROPOSED,
        State.INTEREST,
        State.GO_AHEAD,
    }


@rules.predicate
def is_own_recent_comment(user, comment):
    if comment is None or not _active(user) or comment.is_removed:
        return False
    age = timezone.now() - comment.created_at
    return comment.author_id == user.pk and age.total_seconds() <= COMMENT_EDIT_WINDOW_MINUTES * 60


can_view = is_office | (is_published & is_representative) | (is_draft & is_proposer_side)

rules.add_perm("provrum.view_board", is_office | is_representative)
rules.add_perm("provrum.view_provrum", can_view)
rules.add_perm("provrum.propose", can_propose_for)
rules.add_perm(
    "provrum.change_provrum", is_editable & (is_proposer_side | (is_office & is_published))
)
rules.add_perm("provrum.publish", is_draft & is_proposer_side)
rules.add_perm("provrum.withdraw", is_withdrawable & is_proposer_side)
rules.add_perm("provrum.delete_draft", is_draft & is_proposer_side)
rules.add_perm("provrum.comment", is_published & (is_office | is_representative))
rules.add_perm("provrum.register_interest", is_forming & is_representative)
rules.add_perm("provrum.choose_leader", is_forming & (is_office | is_proposer_side))
rules.add_perm("provrum.decide", is_office)
rules.add_perm("provrum.view_queue", is_office)
rules.add_perm("provrum.change_formatrules", is_office)
rules.add_perm("provrum.edit_comment", is_own_recent_comment)
rules.add_perm("provrum.remove_comment", is_office)


def can_register_interest_for(user, provrum, organisation) -> bool:
    """A representative registers interest for an organisation they represent."""
    return user.has_perm("provrum.register_interest", provrum) and represents(user, organisation)


def can_withdraw_interest(user, interest) -> bool:
    """The organisation's own representative, or the office, while the group forms."""
    if interest is None or interest.provrum.state not in FORMING_STATES:
        return False
    return is_office(user) or represents(user, interest.organisation_id)


# The project plan (after the go-ahead) --------------------------------------------

# States in which a provrum has (or is writing) a project plan.
PLAN_STATES = {State.GO_AHEAD, State.RUNNING, State.REPORTED, State.CLOSED}


def participant_organisation_ids(provrum) -> set[int]:
    """The participating organisations (the leader among them); uses prefetched interests."""
    return {interest.organisation_id for interest in provrum.interests.all()}


def represents_participant(user, provrum) -> bool:
    if provrum is None or not _active(user):
        return False
    represented = represented_organisations(user)
    if not represented:
        return False
    ids = participant_organisation_ids(provrum)
    if provrum.leader_id:
        ids.add(provrum.leader_id)
    return bool(ids & set(represented))


def plan_status(provrum) -> str | None:
    """The plan's status, or None while no plan is saved."""
    from reglab.provrum.models import ProjectPlan

    try:
        return provrum.plan.status
    except ProjectPlan.DoesNotExist:
        return None


@rules.predicate
def has_plan_stage(user, provrum):
    """The provrum got the go-ahead: its plan exists or is being written."""
    return provrum is not None and (provrum.state in PLAN_STATES or provrum.go_ahead_at is not None)


@rules.predicate
def is_participant_representative(user, provrum):
    return represents_participant(user, provrum)


@rules.predicate
def is_plan_open(user, provrum):
    """Go-ahead given, and the plan is not submitted or approved (a returned plan is open)."""
    if provrum is None or provrum.state != State.GO_AHEAD:
        return False
    return plan_status(provrum) not in {"submitted", "approved"}


@rules.predicate
def is_plan_submitted(user, provrum):
    return provrum is not None and plan_status(provrum) == "submitted"


@rules.predicate
def is_plan_approved(user, provrum):
    return provrum is not None and plan_status(provrum) == "approved"


# Who reads the plan. While it is written, submitted or returned the plan (its
# files, versions and comments with it) is the group's – the confirmed
# representatives of the leader and the participating organisations – and the
# office's. Once approved, every confirmed representative may read the plan as
# approved, but the join links of its digital meetings, the office's review
# comments and the earlier versions (drafts) stay with the group and the office.
# The queryset twin of ``can_view_plan`` is ``selectors.plan_visible_to``.
can_view_plan_as_group = has_plan_stage & (is_office | is_participant_representative)
can_view_plan = can_view & (
    can_view_plan_as_group | (has_plan_stage & is_plan_approved & is_representative)
)
can_view_plan_versions = can_view & can_view_plan_as_group
can_view_plan_review = can_view & can_view_plan_as_group
can_view_plan_join_links = can_view & can_view_plan_as_group

rules.add_perm("provrum.view_plan", can_view_plan)
rules.add_perm("provrum.view_plan_versions", can_view_plan_versions)
rules.add_perm("provrum.view_plan_review", can_view_plan_review)
rules.add_perm("provrum.view_plan_join_links", can_view_plan_join_links)
rules.add_perm("provrum.edit_plan", is_plan_open & is_participant_representative)
rules.add_perm("provrum.submit_plan", is_plan_open & is_participant_representative)
rules.add_perm(
    "provrum.comment_plan",
    can_view & has_plan_stage & (is_office | is_participant_representative),
)
rules.add_perm("provrum.decide_plan", is_office)


# Running, reporting and spreading the results -------------------------------------

# States in which the group works: meetings, documents and status updates.
WORK_STATES = {State.GO_AHEAD, State.RUNNING, State.REPORTED}
# States in which the running work can still be read (closed keeps its archive).
WORK_VIEW_STATES = WORK_STATES | {State.CLOSED}


def represents_leader(user, provrum) -> bool:
    return (
        provrum is not None
        and provrum.leader_id is not None
        and _active(user)
        and represents(user, provrum.leader_id)
    )


@rules.predicate
def has_work_stage(user, provrum):
    return provrum is not None and provrum.state in WORK_VIEW_STATES


@rules.predicate
def is_work_open(user, provrum):
    return provrum is not None and provrum.state in WORK_STATES


@rules.predicate
def is_leader_representative(user, provrum):
    return represents_leader(user, provrum)


@rules.predicate
def is_running(user, provrum):
    return provrum is not None and provrum.state == State.RUNNING


@rules.predicate
def is_report_open(user, provrum):
    """Running, and the report is not submitted or approved (a returned report is open)."""
    return (
        provrum is not None
        and provrum.state == State.RUNNING
        and report_status(provrum) not in {"submitted", "approved"}
    )


@rules.predicate
def is_report_submitted(user, provrum):
    return (
        provrum is not None
        and provrum.state == State.REPORTED
        and report_status(provrum) == "submitted"
    )


@rules.predicate
def is_report_approved(user, provrum):
    return provrum is not None and report_status(provrum) == "approved"


@rules.predicate
def is_reported(user, provrum):
    return provrum is not None and provrum.state == State.REPORTED


@rules.predicate
def is_closed(user, provrum):
    return provrum is not None and provrum.state == State.CLOSED


# Meetings, documents and the status log: the group and the office.
rules.add_perm(
    "provrum.view_work",
    has_work_stage & (is_office | is_participant_representative),
)
rules.add_perm(
    "provrum.manage_work",
    is_work_open & (is_office | is_participant_representative),
)
# The status log is written by the leader.
rules.add_perm("provrum.post_status", is_work_open & is_leader_representative)
# The final report: the group writes it, the leader submits it, the office decides.
rules.add_perm(
    "provrum.view_report",
    has_work_stage & (is_office | is_participant_representative),
)
rules.add_perm("provrum.edit_report", is_report_open & is_participant_representative)
rules.add_perm("provrum.submit_report", is_report_open & is_leader_representative)
rules.add_perm(
    "provrum.comment_report",
    has_work_stage & (is_office | is_participant_representative),
)
rules.add_perm("provrum.decide_report", is_report_submitted & is_office)
# Dissemination and closing: the office, once the report is approved.
rules.add_perm("provrum.disseminate", is_reported & is_report_approved & is_office)
rules.add_perm("provrum.close", is_reported & is_report_approved & is_office)
# The format's evaluation and the newsletter draft: the office.
rules.add_perm("provrum.view_evaluation", is_office)
rules.add_perm("provrum.draft_newsletter", is_office)
