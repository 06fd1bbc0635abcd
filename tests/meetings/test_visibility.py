"""Members-only meetings are hidden from the public and from other networks' outsiders.

The same answer everywhere: the pages, the lists, the calendar file and the API;
a hidden meeting is a 404 like a missing one.
"""

import pytest

from reglab.meetings.models import NetworkMembership, Visibility
from tests.factories import AffiliationFactory, UserFactory
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

TITLE = "Arbetsmöte för medlemmar"


@pytest.fixture
def closed(network):
    return make_meeting(network, visibility=Visibility.MEMBERS, title=TITLE)


@pytest.fixture
def network_member(network):
    """A person in the network whose organisation is not one of the network's."""
    from tests.factories import RegionFactory

    person = UserFactory(email="medlem@example.se")
    AffiliationFactory(person=person, organisation=RegionFactory(name="Region Kalmar län"))
    NetworkMembership.objects.create(network=network, person=person)
    return person


@pytest.fixture
def unaffiliated_member(network):
    """A person still in the network without a confirmed affiliation (it ended, or was
    never confirmed): the membership alone opens nothing."""
    person = UserFactory(email="utan-anknytning@example.se")
    NetworkMembership.objects.create(network=network, person=person)
    return person


@pytest.fixture
def viewer(
    request,
    client,
    office_user,
    member_rep,
    outsider,
    plain_user,
    network_member,
    unaffiliated_member,
):
    role = request.param
    person = {
        "anonymous": None,
        "plain": plain_user,
        "outsider": outsider,
        "network_member": network_member,
        "unaffiliated_member": unaffiliated_member,
        "organisation_rep": member_rep,
        "office": office_user,
    }[role]
    if person is not None:
        client.force_login(person)
    return client


ROLES = [
    ("anonymous", False),
    ("plain", False),
    ("outsider", False),
    ("network_member", True),
    ("unaffiliated_member", False),
    ("organisation_rep", True),
    ("office", True),
]


@pytest.mark.parametrize(("viewer", "sees"), ROLES, indirect=["viewer"])
def test_members_only_meeting(viewer, closed, network, sees):
    expected = 200 if sees else 404
    assert viewer.get(f"/moten/{closed.pk}/").status_code == expected
    assert viewer.get(f"/moten/{closed.pk}/kalender.ics").status_code == expected
    assert viewer.get(f"/api/v1/meetings/{closed.pk}").status_code == expected
    assert (TITLE in viewer.get("/moten/").content.decode()) is sees
    assert (TITLE in viewer.get(f"/natverk/{network.slug}/").content.decode()) is sees
    titles = [row["title"] for row in viewer.get("/api/v1/meetings").json()]
    assert (TITLE in titles) is sees
    titles = [
        row["title"] for row in viewer.get(f"/api/v1/networks/{network.slug}").json()["meetings"]
    ]
    assert (TITLE in titles) is sees


def test_public_meetings_are_seen_by_everyone(client, network):
    meeting = make_meeting(network, title="Öppen träff")
    assert client.get(f"/moten/{meeting.pk}/").status_code == 200
    assert "Öppen träff" in client.get("/moten/").content.decode()


def test_a_members_only_event_of_its_own_is_for_member_organisations(
    client, partner_rep, member_rep
):
    meeting = make_meeting(visibility=Visibility.MEMBERS, title="Ledarseminarium")
    client.force_login(partner_rep)
    assert client.get(f"/moten/{meeting.pk}/").status_code == 404
    client.force_login(member_rep)
    assert client.get(f"/moten/{meeting.pk}/").status_code == 200


def test_the_digital_link_is_for_those_registered(client, member_rep, network):
    from reglab.meetings.services.registration import registration_register

    meeting = make_meeting(network, digital_link="https://meet.example.org/hemlig")
    assert "meet.example.org/hemlig" not in client.get(f"/moten/{meeting.pk}/").content.decode()
    assert client.get(f"/api/v1/meetings/{meeting.pk}").json()["digital_link"] == ""
    registration_register(meeting=meeting, person=member_rep)
    client.force_login(member_rep)
    assert "meet.example.org/hemlig" in client.get(f"/moten/{meeting.pk}/").content.decode()


def test_a_confirmed_affiliation_is_needed(client, network, region):
    person = UserFactory(email="vantar@example.se")
    AffiliationFactory(person=person, organisation=region, status="requested")
    meeting = make_meeting(network, visibility=Visibility.MEMBERS)
    client.force_login(person)
    assert client.get(f"/moten/{meeting.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/moten/99999999999999999999999/",
        "/moten/0/",
        "/moten/99999999999999999999999/kalender.ics",
        "/moten/1/bilder/99999999999999999999999/",
        "/moten/anmalan/finns-inte/",
        "/natverk/finns-inte/",
        "/natverk/finns-inte/kalender.ics",
    ],
)
def test_odd_addresses_are_404_not_500(client, path):
    assert client.get(path).status_code == 404
