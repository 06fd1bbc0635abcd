"""The office inbox: one count per kind of case, only for the office, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.accounts.models import AffiliationStatus
from reglab.meetings.models import Registration, RegistrationStatus
from reglab.provrum.format_rules import services as format_rules
from reglab.todo.registry import inbox_for
from tests.factories import AffiliationFactory, UserFactory
from tests.meetings.conftest import make_meeting
from tests.provrum.conftest import cast, ready_provrum  # noqa: F401
from tests.provrum.plan_fixtures import submitted_plan, with_go_ahead
from tests.provrum.report_fixtures import approved_report, running, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _room_for_many_go_aheads(cast):  # noqa: F811
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=50)


def counts(user):
    return {section.key: section.count for section in inbox_for(user)}


EMPTY = {
    "decisions": 0,
    "plans": 0,
    "reports": 0,
    "closing": 0,
    "affiliations": 0,
    "registrations": 0,
    "surveys": 0,
}


def test_counts_follow_the_provrum_through_its_life(cast):  # noqa: F811
    office = cast["office"]
    assert counts(office) == EMPTY
    ready_provrum(cast, title="Klart för beslut")
    provrum = with_go_ahead(cast, title="Med plan")
    submitted_plan(cast, provrum)
    reported = running(cast, title="Rapporterat")
    submitted_report(cast, reported)
    closing = running(cast, title="Att sprida")
    approved_report(cast, closing)
    AffiliationFactory(
        person=UserFactory(email="ny@example.se"),
        organisation=cast["orgs"]["skane"],
        status=AffiliationStatus.REQUESTED,
    )
    meeting = make_meeting(None, days=10, capacity=1, title="Fullt möte")
    for number, status in enumerate([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]):
        Registration.objects.create(
            meeting=meeting, name=f"P {number}", email=f"p{number}@example.se", status=status
        )
    assert counts(office) == {
        "decisions": 1,
        "plans": 1,
        "reports": 1,
        "closing": 1,
        "affiliations": 1,
        "registrations": 1,
        "surveys": 0,
    }
    sections = {section.key: section for section in inbox_for(office)}
    assert [row.title for row in sections["decisions"].rows] == ["Klart för beslut"]
    assert sections["plans"].rows[0].url == reverse("provrum:plan", args=[provrum.pk])
    assert sections["closing"].rows[0].url == reverse("provrum:dissemination", args=[closing.pk])


def test_only_the_office_has_an_inbox(client, cast):  # noqa: F811
    for person in cast["people"].values():
        assert inbox_for(person) == []
        client.force_login(person)
        assert client.get(reverse("todo:inbox")).status_code == 403
    client.logout()
    assert client.get(reverse("todo:inbox")).status_code == 302


def test_header_office_link_goes_to_the_inbox_and_account_link_shows_the_name(client, cast):  # noqa: F811
    office = cast["office"]
    office.name = "Karin Lind"
    office.save(update_fields=["name"])
    client.force_login(office)
    html = client.get(reverse("todo:inbox")).content.decode()
    assert f'<a href="{reverse("todo:inbox")}" aria-current="page">Kansliet</a>' in html
    assert html.count(">Kansliet</a>") == 1
    assert ">Karin Lind</a>" in html
    assert "Kansliets inkorg" in html


def inbox_queries(client, office):
    client.force_login(office)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("todo:inbox")).status_code == 200
    return len(queries)


def test_inbox_queries_do_not_grow_with_the_data(client, cast, no_page_cache):  # noqa: F811
    office = cast["office"]
    submitted_plan(cast, with_go_ahead(cast, title="Plan 0"))
    ready_provrum(cast, title="Beslut 0")
    base = inbox_queries(client, office)
    for number in range(1, 4):
        submitted_plan(cast, with_go_ahead(cast, title=f"Plan {number}"))
        ready_provrum(cast, title=f"Beslut {number}")
        submitted_report(cast, running(cast, title=f"Rapport {number}"))
    assert inbox_queries(client, office) == base
    assert base <= 20


def test_surveys_with_organisations_that_have_not_answered(cast):  # noqa: F811
    from reglab.surveys.models import SurveyAnswer
    from tests.surveys.conftest import make_survey

    office, orgs = cast["office"], cast["orgs"]
    survey = make_survey(office, audience="chosen", organisations=[orgs["skane"], orgs["orebro"]])
    make_survey(office, days_open=-1, audience="chosen", organisations=[orgs["skane"]])  # closed
    done = make_survey(office, audience="chosen", organisations=[orgs["skane"]])
    SurveyAnswer.objects.create(
        survey=done, organisation=orgs["skane"], version=1, status="submitted"
    )
    SurveyAnswer.objects.create(
        survey=survey, organisation=orgs["orebro"], version=1, status="draft"
    )
    sections = {section.key: section for section in inbox_for(office)}
    assert sections["surveys"].count == 1
    (row,) = sections["surveys"].rows
    assert row.context == "2 av 2 organisationer har inte svarat"
    assert row.url == reverse("surveys:detail", kwargs={"pk": survey.pk})
    SurveyAnswer.objects.filter(survey=survey).update(status="submitted")
    assert inbox_for(office)[-1].rows[0].context == "1 av 2 organisationer har inte svarat"
