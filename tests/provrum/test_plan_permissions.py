"""Who may read, edit, submit, comment on and decide a project plan: services and API.

Roles: anonymous; a signed-in person with no confirmed organisation (plain);
the leader's representative (Region Skåne); a participant's representative
(Region Örebro län); a member's representative whose organisation does not take
part (Region Gävleborg); a participating partner's representative (Kontigo);
the office.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reglab.provrum.models import Event, PlanComment, PlanVersion, ProjectPlan
from reglab.provrum.plan import services as plans
from tests.factories import UserFactory
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import ready_provrum
from tests.provrum.plan_fixtures import saved_plan, submitted_plan, valid_plan, with_go_ahead

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "plain", "leader", "participant", "other_member", "partner", "office")
GROUP = {"leader", "participant", "partner"}


def person_for(role, cast):
    return {
        "anonymous": AnonymousUser(),
        "plain": UserFactory(email="utan@example.se"),
        "leader": cast["people"]["skane"],
        "participant": cast["people"]["orebro"],
        "other_member": cast["people"]["gavleborg"],
        "partner": cast["people"]["kontigo"],
        "office": cast["office"],
    }[role]


# The permissions ------------------------------------------------------------------

# A plan being written belongs to the group and the office (finding 13: a member
# outside the group no longer reads it; see tests/security/test_finding_13_*).
PERMISSIONS = {
    "provrum.view_plan": GROUP | {"office"},
    "provrum.view_plan_versions": GROUP | {"office"},
    "provrum.view_plan_review": GROUP | {"office"},
    "provrum.view_plan_join_links": GROUP | {"office"},
    "provrum.edit_plan": GROUP,
    "provrum.submit_plan": GROUP,
    "provrum.comment_plan": GROUP | {"office"},
    "provrum.decide_plan": {"office"},
}
# Once approved, every confirmed representative reads the plan, but its versions, the
# office's review and the join links stay with the group and the office.
APPROVED_PERMISSIONS = {
    **PERMISSIONS,
    "provrum.view_plan": GROUP | {"other_member", "office"},
    "provrum.edit_plan": set(),
    "provrum.submit_plan": set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(PERMISSIONS))
def test_permission_per_role_on_a_draft_plan(cast, role, permission):
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    provrum = provrum.__class__.objects.get(pk=provrum.pk)
    allowed = person_for(role, cast).has_perm(permission, provrum)
    assert allowed == (role in PERMISSIONS[permission])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(APPROVED_PERMISSIONS))
def test_permission_per_role_on_an_approved_plan(cast, role, permission):
    provrum = with_go_ahead(cast)
    submitted_plan(cast, provrum)
    plans.plan_approve(provrum=provrum, by=cast["office"])
    provrum = provrum.__class__.objects.get(pk=provrum.pk)
    allowed = person_for(role, cast).has_perm(permission, provrum)
    assert allowed == (role in APPROVED_PERMISSIONS[permission])


@pytest.mark.parametrize("role", ROLES)
def test_nobody_edits_a_submitted_plan(cast, role):
    provrum = with_go_ahead(cast)
    submitted_plan(cast, provrum)
    provrum = provrum.__class__.objects.get(pk=provrum.pk)
    person = person_for(role, cast)
    assert not person.has_perm("provrum.edit_plan", provrum)
    assert person.has_perm("provrum.decide_plan", provrum) == (role == "office")


@pytest.mark.parametrize("role", ROLES)
def test_no_plan_before_the_go_ahead(cast, role):
    provrum = ready_provrum(cast)
    person = person_for(role, cast)
    assert not person.has_perm("provrum.view_plan", provrum)
    assert not person.has_perm("provrum.edit_plan", provrum)


def test_the_group_writing_before_the_go_ahead_is_refused_by_the_state(cast):
    from reglab.provrum.lifecycle import RuleViolation

    provrum = ready_provrum(cast)
    with pytest.raises(RuleViolation) as refused:
        plans.plan_save(provrum=provrum, by=cast["people"]["skane"], data=valid_plan(), version=0)
    assert [reason.code for reason in refused.value.reasons] == ["plan_needs_go_ahead"]
    assert not ProjectPlan.objects.exists()
    with pytest.raises(Http404):
        plans.plan_get_for(user=cast["people"]["skane"], pk=provrum.pk)


# The services -----------------------------------------------------------------------


def _save(provrum, by):
    plans.plan_save(provrum=provrum, by=by, data=valid_plan(purpose="Nytt syfte."), version=1)


def _submit(provrum, by):
    plans.plan_submit(provrum=provrum, by=by, version=1)


def _approve(provrum, by):
    plans.plan_approve(provrum=provrum, by=by)


def _return(provrum, by):
    plans.plan_return(provrum=provrum, by=by, comment="Ändra budgeten.")


def _comment(provrum, by):
    plans.plan_comment(provrum=provrum, by=by, body="En synpunkt.")


# service: (setup, act, roles allowed, what changes when allowed)
SERVICES = {
    "save": (saved_plan, _save, GROUP, lambda s: s[2] == 2 and s[3] == 2),
    "submit": (saved_plan, _submit, GROUP, lambda s: s[1] == "submitted"),
    "approve": (submitted_plan, _approve, {"office"}, lambda s: s[:2] == ("running", "approved")),
    "return": (submitted_plan, _return, {"office"}, lambda s: s[1] == "returned"),
    "comment": (saved_plan, _comment, GROUP | {"office"}, lambda s: s[4] == 1),
}


def _snapshot(provrum):
    provrum.refresh_from_db()
    plan = ProjectPlan.objects.get(provrum=provrum)
    return (
        provrum.state,
        plan.status,
        plan.version,
        PlanVersion.objects.count(),
        PlanComment.objects.count(),
        Event.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_service_per_role(cast, service, role):
    setup, act, allowed, changed = SERVICES[service]
    provrum = with_go_ahead(cast)
    setup(cast, provrum)
    before = _snapshot(provrum)
    person = person_for(role, cast)
    if role in allowed:
        act(provrum, person)
        assert changed(_snapshot(provrum))
        return
    with pytest.raises(PermissionDenied):
        act(provrum, person)
    assert _snapshot(provrum) == before


@pytest.mark.parametrize("role", sorted(set(ROLES) - GROUP))
def test_a_refused_save_changes_nothing(cast, role):
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    before = _snapshot(provrum)
    with pytest.raises(PermissionDenied):
        plans.plan_save(
            provrum=provrum,
            by=person_for(role, cast),
            data=valid_plan(purpose="Inte min plan."),
            version=1,
        )
    assert _snapshot(provrum) == before
    assert ProjectPlan.objects.get(provrum=provrum).data == valid_plan()


# The API ------------------------------------------------------------------------------

# endpoint: (setup, method, path, body, {role: status}); anonymous is always 401.
ENDPOINTS = {
    "read": (saved_plan, "get", "/api/v1/provrum/{pk}/plan", None, 200, 200, 404),
    "check": (saved_plan, "get", "/api/v1/provrum/{pk}/plan/check", None, 200, 200, 404),
    "versions": (saved_plan, "get", "/api/v1/provrum/{pk}/plan/versions", None, 200, 200, 404),
    "save": (
        saved_plan,
        "put",
        "/api/v1/provrum/{pk}/plan",
        {"version": 1, "data": valid_plan(purpose="Nytt syfte.")},
        200,
        403,
        404,
    ),
    "submit": (saved_plan, "post", "/api/v1/provrum/{pk}/plan/submit", {}, 200, 403, 404),
    "approve": (
        submitted_plan,
        "post",
        "/api/v1/provrum/{pk}/plan/approve",
        {"comment": "Bra."},
        403,
        403,
        404,
    ),
    "return": (
        submitted_plan,
        "post",
        "/api/v1/provrum/{pk}/plan/return",
        {"comment": "Ändra budgeten."},
        403,
        403,
        404,
    ),
}
OFFICE = {"read": 200, "check": 200, "versions": 200, "save": 403, "submit": 403}


def _expected(endpoint, role):
    *_, group, other, plain = ENDPOINTS[endpoint]
    if role == "anonymous":
        return 401
    if role in ("plain", "other_member"):
        # A member outside the group does not find a plan being written (finding 13).
        return plain
    if role == "office":
        return OFFICE.get(endpoint, 200)
    return group


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_api_per_role(client, cast, endpoint, role):
    setup, method, path, body, *_ = ENDPOINTS[endpoint]
    provrum = with_go_ahead(cast)
    setup(cast, provrum)
    before = _snapshot(provrum)
    person = person_for(role, cast)
    api = ApiClient(client, None if role == "anonymous" else person)
    url = path.format(pk=provrum.pk)
    response = api.get(url) if method == "get" else getattr(api, method)(url, body)
    wanted = _expected(endpoint, role)
    assert response.status_code == wanted, response.content
    if wanted == 403:
        assert [reason["code"] for reason in response.json()["reasons"]] == ["not_allowed"]
    if wanted >= 400 or method == "get":
        assert _snapshot(provrum) == before, "a refused request changed something"
