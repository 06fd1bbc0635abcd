"""The network page, the meeting page, Reglab's year and the API read in a fixed number
of queries, however many meetings, programme items and registrations there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.meetings.models import (
    ItemKind,
    ProgrammeItem,
    Registration,
    RegistrationStatus,
    Speaker,
)
from tests.meetings.conftest import add_programme, make_meeting

pytestmark = pytest.mark.django_db

# The network page counts its two paged lists of meetings (upcoming, look back): two more.
MAX_QUERIES = 16


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_meetings(network, organisation, count, start):
    for number in range(start, start + count):
        earlier = make_meeting(network, days=-30 * (number + 1), title=f"Träff {number}")
        add_programme(earlier, organisation)
        upcoming = make_meeting(network, days=10 + number, title=f"Kommande {number}", capacity=5)
        add_registrations(upcoming, 3, prefix=f"m{number}")


def add_registrations(meeting, count, prefix="r"):
    Registration.objects.bulk_create(
        [
            Registration(
                meeting=meeting,
                name=f"Person {prefix}{n}",
                email=f"{prefix}{n}@example.se",
                status=RegistrationStatus.REGISTERED,
                token=f"{prefix}-{meeting.pk}-{n}",
            )
            for n in range(count)
        ]
    )


def add_items(meeting, organisation, count, start):
    for number in range(start, start + count):
        item = ProgrammeItem.objects.create(
            meeting=meeting,
            start_time=dt.time(11, number % 60),
            title=f"Punkt {number}",
            kind=ItemKind.TALK,
        )
        Speaker.objects.create(item=item, name=f"Talare {number}", organisation=organisation)


@pytest.mark.parametrize("signed_in", [False, True])
def test_network_page(client, network, region, member_rep, signed_in):
    if signed_in:
        client.force_login(member_rep)
    add_meetings(network, region, 1, 0)
    few = queries(client, f"/natverk/{network.slug}/")
    add_meetings(network, region, 12, 1)
    many = queries(client, f"/natverk/{network.slug}/")
    assert many == few
    assert many <= MAX_QUERIES


@pytest.mark.parametrize("signed_in", [False, True])
def test_meeting_page(client, network, region, member_rep, signed_in):
    if signed_in:
        client.force_login(member_rep)
    meeting = make_meeting(network, capacity=200)
    meeting.questions.create(text="Workshop?")
    add_items(meeting, region, 1, 0)
    add_registrations(meeting, 1)
    few = queries(client, f"/moten/{meeting.pk}/")
    add_items(meeting, region, 15, 1)
    add_registrations(meeting, 40, prefix="more")
    many = queries(client, f"/moten/{meeting.pk}/")
    assert many == few
    assert many <= MAX_QUERIES


def test_year_page_and_api(client, network, region, member_rep):
    client.force_login(member_rep)
    add_meetings(network, region, 1, 0)
    urls = ["/moten/", "/api/v1/meetings", f"/api/v1/networks/{network.slug}", "/natverk/"]
    few = {url: queries(client, url) for url in urls}
    add_meetings(network, region, 10, 1)
    many = {url: queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES


def test_host_participant_list(client, network, coordinator):
    meeting = make_meeting(network, capacity=500)
    meeting.questions.create(text="Workshop?")
    client.force_login(coordinator)
    add_registrations(meeting, 1)
    url = f"/moten/{meeting.pk}/vard/deltagare/"
    few = queries(client, url)
    add_registrations(meeting, 50, prefix="x")
    assert queries(client, url) == few


def test_host_page(client, network, coordinator, region):
    meeting = make_meeting(network)
    client.force_login(coordinator)
    add_items(meeting, region, 1, 0)
    url = f"/moten/{meeting.pk}/vard/"
    few = queries(client, url)
    add_items(meeting, region, 15, 1)
    assert queries(client, url) == few
