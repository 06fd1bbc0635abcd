"""Who may work in, report on, spread and close a provrum, in each state and report status.

Roles as in the plan's table: the leader's representative (Region Skåne), a
participant's representative (Region Örebro län), a member's representative
whose organisation does not take part (Region Gävleborg), a participating
partner's representative (Kontigo), the office, a signed-in person with no
confirmed organisation, and an anonymous visitor. The services and views are
tested against these answers in their own modules; this table makes a change in
who may do what visible in one place.
"""

import pytest
from django.utils import timezone

from reglab.provrum.models import FinalReport, Provrum
from tests.provrum.conftest import ready_provrum
from tests.provrum.plan_fixtures import with_go_ahead
from tests.provrum.test_plan_permissions import ROLES, person_for

pytestmark = pytest.mark.django_db

GROUP = {"leader", "participant", "partner"}
NOBODY: set[str] = set()
OFFICE = {"office"}

# The permissions of running, reporting and closing, in each stage:
# stage -> {permission: the roles allowed}.
# fmt: off
STAGES = {
    "interest": {
        "provrum.view_work": NOBODY, "provrum.manage_work": NOBODY,
        "provrum.post_status": NOBODY, "provrum.view_report": NOBODY,
        "provrum.edit_report": NOBODY, "provrum.submit_report": NOBODY,
        "provrum.comment_report": NOBODY, "provrum.decide_report": NOBODY,
        "provrum.disseminate": NOBODY, "provrum.close": NOBODY,
    },
    "running": {
        "provrum.view_work": GROUP | OFFICE, "provrum.manage_work": GROUP | OFFICE,
        "provrum.post_status": {"leader"}, "provrum.view_report": GROUP | OFFICE,
        "provrum.edit_report": GROUP, "provrum.submit_report": {"leader"},
        "provrum.comment_report": GROUP | OFFICE, "provrum.decide_report": NOBODY,
        "provrum.disseminate": NOBODY, "provrum.close": NOBODY,
    },
    "returned": {
        "provrum.view_work": GROUP | OFFICE, "provrum.manage_work": GROUP | OFFICE,
        "provrum.post_status": {"leader"}, "provrum.view_report": GROUP | OFFICE,
        "provrum.edit_report": GROUP, "provrum.submit_report": {"leader"},
        "provrum.comment_report": GROUP | OFFICE, "provrum.decide_report": NOBODY,
        "provrum.disseminate": NOBODY, "provrum.close": NOBODY,
    },
    "submitted": {
        "provrum.view_work": GROUP | OFFICE, "provrum.manage_work": GROUP | OFFICE,
        "provrum.post_status": {"leader"}, "provrum.view_report": GROUP | OFFICE,
        "provrum.edit_report": NOBODY, "provrum.submit_report": NOBODY,
        "provrum.comment_report": GROUP | OFFICE, "provrum.decide_report": OFFICE,
        "provrum.disseminate": NOBODY, "provrum.close": NOBODY,
    },
    "approved": {
        "provrum.view_work": GROUP | OFFICE, "provrum.manage_work": GROUP | OFFICE,
        "provrum.post_status": {"leader"}, "provrum.view_report": GROUP | OFFICE,
        "provrum.edit_report": NOBODY, "provrum.submit_report": NOBODY,
        "provrum.comment_report": GROUP | OFFICE, "provrum.decide_report": NOBODY,
        "provrum.disseminate": OFFICE, "provrum.close": OFFICE,
    },
    "closed": {
        "provrum.view_work": GROUP | OFFICE, "provrum.manage_work": NOBODY,
        "provrum.post_status": NOBODY, "provrum.view_report": GROUP | OFFICE,
        "provrum.edit_report": NOBODY, "provrum.submit_report": NOBODY,
        "provrum.comment_report": GROUP | OFFICE, "provrum.decide_report": NOBODY,
        "provrum.disseminate": NOBODY, "provrum.close": NOBODY,
    },
}
# fmt: on

# The format's evaluation and the newsletter draft belong to the office whatever the stage.
OFFICE_ONLY = ("provrum.view_evaluation", "provrum.draft_newsletter")

PERMISSIONS = (*STAGES["running"], *OFFICE_ONLY)

# stage -> (the provrum's state, the report's status or None for no report)
SETUP = {
    "interest": ("interest", None),
    "running": ("running", None),
    "returned": ("running", FinalReport.Status.RETURNED),
    "submitted": ("reported", FinalReport.Status.SUBMITTED),
    "approved": ("reported", FinalReport.Status.APPROVED),
    "closed": ("closed", FinalReport.Status.APPROVED),
}


def provrum_in(cast, stage) -> Provrum:
    state, report_status = SETUP[stage]
    provrum = ready_provrum(cast) if stage == "interest" else with_go_ahead(cast)
    Provrum.objects.filter(pk=provrum.pk).update(state=state)
    if report_status is not None:
        approved = report_status == FinalReport.Status.APPROVED
        FinalReport.objects.create(
            provrum=provrum,
            status=report_status,
            version=1,
            published_at=timezone.now() if approved else None,
        )
    return Provrum.objects.get(pk=provrum.pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", list(STAGES))
def test_permission_per_role_and_stage(cast, stage, role):
    provrum = provrum_in(cast, stage)
    person = person_for(role, cast)
    answers = {permission: person.has_perm(permission, provrum) for permission in STAGES[stage]}
    expected = {permission: role in roles for permission, roles in STAGES[stage].items()}
    assert answers == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", OFFICE_ONLY)
def test_evaluation_and_newsletter_are_the_offices(cast, role, permission):
    person = person_for(role, cast)
    assert person.has_perm(permission) == (role == "office")
    assert person.has_perm(permission, provrum_in(cast, "running")) == (role == "office")
