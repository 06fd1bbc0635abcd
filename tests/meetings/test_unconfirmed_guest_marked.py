"""A guest who has not confirmed their address yet is marked wherever the host sees the list.

The host's page says "inte bekräftad"; so do the CSV and XLSX exports (in the status, as
for a deactivated person) and the printable name list (next to the name, for the desk),
since the place is released if it is not confirmed in time. The name list still counts
the guest among those with a seat, as the meeting's page does.
"""

import re

import pytest
from django.urls import reverse

from reglab.meetings.selectors import meeting_get_for
from reglab.meetings.services.registration import (
    registration_confirm,
    registration_register,
    registration_register_guest,
)
from tests.factories import UserFactory
from tests.meetings.conftest import make_meeting
from tests.reading import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """One seat each for a person, a confirmed and an unconfirmed guest; an unconfirmed
    guest waits."""
    meeting = make_meeting(capacity=3)
    registration_register(
        meeting=meeting, person=UserFactory(email="kvar@example.se", name="Kerstin Kvar")
    )
    confirmed = registration_register_guest(
        meeting=meeting, name="Ada Gäst", email="ada@example.org"
    )
    registration_confirm(token=confirmed.token)
    registration_register_guest(meeting=meeting, name="Nils Ny", email="nils@example.org")
    registration_register_guest(meeting=meeting, name="Vera Väntar", email="vera@example.org")
    return meeting


def test_the_hosts_page_marks_the_unconfirmed_guests(client, office_user, meeting):
    client.force_login(office_user)
    body = client.get(reverse("meetings:participants", args=[meeting.pk])).content.decode()
    assert body.count("(gäst, inte bekräftad)") == 2


@pytest.mark.parametrize(("file_format", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_the_exports_mark_an_unconfirmed_guest_as_the_hosts_page_does(
    client, office_user, meeting, file_format, read
):
    client.force_login(office_user)
    url = reverse(f"meetings:participants_{file_format}", args=[meeting.pk])
    _header, *rows = read(client.get(url).content)
    assert [(row[2], row[3], row[4]) for row in rows] == [
        ("kvar@example.se", "Anmäld", "nej"),
        ("ada@example.org", "Anmäld", "ja"),
        ("nils@example.org", "Anmäld (inte bekräftad)", "ja"),
        ("vera@example.org", "På väntelistan (inte bekräftad)", "ja"),
    ]


def test_the_name_list_marks_an_unconfirmed_guest_and_still_counts_the_seat(
    client, office_user, meeting
):
    client.force_login(office_user)
    body = client.get(reverse("meetings:name_list", args=[meeting.pk])).content.decode()
    rows = re.findall(r'<th scope="row">(.*?)</th>', body)
    assert rows == [
        "Ada Gäst",
        "Kerstin Kvar",
        'Nils Ny <span class="unconfirmed">(inte bekräftad)</span>',
    ]
    assert "3 deltagare" in body
    # Those on the list are the places the meeting's page counts as taken.
    assert meeting_get_for(user=office_user, pk=meeting.pk).registered_count == len(rows)
