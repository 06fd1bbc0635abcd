"""A network's people and a meeting's participants are paged: each page does the same work
however many there are, shows the whole count, and the exports still hold everyone."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reglab.meetings.host_views import PARTICIPANTS_PER_PAGE
from reglab.meetings.models import Answer, NetworkMembership, Registration, RegistrationStatus
from reglab.meetings.views import MEMBERS_PER_PAGE
from tests.factories import UserFactory
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

# A page number that is not a number gives the first page; one past either end, the last.
BAD_PAGE_NUMBERS = {"abc": 1, "2.5": 1, "": 1, "999": 2, "0": 2, "-1": 2}


def get_page(client, url):
    """The page's HTML and its query count, read the second time (caches warm)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(context.captured_queries)


# A network's people, for those who set their roles.


def add_members(network, count, start=0):
    """``count`` people join ``network`` after everyone in it, as "Medlem 00", "Medlem 01"…"""
    for number in range(start, start + count):
        person = UserFactory(email=f"medlem{number}@example.se", name=f"Medlem {number:02d}")
        NetworkMembership.objects.create(network=network, person=person)


def people_on(html):
    return re.findall(r'<span class="network-person">([^<]*)</span>', html)


def test_a_networks_people_come_a_page_at_a_time(client, network, coordinator):
    # The coordinator joined first; then as many again as fit on a page, and five more.
    add_members(network, MEMBERS_PER_PAGE + 4)
    client.force_login(coordinator)
    url = f"/natverk/{network.slug}/"

    first, _ = get_page(client, url)
    assert people_on(first) == ["Sara Samordnare"] + [
        f"Medlem {n:02d}" for n in range(MEMBERS_PER_PAGE - 1)
    ]
    assert 'aria-label="Sidor med personer i nätverket"' in first
    assert 'href="?sida=2#people" rel="next"' in first
    assert 'rel="prev"' not in first
    # The count is the network's, not the page's.
    assert f"{MEMBERS_PER_PAGE + 5} personer är med i nätverket." in first

    second, _ = get_page(client, f"{url}?sida=2")
    assert people_on(second) == [
        f"Medlem {n:02d}" for n in range(MEMBERS_PER_PAGE - 1, MEMBERS_PER_PAGE + 4)
    ]
    assert 'href="?sida=1#people" rel="prev"' in second
    assert 'rel="next"' not in second
    assert f"{MEMBERS_PER_PAGE + 5} personer är med i nätverket." in second


def test_a_bad_page_number_of_people_gives_a_page(client, network, coordinator):
    add_members(network, MEMBERS_PER_PAGE)
    client.force_login(coordinator)
    for number, expected in BAD_PAGE_NUMBERS.items():
        html, _ = get_page(client, f"/natverk/{network.slug}/?sida={number}")
        assert f"Sida {expected} av 2" in html, number


def test_roles_set_on_the_second_page_lead_back_to_it(client, network, coordinator):
    add_members(network, MEMBERS_PER_PAGE)
    last = NetworkMembership.objects.get(
        network=network, person__name=f"Medlem {MEMBERS_PER_PAGE - 1:02d}"
    )
    client.force_login(coordinator)
    html, _ = get_page(client, f"/natverk/{network.slug}/?sida=2")
    assert '<input type="hidden" name="sida" value="2">' in html
    response = client.post(
        f"/natverk/{network.slug}/personer/{last.person_id}/", {"is_contact": "on", "sida": "2"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/natverk/{network.slug}/?sida=2#people"
    last.refresh_from_db()
    assert last.is_contact
    # Anything but a page number is left out of the way back.
    response = client.post(f"/natverk/{network.slug}/personer/{last.person_id}/", {"sida": "2#x?y"})
    assert response["Location"] == f"/natverk/{network.slug}/#people"


@pytest.mark.parametrize("role", ["coordinator", "member_rep"])
def test_the_network_page_costs_the_same_for_5_and_60_people(
    client, request, network, coordinator, role
):
    client.force_login(request.getfixturevalue(role))
    add_members(network, 4)
    few_html, few = get_page(client, f"/natverk/{network.slug}/")
    add_members(network, 55, start=4)
    many_html, many = get_page(client, f"/natverk/{network.slug}/")
    assert many == few
    assert "60 personer är med i nätverket." in many_html
    if role == "coordinator":
        assert len(people_on(few_html)) == 5
        assert len(people_on(many_html)) == MEMBERS_PER_PAGE
    else:
        assert people_on(many_html) == []


# A meeting's participants, for its hosts.


def add_registrations(meeting, count, *, start=0, status=RegistrationStatus.REGISTERED):
    """``count`` guests registered after everyone before them, as "Deltagare 00"…, each with
    an answer to the meeting's questions."""
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                meeting=meeting,
                name=f"Deltagare {number:02d}",
                email=f"deltagare{number}@example.se",
                status=status,
                queued_at=now + dt.timedelta(seconds=number)
                if status == RegistrationStatus.WAITLISTED
                else None,
                token=f"paging-{meeting.pk}-{number}",
            )
            for number in range(start, start + count)
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(registration=registration, question=question, text="Ja")
            for registration in Registration.objects.filter(pk__in=[r.pk for r in registrations])
            for question in meeting.questions.all()
        ]
    )


def participants_on(html):
    return re.findall(r'<th scope="row">([^<]*)<br>', html)


def test_a_meetings_participants_come_a_page_at_a_time(client, network, coordinator):
    meeting = make_meeting(network, capacity=PARTICIPANTS_PER_PAGE)
    meeting.questions.create(text="Workshop?")
    # A full meeting, and five waiting: the seats come first, then the queue in order.
    add_registrations(meeting, PARTICIPANTS_PER_PAGE)
    add_registrations(meeting, 5, start=PARTICIPANTS_PER_PAGE, status=RegistrationStatus.WAITLISTED)
    client.force_login(coordinator)
    url = f"/moten/{meeting.pk}/vard/deltagare/"

    first, _ = get_page(client, url)
    assert participants_on(first) == [f"Deltagare {n:02d}" for n in range(PARTICIPANTS_PER_PAGE)]
    assert 'href="?sida=2" rel="next"' in first
    assert f"{PARTICIPANTS_PER_PAGE + 5} personer är anmälda eller står på väntelistan." in first

    second, _ = get_page(client, f"{url}?sida=2")
    assert participants_on(second) == [
        f"Deltagare {n:02d}" for n in range(PARTICIPANTS_PER_PAGE, PARTICIPANTS_PER_PAGE + 5)
    ]
    assert second.count("På väntelistan") == 5
    assert 'href="?sida=1" rel="prev"' in second
    assert 'rel="next"' not in second
    assert f"{PARTICIPANTS_PER_PAGE + 5} personer är anmälda eller står på väntelistan." in second


def test_a_bad_page_number_of_participants_gives_a_page(client, network, coordinator):
    meeting = make_meeting(network)
    add_registrations(meeting, PARTICIPANTS_PER_PAGE + 1)
    client.force_login(coordinator)
    for number, expected in BAD_PAGE_NUMBERS.items():
        html, _ = get_page(client, f"/moten/{meeting.pk}/vard/deltagare/?sida={number}")
        assert f"Sida {expected} av 2" in html, number


def test_a_cancellation_on_the_second_page_leads_back_to_it(client, network, coordinator):
    meeting = make_meeting(network)
    add_registrations(meeting, PARTICIPANTS_PER_PAGE + 2)
    last = Registration.objects.get(meeting=meeting, name=f"Deltagare {PARTICIPANTS_PER_PAGE + 1}")
    client.force_login(coordinator)
    html, _ = get_page(client, f"/moten/{meeting.pk}/vard/deltagare/?sida=2")
    assert '<input type="hidden" name="sida" value="2">' in html
    response = client.post(f"/moten/{meeting.pk}/vard/deltagare/{last.pk}/avanmal/", {"sida": "2"})
    assert response["Location"] == f"/moten/{meeting.pk}/vard/deltagare/?sida=2"
    last.refresh_from_db()
    assert last.status == RegistrationStatus.CANCELLED


def test_the_participant_page_costs_the_same_for_5_and_60(client, network, coordinator):
    meeting = make_meeting(network)
    meeting.questions.create(text="Workshop?")
    meeting.questions.create(text="Middag?")
    client.force_login(coordinator)
    url = f"/moten/{meeting.pk}/vard/deltagare/"
    add_registrations(meeting, 5)
    few_html, few = get_page(client, url)
    add_registrations(meeting, 55, start=5)
    many_html, many = get_page(client, url)
    assert many == few
    assert len(participants_on(few_html)) == 5
    assert len(participants_on(many_html)) == PARTICIPANTS_PER_PAGE


def test_the_exports_and_the_name_list_hold_everyone(client, network, coordinator):
    meeting = make_meeting(network)
    add_registrations(meeting, PARTICIPANTS_PER_PAGE + 10)
    client.force_login(coordinator)
    response = client.get(f"/moten/{meeting.pk}/vard/deltagare.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + PARTICIPANTS_PER_PAGE + 10
    names = client.get(f"/moten/{meeting.pk}/vard/namnlista/").content.decode()
    assert all(f"Deltagare {n:02d}" in names for n in range(PARTICIPANTS_PER_PAGE + 10))
