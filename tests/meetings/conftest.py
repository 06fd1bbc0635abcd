"""Shared set-up for the meeting tests: a network with its coordinator, and meetings."""

import datetime as dt

import pytest
from django.utils import timezone

from reglab.meetings.models import (
    ItemKind,
    Meeting,
    MeetingKind,
    Network,
    NetworkMembership,
    ProgrammeItem,
    Speaker,
    Visibility,
)
from tests.factories import AffiliationFactory, RegionFactory, UserFactory


@pytest.fixture(autouse=True)
def _slide_storage(settings, tmp_path):
    """Slides go to the test's own folder (the field took its storage at import)."""
    from django.core.files.storage import storages

    from reglab.meetings.models import SlideAttachment

    field = SlideAttachment._meta.get_field("file")
    original = field.storage
    field.storage = storages["documents"]
    yield
    field.storage = original


@pytest.fixture
def network(db, region):
    network = Network.objects.create(
        name="RUS-nätverket", slug="rus-natverket", purpose="Regionala utvecklingsstrategier."
    )
    network.organisations.add(region)
    return network


@pytest.fixture
def coordinator(db, network):
    """A representative of another region who coordinates the network."""
    person = UserFactory(email="samordnare@example.se", name="Sara Samordnare")
    AffiliationFactory(
        person=person, organisation=RegionFactory(name="Region Blekinge", slug="region-blekinge")
    )
    NetworkMembership.objects.create(network=network, person=person, is_coordinator=True)
    return person


@pytest.fixture
def outsider(db):
    """A representative of a region outside the network, in another network."""
    person = UserFactory(email="utanfor@example.se", name="Olle Utanför")
    organisation = RegionFactory(name="Region Gotland", slug="region-gotland")
    AffiliationFactory(person=person, organisation=organisation)
    other = Network.objects.create(name="Analytikernätverket", slug="analytikernatverket")
    other.organisations.add(organisation)
    NetworkMembership.objects.create(network=other, person=person)
    return person


def make_meeting(network=None, *, days=30, capacity=None, visibility=Visibility.PUBLIC, **extra):
    """A meeting ``days`` from today, 10.00–16.00, registration open until the day before."""
    date = timezone.localdate() + dt.timedelta(days=days)
    fields = {
        "network": network,
        "kind": MeetingKind.NETWORK_MEETING if network else MeetingKind.SEMINAR,
        "title": f"Träff {date:%Y-%m-%d}",
        "date": date,
        "start_time": dt.time(10, 0),
        "end_time": dt.time(16, 0),
        "address": "Hornsgatan 20, Stockholm",
        "visibility": visibility,
        "capacity": capacity,
        "registration_opens": timezone.now() - dt.timedelta(days=1),
        "registration_closes": timezone.now() + dt.timedelta(days=max(days - 1, 0)),
        **extra,
    }
    return Meeting.objects.create(**fields)


def add_programme(meeting, organisation=None):
    theme = ProgrammeItem.objects.create(
        meeting=meeting,
        start_time=dt.time(10, 15),
        title="Strategierna som styrinstrument",
        kind=ItemKind.THEME,
    )
    talk = ProgrammeItem.objects.create(
        meeting=meeting,
        start_time=dt.time(10, 30),
        title="RUSen som styrinstrument",
        kind=ItemKind.TALK,
    )
    Speaker.objects.create(item=talk, name="Göran Hallin", organisation=organisation)
    Speaker.objects.create(item=talk, name="Gäst Talare", organisation_name="Annan organisation")
    ProgrammeItem.objects.create(
        meeting=meeting, start_time=dt.time(12, 0), title="Lunch", kind=ItemKind.BREAK
    )
    return theme, talk


@pytest.fixture
def meeting(db, network):
    return make_meeting(network)


def people(count, prefix="deltagare"):
    return [
        UserFactory(email=f"{prefix}{n}@example.se", name=f"Deltagare {n}") for n in range(count)
    ]
