"""Who may read, edit, submit, comment on and decide a final report: permissions, services,
pages and API, for every role.

Roles: anonymous; a signed-in person with no confirmed organisation (plain); the
leader's representative (Region Skåne); another participant's representative
(Region Örebro län); a participating partner's representative (Kontigo); a
member's representative whose organisation does not take part (Region
Gävleborg); a partner's representative whose organisation does not take part
(Sweco); the office.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reglab.provrum.models import Event, FinalReport, ReportComment, ReportVersion
from reglab.provrum.report import services as reports
from tests.factories import PartnerFactory, UserFactory
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import representative
from tests.provrum.report_fixtures import (
    approved_report,
    fresh,
    running,
    saved_report,
    submitted_report,
    valid_report,
)
from tests.provrum.views_helpers import LOGIN, outcome, sign_in

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "plain",
    "leader",
    "participant",
    "partner",
    "other_member",
    "outside_partner",
    "office",
)
GROUP = {"leader", "participant", "partner"}
OUTSIDERS = {"plain", "other_member", "outside_partner"}


def person_for(role, cast):
    if role == "outside_partner":
        return representative(PartnerFactory(name="Sweco", slug="sweco"), "sweco@example.se")
    return {
        "anonymous": AnonymousUser(),
        "plain": UserFactory(email="utan@example.se"),
        "leader": cast["people"]["skane"],
        "participant": cast["people"]["orebro"],
        "partner": cast["people"]["kontigo"],
        "other_member": cast["people"]["gavleborg"],
        "office": cast["office"],
    }[role]


# The permissions ---------------------------------------------------------------------

ON_A_DRAFT = {
    "provrum.view_report": GROUP | {"office"},
    "provrum.edit_report": GROUP,
    "provrum.submit_report": {"leader"},
    "provrum.comment_report": GROUP | {"office"},
    "provrum.decide_report": set(),
}
ON_A_SUBMITTED = {
    "provrum.view_report": GROUP | {"office"},
    "provrum.edit_report": set(),
    "provrum.submit_report": set(),
    "provrum.comment_report": GROUP | {"office"},
    "provrum.decide_report": {"office"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_permission_per_role(cast, role, stage):
    provrum = running(cast)
    if stage == "draft":
        saved_report(cast, provrum)
    else:
        submitted_report(cast, provrum)
    provrum = fresh(provrum)
    person = person_for(role, cast)
    table = ON_A_DRAFT if stage == "draft" else ON_A_SUBMITTED
    for permission, allowed in table.items():
        assert person.has_perm(permission, provrum) == (role in allowed), permission


@pytest.mark.parametrize("role", ROLES)
def test_nobody_edits_an_approved_report(cast, role):
    provrum = running(cast)
    approved_report(cast, provrum)
    provrum = fresh(provrum)
    person = person_for(role, cast)
    assert not person.has_perm("provrum.edit_report", provrum)
    assert not person.has_perm("provrum.submit_report", provrum)
    assert not person.has_perm("provrum.decide_report", provrum)
    assert person.has_perm("provrum.view_report", provrum) == (role in GROUP | {"office"})


# The services -------------------------------------------------------------------------


def _save(provrum, by):
    reports.report_save(provrum=provrum, by=by, data=valid_report(lessons="Nytt."), version=1)


def _submit(provrum, by):
    reports.report_submit(provrum=provrum, by=by, version=1)


def _approve(provrum, by):
    reports.report_approve(provrum=provrum, by=by, comment="Bra.")


def _return(provrum, by):
    reports.report_return(provrum=provrum, by=by, comment="Ändra resultaten.")


def _comment(provrum, by):
    reports.report_comment(provrum=provrum, by=by, body="En synpunkt.")


# service: (setup, act, roles allowed, what changes when allowed)
SERVICES = {
    "save": (saved_report, _save, GROUP, lambda s: s[2] == 2 and s[3] == 2),
    "submit": (saved_report, _submit, {"leader"}, lambda s: s[:2] == ("reported", "submitted")),
    "approve": (submitted_report, _approve, {"office"}, lambda s: s[1] == "approved"),
    "return": (submitted_report, _return, {"office"}, lambda s: s[:2] == ("running", "returned")),
    "comment": (saved_report, _comment, GROUP | {"office"}, lambda s: s[4] == 1),
}


def _snapshot(provrum):
    provrum = fresh(provrum)
    report = FinalReport.objects.get(provrum=provrum)
    return (
        provrum.state,
        report.status,
        report.version,
        ReportVersion.objects.count(),
        ReportComment.objects.count(),
        Event.objects.count(),
        report.data,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_service_per_role(cast, service, role):
    setup, act, allowed, changed = SERVICES[service]
    provrum = running(cast)
    setup(cast, provrum)
    before = _snapshot(provrum)
    person = person_for(role, cast)
    if role in allowed:
        act(fresh(provrum), person)
        assert changed(_snapshot(provrum))
        return
    with pytest.raises(PermissionDenied):
        act(fresh(provrum), person)
    assert _snapshot(provrum) == before


# The pages ----------------------------------------------------------------------------

# page: (setup, method, URL name, body, {role group: expected}); anonymous → sign-in,
# plain → 403 (no organisation), outsiders → 404 (as a missing provrum).
PAGES = {
    "read": (saved_report, "get", "report", None, {"group": 200, "office": 200}),
    "versions": (saved_report, "get", "report_versions", None, {"group": 200, "office": 200}),
    "save": (
        saved_report,
        "post",
        "report",
        {"version": "1", "summary": "Ny sammanfattning."},
        {"group": 302, "office": 403},
    ),
    "check": (saved_report, "post", "report_check", {}, {"group": 200, "office": 200}),
    "comment": (
        saved_report,
        "post",
        "report_comment",
        {"body": "En synpunkt."},
        {"group": 302, "office": 302},
    ),
    "approve": (submitted_report, "post", "report_approve", {}, {"group": 403, "office": 302}),
    "return": (
        submitted_report,
        "post",
        "report_return",
        {"comment": "Ändra."},
        {"group": 403, "office": 302},
    ),
}


def _page_expected(page, role):
    if role == "anonymous":
        return LOGIN
    if role == "plain":
        return 403
    if role in OUTSIDERS:
        return 404
    return PAGES[page][4]["office" if role == "office" else "group"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_per_role(client, cast, page_name, role):
    setup, method, name, body, _expected = PAGES[page_name]
    provrum = running(cast)
    setup(cast, provrum)
    before = _snapshot(provrum)
    sign_in(client, person_for(role, cast))
    url = reverse(f"provrum:{name}", args=[provrum.pk])
    response = client.get(url) if method == "get" else client.post(url, body)
    wanted = _page_expected(page_name, role)
    assert outcome(response) == wanted
    if wanted != 302:
        assert _snapshot(provrum) == before, "a refused request changed something"


@pytest.mark.parametrize("role", ROLES)
def test_the_provrum_page_shows_the_report_box_to_those_who_may_read_it(client, cast, role):
    provrum = running(cast)
    saved_report(cast, provrum)
    person = person_for(role, cast)
    sign_in(client, person)
    response = client.get(provrum.get_absolute_url())
    html = response.content.decode() if response.status_code == 200 else ""
    shown = 'id="report-link"' in html
    assert shown == (role in GROUP | {"office"})
    if shown:
        assert f'href="{reverse("provrum:report", args=[provrum.pk])}"' in html


# The API --------------------------------------------------------------------------------

# endpoint: (setup, method, path, body, {role group: status}); anonymous → 401,
# outsiders → 404 (as a missing provrum).
ENDPOINTS = {
    "read": (saved_report, "get", "", None, {"leader": 200, "group": 200, "office": 200}),
    "check": (saved_report, "get", "/check", None, {"leader": 200, "group": 200, "office": 200}),
    "versions": (
        saved_report,
        "get",
        "/versions",
        None,
        {"leader": 200, "group": 200, "office": 200},
    ),
    "comments": (
        saved_report,
        "get",
        "/comments",
        None,
        {"leader": 200, "group": 200, "office": 200},
    ),
    "save": (
        saved_report,
        "put",
        "",
        {"version": 1, "data": valid_report(lessons="Nytt.")},
        {"leader": 200, "group": 200, "office": 403},
    ),
    "submit": (saved_report, "post", "/submit", {}, {"leader": 200, "group": 403, "office": 403}),
    "approve": (
        submitted_report,
        "post",
        "/approve",
        {"comment": "Bra."},
        {"leader": 403, "group": 403, "office": 200},
    ),
    "return": (
        submitted_report,
        "post",
        "/return",
        {"comment": "Ändra."},
        {"leader": 403, "group": 403, "office": 200},
    ),
    "comment": (
        saved_report,
        "post",
        "/comments",
        {"body": "En synpunkt."},
        {"leader": 201, "group": 201, "office": 201},
    ),
}


def _api_expected(endpoint, role):
    if role == "anonymous":
        return 401
    if role in OUTSIDERS:
        return 404
    by_group = ENDPOINTS[endpoint][4]
    return by_group["leader" if role == "leader" else "office" if role == "office" else "group"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_api_per_role(client, cast, endpoint, role):
    setup, method, tail, body, _statuses = ENDPOINTS[endpoint]
    provrum = running(cast)
    setup(cast, provrum)
    before = _snapshot(provrum)
    person = person_for(role, cast)
    api = ApiClient(client, None if role == "anonymous" else person)
    url = f"/api/v1/provrum/{provrum.pk}/report{tail}"
    response = api.get(url) if method == "get" else getattr(api, method)(url, body)
    wanted = _api_expected(endpoint, role)
    assert response.status_code == wanted, response.content
    if wanted == 403:
        assert [reason["code"] for reason in response.json()["reasons"]] == ["not_allowed"]
    if wanted >= 400 or method == "get":
        assert _snapshot(provrum) == before, "a refused request changed something"


def test_before_the_go_ahead_nobody_sees_a_report(client, cast, make_provrum):
    provrum = make_provrum("interest")
    for person in (cast["people"]["skane"], cast["office"]):
        client.force_login(person)
        assert client.get(reverse("provrum:report", args=[provrum.pk])).status_code == 404
        api = ApiClient(client, person)
        assert api.get(f"/api/v1/provrum/{provrum.pk}/report").status_code == 404
    assert not FinalReport.objects.exists()
