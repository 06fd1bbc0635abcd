import datetime as dt

import pytest
from django.utils import timezone

from reglab.meetings.models import Network, NetworkMembership
from reglab.surveys.models import Audience
from reglab.surveys.services.survey import survey_create
from tests.factories import AffiliationFactory, RegionFactory, UserFactory

STAGES = ["Analys", "Framtagande", "Remiss", "Beslutad", "Genomförande", "Uppföljning"]


def questions():
    return [
        {"kind": "stage", "text": "Var i RUS-processen befinner ni er?", "options": STAGES},
        {
            "kind": "single",
            "text": "Är RUSen styrande för er verksamhet?",
            "options": ["Ja", "Nja", "Nej"],
            "ask_why": True,
        },
        {"kind": "multiple", "text": "Vilka spår ser ni?", "options": ["Budget", "Plan", "Avtal"]},
        {"kind": "text", "text": "Övrigt"},
        {"kind": "scale", "text": "Hur nöjda?", "scale_max": 10},
        {"kind": "year", "text": "När bildades regionen?"},
    ]


@pytest.fixture
def network(db, region):
    network = Network.objects.create(name="RUS-nätverket", slug="rus-natverket")
    network.organisations.add(region)
    return network


@pytest.fixture
def coordinator(db, network):
    person = UserFactory(email="samordnare@example.se", name="Sara Samordnare")
    AffiliationFactory(
        person=person, organisation=RegionFactory(name="Region Blekinge", slug="region-blekinge")
    )
    NetworkMembership.objects.create(network=network, person=person, is_coordinator=True)
    return person


@pytest.fixture
def colleague(db, region):
    person = UserFactory(email="kollega@example.se", name="Karl Kollega")
    AffiliationFactory(person=person, organisation=region)
    return person


def make_survey(by, *, anonymous=False, audience=Audience.REGIONS, days_open=10, **kwargs):
    today = timezone.localdate()
    return survey_create(
        by=by,
        title="Var i RUS-processen befinner sig regionerna?",
        introduction="Inför nätverksträffen.",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=days_open),
        anonymous=anonymous,
        audience=audience,
        questions=questions(),
        **kwargs,
    )


@pytest.fixture
def survey(office_user, region, partner_org):
    return make_survey(office_user)
