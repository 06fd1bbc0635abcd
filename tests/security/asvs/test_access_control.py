"""ASVS rows 13–17: access control.

13 every route is in the permission table, and what the table does not declare public
   refuses an anonymous request (default deny);
14 another organisation's object: 404 by id, and absent from lists, search, feeds, exports;
15 privileged fields posted with an ordinary write are ignored or refused (the whole walk
   over every form and API write is tests/security/test_mass_assignment.py);
16 the pages, the API and the admin reach the same services: no back door in the admin;
17 a permission predicate that raises denies (``FailClosedRulesBackend``).
"""

import logging

import pytest
import rules
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from reglab.accounts.backends import FailClosedRulesBackend
from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.live.models import Question
from reglab.meetings.models import Registration
from reglab.provrum import lifecycle
from reglab.provrum.calendar_feed import feed_token
from reglab.provrum.models import Event, Provrum, State
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import proposal
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead
from tests.security.authz_cells import outcome, url_of
from tests.security.authz_routes import all_routes
from tests.security.authz_table import TABLE

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

REFUSED = {"L", "M", "1", "4", "N", "X"}
ABSENT_ID = "2000000000"


# 13 ------------------------------------------------------------------------------------


@pytest.mark.asvs("V8.2.1", row=13)
def test_every_route_has_a_row_in_the_permission_table():
    routes = set(all_routes())
    listed = {row.route for row in TABLE}
    assert routes, "no routes found"
    assert sorted(routes - listed) == [], "routes without a row: default deny has no witness"
    assert sorted(listed - routes) == []


def _public():
    """(route, method) pairs where the table lets an anonymous request through (2xx or
    a redirect elsewhere than the sign-in page)."""
    return {
        (row.route, row.method)
        for row in TABLE
        if row.outcomes["anonymous"] in {"2", "3", "A", "U", "V", "C"}
    }


def _dummy(names):
    words = {"token", "code", "url", "fmt", "figure", "slug", "file_format", "organisation"}
    values = {name: ("x" if name in words else ABSENT_ID) for name in names}
    if "app_label" in values:
        values["app_label"] = "organisations"
    return values


@pytest.mark.asvs("V8.2.1", row=13)
@pytest.mark.django_db
def test_what_the_table_does_not_declare_public_refuses_anonymous_requests(caplog):
    """Default deny: every row of the table, asked anonymously with ids no object has,
    is refused unless the table says anonymous people may use it. A view added without
    its permission check answers here and fails."""
    public = _public()
    routes = all_routes()
    client = Client(raise_request_exception=False)
    wrong, asked = [], 0
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        for row in TABLE:
            if (row.route, row.method) in public or row.method == "WS":
                continue
            route = routes[row.route]
            url = url_of(row.route, route, _dummy(route[1]), {})
            send = getattr(client, row.method.lower())
            if url.startswith("/api/"):
                response = send(url, content_type="application/json")
            else:
                response = send(url)
            asked += 1
            seen = outcome(response)
            if seen not in REFUSED:
                wrong.append(f"{row.method} {row.route}: {seen} ({url})")
    assert asked > 300
    assert not wrong, "answered an anonymous request:\n" + "\n".join(wrong)


# 14 ------------------------------------------------------------------------------------


@pytest.fixture
def foreign(cast):
    """Skåne's draft, and a provrum with the go-ahead whose plan (not approved) has a
    milestone; Gävleborg's representative belongs to neither."""
    draft = proposal(cast, publish=False, title="Hemligt utkast om vätgasdalar")
    running = with_go_ahead(cast, title="Ej godkänd plan om fjärrvärme")
    saved_plan(cast, running)
    return {"draft": draft, "go_ahead": running, "other": cast["people"]["gavleborg"]}


@pytest.mark.asvs("V8.2.2", row=14)
def test_another_organisations_object_answers_404_by_id(client, cast, foreign):
    client.force_login(foreign["other"])
    api = ApiClient(client, foreign["other"])
    draft, go_ahead = foreign["draft"].pk, foreign["go_ahead"].pk
    pages = [
        reverse("provrum:detail", args=[draft]),
        reverse("provrum:edit", args=[draft]),
        reverse("provrum:discussion", args=[draft]),
        reverse("provrum:history", args=[draft]),
        reverse("provrum:plan", args=[go_ahead]),
        reverse("provrum:plan_versions", args=[go_ahead]),
    ]
    exports = [
        reverse(f"provrum:{name}", args=[go_ahead])
        for name in ("plan_docx", "plan_pdf", "budget_xlsx", "budget_csv", "calendar_ics")
    ]
    apis = [
        f"/api/v1/provrum/{draft}",
        f"/api/v1/provrum/{draft}/comments",
        f"/api/v1/provrum/{go_ahead}/plan",
    ]
    answers = {url: client.get(url).status_code for url in pages + exports}
    answers |= {url: api.get(url).status_code for url in apis}
    assert answers == dict.fromkeys(answers, 404)
    # The same addresses work for the owner: the 404 is the refusal, not a typo.
    owner = Client()
    owner.force_login(cast["people"]["skane"])
    assert owner.get(pages[0]).status_code == 200
    assert owner.get(exports[3]).status_code == 200


@pytest.mark.asvs("V8.2.2", row=14)
def test_another_organisations_object_is_absent_from_lists_search_feeds(client, cast, foreign):
    other = foreign["other"]
    client.force_login(other)
    api = ApiClient(client, other)
    # The title, not the searched word (the search box repeats that).
    secret, milestone = "Hemligt utkast", "Startmöte"
    texts = {
        "board": client.get(reverse("provrum:board")).content.decode(),
        "search": client.get(reverse("provrum:board"), {"q": "vätgasdalar"}).content.decode(),
        "similar": client.get(
            reverse("provrum:similar"), {"title": "Utkast om vätgasdalar"}
        ).content.decode(),
        "api list": api.get("/api/v1/provrum", {"q": "vätgasdalar"}).content.decode(),
        "results feed": client.get(reverse("results:feed")).content.decode(),
        "calendar": client.get(
            reverse("provrum:calendar_feed", args=[feed_token(other)])
        ).content.decode(),
    }
    assert [name for name, text in texts.items() if secret in text] == []
    assert milestone not in texts["calendar"]
    # A feed of the foreign provrum, even signed for the other person: 404.
    forged = reverse("provrum:calendar_feed", args=[feed_token(other, foreign["go_ahead"])])
    assert client.get(forged).status_code == 404
    # The owner's board lists the draft and the leader's calendar has the milestone.
    owner = Client()
    owner.force_login(cast["people"]["skane"])
    assert secret in owner.get(reverse("provrum:board"), {"q": "vätgasdalar"}).content.decode()
    leader_feed = reverse("provrum:calendar_feed", args=[feed_token(cast["people"]["skane"])])
    assert milestone in owner.get(leader_feed).content.decode()


# 15 ------------------------------------------------------------------------------------


@pytest.mark.asvs("V8.2.3", row=15)
def test_privileged_fields_posted_to_the_api_are_ignored(client, cast, office_user):
    owner = cast["people"]["skane"]
    provrum = proposal(cast)
    before = Provrum.objects.values().get(pk=provrum.pk)
    api = ApiClient(client, owner)
    response = api.patch(
        f"/api/v1/provrum/{provrum.pk}",
        {
            "version": provrum.version,
            "title": "Ny titel",
            "state": State.GO_AHEAD,
            "base_funding": 100_000,
            "organisation": "vinnova",
            "proposer_organisation": cast["orgs"]["vinnova"].pk,
            "is_staff": True,
            "is_superuser": True,
            "created_by": office_user.pk,
            "id": 999_999,
        },
    )
    assert response.status_code in (200, 400, 422), response.content
    after = Provrum.objects.values().get(pk=provrum.pk)
    for field in ("state", "proposer_organisation_id", "id", "created_by_id"):
        if field in before:
            assert after[field] == before[field], field
    owner.refresh_from_db()
    assert not (owner.is_staff or owner.is_superuser)


@pytest.mark.asvs("V8.2.3", row=15)
def test_privileged_fields_posted_to_a_form_are_ignored(client, cast, office_user):
    owner = cast["people"]["skane"]
    provrum = proposal(cast, publish=False)
    client.force_login(owner)
    response = client.post(
        reverse("provrum:edit", args=[provrum.pk]),
        {
            "title": "Ny titel från formuläret",
            "summary": provrum.summary,
            "question": provrum.question,
            "kind": provrum.kind,
            "intended_use": provrum.intended_use,
            "themes": "AI och visualisering",
            "version": provrum.version,
            "state": State.GO_AHEAD,
            "proposer_organisation": cast["orgs"]["vinnova"].pk,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code in (200, 302, 400, 409, 422)
    provrum.refresh_from_db()
    assert provrum.state == State.DRAFT
    assert provrum.proposer_organisation == cast["orgs"]["skane"]
    owner.refresh_from_db()
    assert not (owner.is_staff or owner.is_superuser)


# 16 ------------------------------------------------------------------------------------

STATE_FIELDS = {"state", "status", "opened_at", "closed_at", "decided_at", "decided_by"}


@pytest.mark.asvs("V8.3.1", row=16)
@pytest.mark.django_db
def test_the_admin_cannot_move_a_state_outside_the_services(superuser):
    """No admin form, nor inline, edits a state, a status or a decision; a provrum is
    not in the admin at all. States move only through the services."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert Provrum not in admin.site._registry
    editable = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("reglab."):
            continue
        form = model_admin.get_form(request, None)
        editable += [
            f"{model._meta.label}.{name}" for name in form.base_fields if name in STATE_FIELDS
        ]
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request, None)
            editable += [
                f"{inline.model._meta.label}.{name} (inline)"
                for name in formset.form.base_fields
                if name in STATE_FIELDS
            ]
    assert editable == []


@pytest.mark.asvs("V8.3.1", row=16)
def test_a_status_posted_to_the_admin_is_not_saved(client, cast, superuser):
    """The admin's change form for an affiliation, posted with a new status by a
    superuser: the status stays as the services left it."""
    affiliation = Affiliation.objects.create(
        person=cast["people"]["skane"],
        organisation=cast["orgs"]["vinnova"],
        status=AffiliationStatus.REQUESTED,
    )
    client.force_login(superuser)
    url = reverse("admin:accounts_affiliation_change", args=[affiliation.pk])
    response = client.post(
        url,
        {
            "person": affiliation.person_id,
            "organisation": affiliation.organisation_id,
            "role_description": "Ändrad i admin",
            "status": AffiliationStatus.CONFIRMED,
        },
    )
    assert response.status_code in (200, 302)
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED
    assert Registration._meta.get_field("status")  # the other models keep theirs too
    assert Question._meta.get_field("status")


@pytest.mark.asvs("V8.3.1", row=16)
def test_the_page_and_the_api_publish_through_the_same_service(client, cast, monkeypatch):
    """Both go through ``services.provrum_publish`` and the lifecycle kernel, which
    records the event; neither writes the state itself."""
    owner = cast["people"]["skane"]
    called = []
    real = services.provrum_publish

    def counted(**kwargs):
        called.append(kwargs["provrum"].pk)
        return real(**kwargs)

    monkeypatch.setattr(services, "provrum_publish", counted)
    by_page = proposal(cast, publish=False, title="Publicerad från sidan")
    by_api = proposal(cast, publish=False, title="Publicerad genom API:t")
    client.force_login(owner)
    client.post(reverse("provrum:publish", args=[by_page.pk]))
    ApiClient(client, owner).post(f"/api/v1/provrum/{by_api.pk}/publish")
    assert called == [by_page.pk, by_api.pk]
    for provrum in (by_page, by_api):
        provrum.refresh_from_db()
        assert provrum.state == State.PROPOSED
        assert Event.objects.filter(provrum=provrum, to_state=State.PROPOSED).count() == 1
    assert lifecycle.record  # the kernel that wrote the events


# 17 ------------------------------------------------------------------------------------


@pytest.fixture
def raising_rule():
    def broken(user, obj=None):
        raise RuntimeError("the predicate's database went away")

    rules.add_perm("asvs.broken", rules.predicate(broken))
    yield "asvs.broken"
    rules.remove_perm("asvs.broken")


@pytest.mark.asvs("V16.5.3", row=17)
def test_a_predicate_that_raises_denies(member_rep, raising_rule, caplog):
    with pytest.raises(PermissionDenied):
        FailClosedRulesBackend().has_perm(member_rep, raising_rule)
    with caplog.at_level(logging.ERROR, logger="reglab.accounts.backends"):
        assert member_rep.has_perm(raising_rule) is False
        assert member_rep.has_perm(raising_rule, object()) is False
    assert "asvs.broken" in caplog.text
    assert AnonymousUser().has_perm(raising_rule) is False


@pytest.mark.asvs("V16.5.3", row=17)
def test_a_page_whose_predicate_raises_refuses_instead_of_answering(client, cast, monkeypatch):
    """The board's permission, broken: the page refuses (403), never shows the board
    and never lets a later backend decide."""
    person = cast["people"]["skane"]
    client.force_login(person)
    assert client.get(reverse("provrum:board")).status_code == 200

    def broken(user, obj=None):
        raise RuntimeError("broken")

    monkeypatch.setitem(
        rules.permissions.permissions, "provrum.view_board", rules.predicate(broken)
    )
    client.raise_request_exception = False
    response = client.get(reverse("provrum:board"))
    assert response.status_code == 403
