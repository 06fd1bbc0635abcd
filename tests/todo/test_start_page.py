"""The personal start page ("Att göra"): each role sees exactly its tasks, as state moves on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import Registration, RegistrationStatus
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.proposal import services
from reglab.todo.registry import PERSON_SOURCES, TodoItem, items_for, person_source
from tests.live.conftest import open_question
from tests.meetings.conftest import make_meeting
from tests.provrum.conftest import cast, proposal  # noqa: F401
from tests.provrum.plan_fixtures import submitted_plan, with_go_ahead
from tests.provrum.report_fixtures import approved_report, running, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _room_for_many_go_aheads(request):
    """The tests give more go-aheads than the default two a year."""
    if "cast" in request.fixturenames:
        cast = request.getfixturevalue("cast")
        format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=50)


def kinds(user):
    return sorted((item.kind, item.context) for item in items_for(user))


def test_signed_out_see_the_public_start_page(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="hero-title"' in page.content.decode()


def test_newly_signed_up_is_asked_to_represent_an_organisation(client, plain_user):
    assert kinds(plain_user) == [("affiliation", "Reglab")]
    client.force_login(plain_user)
    html = client.get("/").content.decode()
    assert "Be att få företräda din organisation" in html
    assert f"{reverse('accounts:profile')}#request-title" in html


def test_unconfirmed_waits_for_the_office(client, unconfirmed_user):
    assert kinds(unconfirmed_user) == [("affiliation_pending", "Region Skåne")]


def test_confirmed_representative_has_no_onboarding_and_an_empty_state(client, member_rep):
    assert items_for(member_rep) == []
    client.force_login(member_rep)
    html = client.get("/").content.decode()
    assert "Inget väntar på dig just nu." in html
    assert "Be att få företräda" not in html


def test_office_sees_the_inbox_link_not_onboarding(client, office_user):
    assert items_for(office_user) == []
    client.force_login(office_user)
    html = client.get("/").content.decode()
    assert reverse("todo:inbox") in html


def test_plan_report_and_status_move_with_the_provrum(cast):  # noqa: F811
    people = cast["people"]
    title = "AI och visualisering i regional utveckling"
    provrum = with_go_ahead(cast)
    # The group (leader Skåne, Örebro, Kontigo) writes the plan; Vinnova is not in it.
    for key in ("skane", "orebro", "kontigo"):
        assert kinds(people[key]) == [("plan", title)]
    assert kinds(people["vinnova"]) == []
    assert kinds(cast["office"]) == []

    submitted_plan(cast, provrum)
    assert kinds(people["skane"]) == []

    running_provrum = running(cast, title="Andra provrummet")
    # The leader submits the report and posts status updates; a participant writes.
    assert kinds(people["skane"]) == [
        ("report", "Andra provrummet"),
        ("status", "Andra provrummet"),
    ]
    assert kinds(people["orebro"]) == [("report", "Andra provrummet")]
    titles = {item.title for item in items_for(people["skane"])}
    assert "Lämna in slutrapporten" in titles
    assert {item.title for item in items_for(people["orebro"])} == {"Skriv slutrapporten"}

    submitted_report(cast, running_provrum)
    assert ("report", "Andra provrummet") not in kinds(people["skane"])
    approved_report_provrum = running(cast, title="Tredje provrummet")
    approved_report(cast, approved_report_provrum)
    assert all(context != "Tredje provrummet" for _, context in kinds(people["skane"]))


def test_news_on_ones_proposal_only_for_the_proposer(cast):  # noqa: F811
    people, orgs = cast["people"], cast["orgs"]
    provrum = proposal(cast)
    assert kinds(people["skane"]) == []
    services.interest_register(provrum=provrum, by=people["orebro"], organisation=orgs["orebro"])
    services.comment_add(provrum=provrum, by=people["vinnova"], body="Intressant!")
    [item] = items_for(people["skane"])
    assert item.kind == "proposal"
    assert "1 ny kommentar" in item.note and "1 ny organisation" in item.note
    # The ones who wrote see nothing about it; the skane person's own comment is no news.
    assert kinds(people["orebro"]) == []
    assert kinds(people["vinnova"]) == []


def test_meetings_and_live_questions_for_the_registered_only(member_rep, partner_rep, office_user):
    soon = make_meeting(None, days=5, title="Analytikerträff")
    today = make_meeting(None, days=0, title="Dagens träff")
    past = make_meeting(None, days=-3, title="Förra träffen")
    for meeting in (soon, today, past):
        Registration.objects.create(
            meeting=meeting,
            person=member_rep,
            name="Anna Åkesson",
            email=member_rep.email,
            status=RegistrationStatus.REGISTERED,
        )
    assert kinds(member_rep) == [("meeting", "Analytikerträff"), ("meeting", "Dagens träff")]
    assert kinds(partner_rep) == []

    open_question(today, office_user)
    assert ("live", "Dagens träff") not in kinds(member_rep)  # no room to answer in yet
    room_get_or_create(meeting=today)
    assert ("live", "Dagens träff") in kinds(member_rep)
    assert kinds(partner_rep) == []

    Registration.objects.filter(meeting=today).update(status=RegistrationStatus.CANCELLED)
    assert kinds(member_rep) == [("meeting", "Analytikerträff")]


def test_another_app_adds_a_source_through_the_registry(member_rep):
    @person_source(order=5, name="test_survey")
    def survey(user):
        return [
            TodoItem(
                kind="survey", title="Svara på enkäten", context="Enkät", url="/", action="Svara"
            )
        ]

    try:
        assert kinds(member_rep) == [("survey", "Enkät")]
    finally:
        del PERSON_SOURCES["test_survey"]
    assert kinds(member_rep) == []


def test_the_start_page_escapes_peoples_text(client, cast):  # noqa: F811
    with_go_ahead(cast, title="<script>alert(1)</script>")
    client.force_login(cast["people"]["orebro"])
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def start_page_queries(client, person):
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(client, cast, no_page_cache):  # noqa: F811
    people = cast["people"]
    with_go_ahead(cast, title="Ett")
    running(cast, title="Två")
    proposal(cast, title="Tre")
    base = start_page_queries(client, people["skane"])
    for number in range(3):
        with_go_ahead(cast, title=f"Plan {number}")
        running(cast, title=f"Rapport {number}")
        extra = proposal(cast, title=f"Förslag {number}")
        services.comment_add(provrum=extra, by=people["vinnova"], body="Bra.")
    assert start_page_queries(client, people["skane"]) == base
    assert base <= 14


def test_the_survey_task_for_each_role(member_rep, partner_rep, office_user, plain_user):
    from reglab.surveys.services.answer import answer_save, answer_submit
    from tests.surveys.conftest import make_survey

    survey = make_survey(office_user)  # to the regions: Region Skåne, not the partner
    make_survey(office_user, days_open=-1)  # closed yesterday: no task
    context = f"{survey.title} – Region Skåne"
    assert kinds(member_rep) == [("survey", context)]
    assert [item.action for item in items_for(member_rep)] == ["Besvara enkäten"]
    for person in (partner_rep, office_user):
        assert kinds(person) == []
    assert kinds(plain_user) == [("affiliation", "Reglab")]
    region = survey.recipients.get(slug="region-skane")
    stage = survey.questions.get(kind="stage")
    answer = answer_save(
        by=member_rep, survey=survey, organisation=region, version=0, answers={str(stage.pk): 1}
    )
    (item,) = items_for(member_rep)
    assert item.action == "Fortsätt med svaret" and item.url.endswith("/svar/region-skane/")
    answer_submit(by=member_rep, survey=survey, organisation=region, version=answer.version)
    assert kinds(member_rep) == []
