"""Mass assignment: privileged fields sent with an ordinary write change nothing.

Each write is sent twice, each time rolled back: once with a valid body, once with the same
body plus the privileged fields of ``PRIVILEGED`` (a state, a status, base funding,
another organisation, another author, staff and superuser flags, a version, an id, a
decision's date and maker …; those the body already carries are left as they are).
Between the two, every privileged column of the platform (``COLUMNS``, in every table
that has one) must change in exactly the same way, or the second must be refused and
change nothing; and no column may hold one of the injected values afterwards.

Writes are found, not listed, in two ways:

* pages: every ``<form method="post">`` on the pages walked (its fields as the page
  fills them, each select on its first choice), posted to its ``action``;
* the API: every write operation, with the valid body of the authorization matrix
  (tests/security/authz_bodies.py) where the full walk runs.

The default (``make test``) walks a small world built from factories: one page per
kind of form (a proposal, its page with the interest, leader and comment forms, the
plan editor, the running provrum's meeting and status forms, the profile, the format
rules) and one API write per router, in about ten seconds. ``MASS_ASSIGNMENT_FULL=1``
walks the authorization matrix's seeded world instead: every page of the table as a
role that may see it, in every state, every form on it, and every API write operation in
every state where a role may make it (118 writes, one to two minutes).
"""

import datetime as dt
import json
import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.provrum import conftest as provrum_fixtures

pytestmark = pytest.mark.django_db
FULL = os.environ.get("MASS_ASSIGNMENT_FULL") == "1"

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

FOREIGN_ID = 987_654
INJECTED_DAY = "2001-02-03"
# The privileged fields sent with every write (the ids filled in per world).
PRIVILEGED = {
    "state": "closed",
    "status": "approved",
    "base_funding": 99_999,
    "base_funding_sek": 99_999,
    "organisation_id": FOREIGN_ID,
    "proposer_organisation": FOREIGN_ID,
    "created_by": FOREIGN_ID,
    "author": FOREIGN_ID,
    "decided_by": FOREIGN_ID,
    "is_staff": True,
    "is_superuser": True,
    "is_office": True,
    "is_active": False,
    "version": FOREIGN_ID,
    "pk": FOREIGN_ID,
    "id": FOREIGN_ID,
    "approved_at": f"{INJECTED_DAY}T10:00:00Z",
    "decided_at": f"{INJECTED_DAY}T10:00:00Z",
    "go_ahead_at": f"{INJECTED_DAY}T10:00:00Z",
    "leader": FOREIGN_ID,
}
assert len(PRIVILEGED) >= 15
# Columns whose change would be a privilege: compared before and after every write.
COLUMNS = {
    "state",
    "status",
    "base_funding",
    "base_funding_sek",
    "organisation",
    "proposer_organisation",
    "created_by",
    "author",
    "actor",
    "decided_by",
    "is_staff",
    "is_superuser",
    "is_office",
    "is_active",
    "version",
    "approved_at",
    "decided_at",
    "go_ahead_at",
    "leader",
    "person",
}


# Counters that every write moves (the saved pages' data version): no privilege.
NOT_PRIVILEGES = {"core.DataVersion"}


# Snapshots ------------------------------------------------------------------------------


def _watched():
    watched = []
    for model in apps.get_models():
        if not model.__module__.startswith("reglab.") or model._meta.proxy:
            continue
        if model.__name__.startswith("Historical") or model._meta.label in NOT_PRIVILEGES:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.name in COLUMNS and not field.primary_key
        ]
        if fields:
            watched.append((model, fields))
    return watched


WATCHED = None


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value


def snapshot() -> dict:
    global WATCHED
    if WATCHED is None:
        WATCHED = _watched()
    rows = {}
    for model, fields in WATCHED:
        for pk, *values in model._default_manager.values_list("pk", *fields):
            rows[model._meta.label, pk] = tuple(zip(fields, map(_plain, values), strict=True))
    return rows


def difference(before: dict, after: dict) -> tuple:
    """(changed rows with their new values, new rows without their ids, removed rows)."""
    changed = sorted(
        ((key, after[key]) for key in before.keys() & after.keys() if before[key] != after[key]),
        key=repr,
    )
    added = sorted(((key[0], after[key]) for key in after.keys() - before.keys()), key=repr)
    removed = sorted(before.keys() - after.keys(), key=repr)
    return changed, added, removed


def injected_values(rows: dict) -> list:
    """Rows holding a value that only the injected fields carry."""
    found = []
    for key, values in rows.items():
        for name, value in values:
            if value == FOREIGN_ID or value == 99_999 or value == INJECTED_DAY:
                found.append((key, name, value))
    return found


def _rolled_back(send, before):
    with transaction.atomic():
        response = send()
        after = snapshot()
        transaction.set_rollback(True)
    return response, difference(before, after), injected_values(after)


def check_write(name, send_plain, send_privileged, before) -> list[str]:
    """Problems found when the write is sent with and without the privileged fields.

    ``before`` is the snapshot of the world, which every write leaves as it was (each is
    rolled back): taken once, not twice per write."""
    plain, expected, _ = _rolled_back(send_plain, before)
    response, observed, planted = _rolled_back(send_privileged, before)
    problems = []
    if response.status_code >= 500:
        problems.append(f"{name}: {response.status_code} with the privileged fields")
    if planted:
        problems.append(f"{name}: injected values stored: {planted[:3]}")
    refused_cleanly = response.status_code >= 400 and observed == ([], [], [])
    if observed != expected and not refused_cleanly:
        problems.append(
            f"{name}: privileged columns changed differently "
            f"({plain.status_code} → {expected}; {response.status_code} → {observed})"
        )
    return problems


def _with_privileged(body: dict, foreign_org) -> dict:
    extra = dict(PRIVILEGED)
    extra["organisation_id"] = extra["proposer_organisation"] = foreign_org
    return body | {name: value for name, value in extra.items() if name not in body}


# Forms on pages -------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: action and the fields as the page fills them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": [], "files": False}
                self._form["files"] = "multipart" in (attrs.get("enctype") or "")
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "checkbox":
                if "checked" in attrs:
                    form["fields"].append((name, attrs.get("value") or "on"))
            elif kind == "radio":
                taken = any(n == name for n, _ in form["fields"])
                if "checked" in attrs:
                    form["fields"] = [(n, v) for n, v in form["fields"] if n != name]
                if "checked" in attrs or not taken:
                    form["fields"].append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None and value != "":
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["selected"] or self._select["first"] or ""
            self._form["fields"].append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text.strip() or "Text från testet."))
            self._textarea = None


SKIPPED_ACTIONS = ("/accounts/logout", "/konto/logga-ut", "/i18n/", "/accounts/")


def post_forms(client, page_url, foreign_org, seen: set, before) -> tuple[int, list[str]]:
    """Every POST form on the page, sent plainly and with the privileged fields."""
    response = client.get(page_url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return 0, []
    parser = _Forms()
    parser.feed(response.content.decode())
    checked, problems = 0, []
    for form in parser.forms:
        action = urljoin(page_url, form["action"] or page_url)
        path = urlsplit(action).path
        if path.startswith(SKIPPED_ACTIONS) or form["files"]:
            continue
        names = tuple(sorted({name for name, _ in form["fields"]}))
        if (path, names) in seen:
            continue
        seen.add((path, names))
        fields = {}
        for name, value in form["fields"]:
            fields.setdefault(name, []).append(value)
        fields.pop("csrfmiddlewaretoken", None)
        privileged = _with_privileged(dict(fields), foreign_org)
        checked += 1
        problems += check_write(
            f"form {path} (on {page_url})",
            lambda fields=fields, path=path: client.post(path, fields),
            lambda privileged=privileged, path=path: client.post(path, privileged),
            before,
        )
    return checked, problems


def send_api(client, method, url, body):
    send = getattr(client, method.lower())
    if body is None:
        return send(url)
    from tests.security.authz_bodies import Form

    if isinstance(body, Form):
        return send(url, body.encoded())
    return send(url, json.dumps(body), content_type="application/json")


def test_the_check_sees_a_privileged_field_taken(cast):
    """The comparison itself: a write that takes the posted state is reported, one that
    ignores it is not (so a mass-assignment hole cannot pass unseen)."""
    from types import SimpleNamespace

    from reglab.provrum.models import Provrum
    from tests.provrum.conftest import proposal

    provrum = proposal(cast)
    before = snapshot()

    def write(state=None):
        Provrum.objects.filter(pk=provrum.pk).update(title="Ny titel")
        if state:
            Provrum.objects.filter(pk=provrum.pk).update(state=state)
        return SimpleNamespace(status_code=200)

    assert check_write("ignores", write, write, before) == []
    taken = check_write("takes", write, lambda: write("go_ahead"), before)
    assert len(taken) == 1 and "changed differently" in taken[0]

    def plant():
        Provrum.objects.filter(pk=provrum.pk).update(version=FOREIGN_ID)
        return SimpleNamespace(status_code=200)

    version = check_write("plants", write, plant, before)
    assert any("injected values stored" in problem for problem in version)


# The default: a small world -------------------------------------------------------------


def test_privileged_fields_change_nothing_in_forms_and_api_writes(cast, settings):
    """One page per kind of form and one API write per router, in a world from factories."""
    if FULL:
        pytest.skip("MASS_ASSIGNMENT_FULL=1 walks the seeded world below instead")
    from reglab.provrum.format_rules import services as format_rules
    from tests.provrum.api_client import ApiClient
    from tests.provrum.conftest import proposal, ready_provrum
    from tests.provrum.plan_fixtures import saved_plan, valid_plan, with_go_ahead
    from tests.provrum.work_fixtures import set_state

    settings.PAGE_CACHE = False
    office, skane = cast["office"], cast["people"]["skane"]
    foreign = cast["orgs"]["vinnova"].pk
    format_rules.format_rules_update(by=office, max_go_aheads_per_year=10)
    draft = proposal(cast, publish=False, title="Utkastet")
    proposed = proposal(cast, title="Förslaget")
    ready = ready_provrum(cast, title="Redo")
    planned = with_go_ahead(cast, title="Med plan")
    saved_plan(cast, planned)
    running = set_state(with_go_ahead(cast, title="Pågår"), "running")

    pages = {
        skane: [
            reverse("provrum:create"),
            reverse("provrum:edit", args=[draft.pk]),
            reverse("provrum:detail", args=[draft.pk]),
            reverse("provrum:detail", args=[ready.pk]),
            reverse("provrum:discussion", args=[proposed.pk]),
            reverse("provrum:plan", args=[planned.pk]),
            reverse("provrum:running", args=[running.pk]),
            reverse("accounts:profile"),
        ],
        cast["people"]["gavleborg"]: [reverse("provrum:detail", args=[proposed.pk])],
        office: [
            reverse("provrum:detail", args=[ready.pk]),
            reverse("provrum:format_rules"),
        ],
    }
    checked, problems, seen = 0, [], set()
    before = snapshot()
    for person, urls in pages.items():
        client = Client(raise_request_exception=False)
        client.force_login(person)
        for url in urls:
            count, found = post_forms(client, url, foreign, seen, before)
            checked += count
            problems += found

    writes = [
        (
            skane,
            "POST",
            "/api/v1/provrum",
            {
                "organisation": "region-skane",
                "title": "Via API:t",
                "summary": "Sammanfattning.",
                "question": "Fråga?",
                "kind": "method",
                "intended_use": "pre_study",
            },
        ),
        (
            skane,
            "PATCH",
            f"/api/v1/provrum/{draft.pk}",
            {"version": draft.version, "title": "Ny titel"},
        ),
        (skane, "POST", f"/api/v1/provrum/{proposed.pk}/comments", {"body": "Ett inlägg."}),
        (
            cast["people"]["gavleborg"],
            "POST",
            f"/api/v1/provrum/{proposed.pk}/interests",
            {"organisation": "region-gavleborg"},
        ),
        (skane, "PUT", f"/api/v1/provrum/{planned.pk}/plan", {"version": 1, "data": valid_plan()}),
        (
            skane,
            "POST",
            f"/api/v1/provrum/{running.pk}/status-updates",
            {"progress": "on_track", "body": "Det går bra."},
        ),
        (
            office,
            "POST",
            f"/api/v1/provrum/{ready.pk}/go-ahead",
            {"comment": "Klart.", "acknowledge_warnings": True},
        ),
    ]
    for person, method, url, body in writes:
        api = ApiClient(Client(raise_request_exception=False), person)
        client, headers = api.client, api.headers

        def send(body, method=method, url=url, client=client, headers=headers):
            return getattr(client, method.lower())(
                url, json.dumps(body), content_type="application/json", headers=headers
            )

        checked += 1
        problems += check_write(
            f"{method} {url}",
            lambda body=body, send=send: send(body),
            lambda body=body, send=send: send(_with_privileged(body, foreign)),
            before,
        )
    assert checked >= 20, checked
    assert problems == [], "\n".join(problems)


# The full walk: the authorization matrix's world ----------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    if not FULL:
        pytest.skip("the full walk runs with MASS_ASSIGNMENT_FULL=1")
    from tests.security.authz_cells import Clients
    from tests.security.authz_world import build_world
    from tests.shared_data import shared_setup

    with shared_setup(django_db_blocker, tmp_path_factory):
        everyone, subjects = build_world()
        yield subjects, Clients(everyone, subjects)


def _subjects_of(row, subjects):
    found = subjects[row.kind]
    states = row.states or tuple(found)
    return [found[state] for state in states]


def test_full_walk_of_every_form_and_api_write(world, settings):
    from reglab.organisations.models import Organisation
    from tests.security.authz_bodies import Form, body_for
    from tests.security.authz_cells import url_of
    from tests.security.authz_routes import all_routes
    from tests.security.authz_table import TABLE

    settings.PAGE_CACHE = False
    subjects, clients = world
    routes = all_routes()
    foreign = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first()
    checked, problems, seen = 0, [], set()
    before = snapshot()
    for row in TABLE:
        if row.kind == "admin" or row.method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            continue
        api_write = row.route.startswith(("POST /api/", "PUT /api/", "PATCH /api/"))
        if row.method == "GET" and row.route.startswith("GET /api/"):
            continue
        if row.method != "GET" and not api_write:
            continue  # page writes are reached through the forms of the pages
        for subject in _subjects_of(row, subjects):
            roles = [r for r, o in row.outcomes.items() if o in "2AU" and r in subject.cast]
            roles = [r for r in roles if r not in ("anonymous", "joincode")] or roles
            if not roles:
                continue
            client = clients.for_role(roles[0], subject.cast[roles[0]])
            url = url_of(row.route, routes[row.route], subject.params, row.aliases)
            if not api_write:
                count, found = post_forms(client, url, foreign, seen, before)
                checked += count
                problems += found
                continue
            body = body_for(
                row.route, subject.params, clients.for_role("superuser", subject.cast["superuser"])
            )
            if not isinstance(body, dict):
                continue
            privileged = _with_privileged(body, foreign)
            if isinstance(body, Form):  # multipart: the extra fields as form fields
                privileged = Form(privileged)
            checked += 1
            problems += check_write(
                f"{row.route} {url}",
                lambda client=client, url=url, body=body, method=row.method: send_api(
                    client, method, url, body
                ),
                lambda client=client, url=url, body=privileged, method=row.method: send_api(
                    client, method, url, body
                ),
                before,
            )
    print(f"Mass assignment: {checked} forms and API writes checked")
    assert checked > 50
    assert problems == [], "\n".join(problems)
