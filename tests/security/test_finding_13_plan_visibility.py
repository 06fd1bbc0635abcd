"""Finding 13: who may read a project plan, its files, its history and its join links.

Before, every confirmed representative of any member or partner could read any
plan once the provrum had the go-ahead – drafts, submitted and returned plans
included – with the organisations' financing, the digital meetings' join links
and the office's review comments, and download it as DOCX, PDF, XLSX, CSV and
ICS. The rule now:

* a plan being written, submitted or returned belongs to the group (the
  confirmed representatives of the leader and of the participating
  organisations) and the office: everyone else gets the same 404 as for a
  missing plan, on every surface;
* once approved, every confirmed representative may read it, but a reader
  outside the group gets neither the join links (the place of a digital
  meeting, or any link as a milestone's place) nor the office's review comments,
  nor the plan's earlier versions and their diff (drafts are the group's).

One shared setup per plan state, built once for the module (tests/shared_data.py);
every role walks every read surface (the plan
page, the versions page, the diff, the review comments, the five files, the
API's plan, versions and check, the personal calendar feed and the provrum's
own feed). The files are opened with python-docx, pypdf, openpyxl, csv and
icalendar, and their text is searched for the link and the comments.
"""

import csv
import io
import json
import zipfile
from types import SimpleNamespace

import docx
import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader, PdfWriter

from reglab.accounts.models import AffiliationStatus, User
from reglab.provrum import exports
from reglab.provrum.calendar_feed import calendar_items, feed_token
from reglab.provrum.models import ProjectPlan, Provrum
from reglab.provrum.plan import services as plans
from tests.factories import AffiliationFactory, PartnerFactory, UserFactory
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import cast, cast_of  # noqa: F401 – a fixture
from tests.provrum.plan_fixtures import current_version, valid_plan, with_go_ahead
from tests.provrum.views_helpers import LOGIN, outcome, sign_in
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

JOIN_LINK = "https://meet.example.se/hemlig-lank-4711"
# A link written as a plain milestone's place is a join link too.
OTHER_LINK = "https://teams.example.se/l/hemligt-rum-0815"
REVIEW = "Kansliets granskning: budgeten behöver ses över (hemlig-synpunkt)"
RETURNED = "Kansliet skickar tillbaka: förtydliga målen (hemlig-retur)"
APPROVED = "Kansliet godkänner: bra plan (hemligt-beslut)"
FIRST_PURPOSE = "Första utkastets syfte, bara för gruppen (hemligt-utkast)"
STATES = ("writing", "submitted", "returned", "approved")
COMMENTS = {
    "writing": [REVIEW],
    "submitted": [REVIEW],
    "returned": [REVIEW, RETURNED],
    "approved": [REVIEW, RETURNED, APPROVED],
}

# role: who it is, from the shared setup.
ROLES = (
    "anonymous",
    "unconfirmed",  # asked to represent the leading region, not yet confirmed
    "outside_partner",  # a partner's representative, the partner not in the group
    "outside_member",  # a member region's representative, the region not in the group
    "group_partner",  # Kontigo, a participating partner
    "group_member",  # Region Örebro län, a participating region
    "leader",  # Region Skåne
    "office",
)
GROUP_AND_OFFICE = {"group_partner", "group_member", "leader", "office"}
OUTSIDERS = {"outside_partner", "outside_member"}


def plan_data():
    data = valid_plan()
    data["milestones"][1]["place"] = JOIN_LINK
    data["milestones"].append(
        {"date": "2027-03-15", "title": "Arbetsmöte", "meeting": "none", "place": OTHER_LINK}
    )
    return data


def build(cast, state):  # noqa: F811 – the fixture's value
    """A provrum with the go-ahead and a plan in ``state``, with two versions or more and
    the office's review comments; the plan's current text holds the join links."""
    provrum = with_go_ahead(cast)
    skane, orebro, office = cast["people"]["skane"], cast["people"]["orebro"], cast["office"]
    first = plan_data()
    first["purpose"] = FIRST_PURPOSE
    plans.plan_save(provrum=provrum, by=skane, data=first, version=0)
    plans.plan_save(provrum=provrum, by=orebro, data=plan_data(), version=1)
    plans.plan_comment(provrum=provrum, by=office, body=REVIEW)
    if state in ("submitted", "returned", "approved"):
        plans.plan_submit(provrum=provrum, by=skane, version=current_version(provrum))
    if state in ("returned", "approved"):
        plans.plan_return(provrum=provrum, by=office, comment=RETURNED)
    if state == "approved":
        plans.plan_submit(provrum=provrum, by=skane, version=current_version(provrum))
        plans.plan_approve(provrum=provrum, by=office, comment=APPROVED)
    plan = ProjectPlan.objects.get(provrum=provrum)
    assert plan.status == {"writing": "draft"}.get(state, state)
    assert plan.data["milestones"][1]["place"] == JOIN_LINK
    return Provrum.objects.get(pk=provrum.pk)


def people(cast):  # noqa: F811 – the fixture's value
    unconfirmed = UserFactory(email="vantar@example.se")
    AffiliationFactory(
        person=unconfirmed,
        organisation=cast["orgs"]["skane"],
        status=AffiliationStatus.REQUESTED,
    )
    outside_partner = UserFactory(email="konsult@example.se")
    AffiliationFactory(
        person=outside_partner, organisation=PartnerFactory(name="Konsultbolaget", slug="konsult")
    )
    return {
        "anonymous": AnonymousUser(),
        "unconfirmed": unconfirmed,
        "outside_partner": outside_partner,
        "outside_member": cast["people"]["gavleborg"],
        "group_partner": cast["people"]["kontigo"],
        "group_member": cast["people"]["orebro"],
        "leader": cast["people"]["skane"],
        "office": cast["office"],
    }


@pytest.fixture(scope="class", params=STATES)
def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast, the people and the provrum with its plan in one state, shared by every
    role's test of that state (each test's changes are rolled back after it). Scoped to
    the class of the tables, so that the other tests, with a cast of their own, never
    run while it is there."""
    with shared_setup(django_db_blocker, tmp_path_factory):
        office = UserFactory(
            email="kansli@example.se", name="Kansliet", is_office=True, is_staff=True
        )
        shared_cast = cast_of(office)
        provrum = build(shared_cast, request.param)
        yield SimpleNamespace(
            state=request.param,
            provrum_pk=provrum.pk,
            people={role: person.pk for role, person in people(shared_cast).items()},
            pdfs={},
        )


def provrum_of(world) -> Provrum:
    return Provrum.objects.get(pk=world.provrum_pk)


def person_of(world, role):
    """A fresh instance per test, so that no permission cache carries over."""
    pk = world.people[role]
    return AnonymousUser() if pk is None else User.objects.get(pk=pk)


# What each surface answers ----------------------------------------------------------------

PAGE_SURFACES = ("page", "versions", "diff", "docx", "pdf", "xlsx", "csv", "ics")
API_SURFACES = ("api_plan", "api_versions", "api_check")


def may_read(role, state):
    return role in GROUP_AND_OFFICE or (role in OUTSIDERS and state == "approved")


def sees_history(role):
    """The versions, the diff, the review comments and the join links."""
    return role in GROUP_AND_OFFICE


def expected(role, state, surface):
    if surface.startswith("api_"):
        if role == "anonymous":
            return 401
        readable = sees_history(role) if surface == "api_versions" else may_read(role, state)
        return 200 if readable else 404
    if role == "anonymous":
        return LOGIN
    if role == "unconfirmed":
        return 403  # the provrum pages are for confirmed representatives
    readable = sees_history(role) if surface in ("versions", "diff") else may_read(role, state)
    return 200 if readable else 404


def urls(provrum):
    pk = provrum.pk
    return {
        "page": reverse("provrum:plan", args=[pk]),
        "versions": reverse("provrum:plan_versions", args=[pk]),
        "diff": reverse("provrum:plan_versions", args=[pk]) + "?fran=1&till=2",
        "docx": reverse("provrum:plan_docx", args=[pk]),
        "pdf": reverse("provrum:plan_pdf", args=[pk]),
        "xlsx": reverse("provrum:budget_xlsx", args=[pk]),
        "csv": reverse("provrum:budget_csv", args=[pk]),
        "ics": reverse("provrum:calendar_ics", args=[pk]),
        "api_plan": f"/api/v1/provrum/{pk}/plan",
        "api_versions": f"/api/v1/provrum/{pk}/plan/versions",
        "api_check": f"/api/v1/provrum/{pk}/plan/check",
    }


# Reading the answers as text -----------------------------------------------------------------


def text_of(surface, response) -> str:
    """Everything a reader of the answer can see, as one text."""
    content = response.content
    if surface == "docx":
        document = docx.Document(io.BytesIO(content))
        parts = [paragraph.text for paragraph in document.paragraphs]
        parts += [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        for section in document.sections:
            parts += [paragraph.text for paragraph in section.header.paragraphs]
            parts += [paragraph.text for paragraph in section.footer.paragraphs]
        # The raw XML too: a hyperlink or a comment would live there, outside the text.
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return "\n".join(parts)
    if surface == "pdf":
        reader = PdfReader(io.BytesIO(content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        links = [
            str(annotation.get_object().get("/A", {}).get("/URI", ""))
            for page in reader.pages
            for annotation in page.get("/Annots") or []
        ]
        # Lines may break inside a long link: compare without the line breaks too.
        return "\n".join([text, text.replace("\n", ""), *links])
    if surface == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    if surface == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        return "\n".join(";".join(row) for row in rows)
    if surface == "ics":
        calendar = Calendar.from_ical(content)
        return "\n".join(
            f"{key}:{value}"
            for event in calendar.walk("VEVENT")
            for key, value in event.property_items()
        ) + content.decode().replace("\r\n ", "")
    if surface.startswith("api_"):
        return json.dumps(response.json(), ensure_ascii=False)
    return content.decode()


def fetch(client, role, person, surface, url):
    if surface.startswith("api_"):
        client.logout()
        return ApiClient(client, None if role == "anonymous" else person).get(url)
    sign_in(client, person)
    return client.get(url)


# The table ----------------------------------------------------------------------------------


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class TestEveryRoleInEveryState:
    """The tables: each state's shared setup (the world fixture) read by every role."""

    @pytest.mark.parametrize("role", ROLES)
    def test_every_read_surface_per_role_and_state(self, client, world, monkeypatch, role):
        state = world.state
        provrum = provrum_of(world)
        person = person_of(world, role)
        answers, leaks, missing = {}, [], []
        rendered = []
        if state != "approved":
            # WeasyPrint takes seconds on a shared machine: outside the approved state, where
            # every reader is in the group or gets a 404, the PDF is checked by what the view
            # hands to the renderer. The approved plan's PDFs are rendered and read for real.
            monkeypatch.setattr(
                exports, "plan_pdf", lambda provrum, data: rendered.append(data) or blank_pdf()
            )
        else:
            # Rendered for real, once per distinct input: the readers in the group and the
            # office are handed the same data (and the outsiders theirs), and the shared
            # provrum does not change between the tests.
            render = exports.plan_pdf

            def once_per_input(provrum, data):
                key = (provrum.pk, json.dumps(data, sort_keys=True, default=str))
                if key not in world.pdfs:
                    world.pdfs[key] = render(provrum, data)
                return world.pdfs[key]

            monkeypatch.setattr(exports, "plan_pdf", once_per_input)
        for surface, url in urls(provrum).items():
            client.logout()
            response = fetch(client, role, person, surface, url)
            answers[surface] = outcome(response)
            if response.status_code != 200:
                continue
            text = text_of(surface, response)
            # The first draft's text lives only in the history (the versions and the diff).
            secret = [JOIN_LINK, OTHER_LINK, FIRST_PURPOSE, *COMMENTS[state]]
            if sees_history(role):
                # The group and the office get all of it: the test can tell.
                wanted = {
                    "page": [JOIN_LINK, OTHER_LINK, *COMMENTS[state]],
                    "docx": [JOIN_LINK, OTHER_LINK],
                    "pdf": [JOIN_LINK.removeprefix("https://")],
                    "ics": [JOIN_LINK],
                    "api_plan": [JOIN_LINK, OTHER_LINK],
                    "diff": [FIRST_PURPOSE],
                }.get(surface, [])
                if surface == "pdf" and rendered:
                    text = json.dumps(rendered, ensure_ascii=False)
                missing += [(surface, item) for item in wanted if item not in text]
            else:
                leaks += [(surface, item) for item in secret if item in text]
                if surface in ("page", "api_plan", "docx", "ics"):
                    # The approved plan itself is there, the physical meeting's place with it.
                    assert "Startmöte" in text and "Avstämning" in text, surface
                if surface in ("page", "api_plan", "docx"):
                    assert "Malmö" in text, surface
        assert answers == {surface: expected(role, state, surface) for surface in answers}
        assert leaks == []
        assert missing == []

    @pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
    def test_the_calendar_feeds_per_role_and_state(self, client, world, role):
        """The personal feed holds the group's own provrum, the provrum's own feed what the
        person may read; the join links only for the group and the office."""
        state = world.state
        provrum = provrum_of(world)
        person = person_of(world, role)

        client.logout()
        own = client.get(reverse("provrum:calendar_feed", args=[feed_token(person)]))
        assert own.status_code == 200
        own_text = text_of("ics", own)
        assert ("Avstämning" in own_text) is sees_history(role)
        assert (JOIN_LINK in own_text) is sees_history(role)

        one = client.get(reverse("provrum:calendar_feed", args=[feed_token(person, provrum)]))
        assert one.status_code == (200 if role != "unconfirmed" and may_read(role, state) else 404)
        if one.status_code == 200:
            text = text_of("ics", one)
            assert "Avstämning" in text
            assert (JOIN_LINK in text) is sees_history(role)
            assert (OTHER_LINK in text) is False  # a plain milestone's place is never a location
            for comment in COMMENTS[state]:
                assert comment not in text

    @pytest.mark.parametrize("role", ROLES)
    def test_the_provrum_page_shows_only_what_the_person_may_read(self, client, world, role):
        state = world.state
        provrum = provrum_of(world)
        person = person_of(world, role)
        sign_in(client, person)
        response = client.get(provrum.get_absolute_url())
        if role in ("anonymous", "unconfirmed"):
            assert outcome(response) == (LOGIN if role == "anonymous" else 403)
            return
        page = response.content.decode()
        assert (f'href="{reverse("provrum:plan", args=[provrum.pk])}"' in page) is may_read(
            role, state
        )
        assert (reverse("provrum:plan_versions", args=[provrum.pk]) in page) is sees_history(role)
        assert (reverse("provrum:plan_docx", args=[provrum.pk]) in page) is may_read(role, state)
        # The history quotes the office's decisions on the plan: their comments are the review.
        for comment in COMMENTS[state]:
            if comment == REVIEW:
                assert comment not in page  # a plain comment on the plan is not in the history
            else:
                assert (comment in page) is sees_history(role), comment
        assert JOIN_LINK not in page and FIRST_PURPOSE not in page

    @pytest.mark.parametrize("role", ROLES)
    def test_the_permissions_and_their_queryset_twin_agree(self, world, role):
        from reglab.provrum.selectors import plan_visible_to

        state = world.state
        provrum = provrum_of(world)
        person = person_of(world, role)
        assert person.has_perm("provrum.view_plan", provrum) is may_read(role, state)
        for permission in (
            "provrum.view_plan_versions",
            "provrum.view_plan_review",
            "provrum.view_plan_join_links",
        ):
            assert person.has_perm(permission, provrum) is sees_history(role), permission
        assert plan_visible_to(person).filter(pk=provrum.pk).exists() is may_read(role, state)
        listed = [item[0].pk for item in calendar_items(person)]
        assert (provrum.pk in listed) is sees_history(role)


def test_a_plan_given_back_to_writing_is_the_groups_again(client, cast):  # noqa: F811
    """Approved, read by an outsider; a second provrum's draft stays hidden from them."""
    from reglab.provrum.selectors import plan_visible_to

    approved = build(cast, "approved")
    draft = with_go_ahead(cast, title="Ett annat provrum med utkast")
    plans.plan_save(provrum=draft, by=cast["people"]["skane"], data=plan_data(), version=0)
    outsider = cast["people"]["gavleborg"]
    sign_in(client, outsider)
    assert client.get(reverse("provrum:plan", args=[approved.pk])).status_code == 200
    assert client.get(reverse("provrum:plan", args=[draft.pk])).status_code == 404
    assert list(plan_visible_to(outsider).filter(pk__in=[approved.pk, draft.pk])) == [approved]


def test_an_outsider_cannot_post_to_the_plan_of_an_approved_provrum(client, cast):  # noqa: F811
    provrum = build(cast, "approved")
    sign_in(client, cast["people"]["gavleborg"])
    before = ProjectPlan.objects.get(provrum=provrum).comments.count()
    response = client.post(reverse("provrum:plan_comment", args=[provrum.pk]), {"body": "Hej"})
    assert response.status_code == 403
    assert REVIEW not in response.content.decode()
    assert ProjectPlan.objects.get(provrum=provrum).comments.count() == before


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        ("outside_member", False),
        ("outside_partner", False),
        ("group_member", True),
        ("office", True),
    ],
)
def test_the_report_review_is_not_quoted_in_the_history_either(client, cast, role, reads):  # noqa: F811
    """The final report has the same pattern: the office's return comment, quoted in the
    provrum's history, is read only by those who read the report (the group, the office)."""
    from tests.provrum.report_fixtures import returned_report, running

    provrum = running(cast)
    secret = "Kansliet om slutrapporten: hemlig-rapportretur"
    returned_report(cast, provrum, comment=secret)
    sign_in(client, people(cast)[role])
    response = client.get(provrum.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-action="report_returned"' in page  # what happened is in the history
    assert (secret in page) is reads
