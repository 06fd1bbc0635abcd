"""A deactivated person's seat in the host's exports and on the printable name list.

The exports keep every row in the host's order and say in the status what the host's page
says; the name list, for the reception desk, leaves such a seat off and gives their number.
(The waiting list, the counts and the notifications: test_deactivated_people_lists.py.)
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
from tests.security.test_deactivated_people_lists import deactivate

pytestmark = pytest.mark.django_db


def seated_and_queued(meeting):
    """Two seats (one a deactivated person's) and a queue of a deactivated person, a guest
    and an active person. The deactivated person's seat carries a formula, to show the
    exports still write it as text."""
    kvar = registration_register(
        meeting=meeting, person=UserFactory(email="kvar@example.se", name="Kerstin Kvar")
    )
    borta = registration_register(
        meeting=meeting,
        person=UserFactory(email="borta@example.se", name="Bo Borta"),
        dietary_needs="=1+1",
    )
    deactivate(borta.person)
    fill_queue = [
        registration_register(meeting=meeting, person=UserFactory(email="gone@example.se")),
        registration_register_guest(meeting=meeting, name="Gun Gäst", email="gun@example.org"),
        registration_register(meeting=meeting, person=UserFactory(email="aktiv@example.se")),
    ]
    deactivate(fill_queue[0].person)
    return kvar, borta


@pytest.mark.parametrize(("file_format", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_the_exports_mark_a_deactivated_persons_seat_and_place_in_the_queue(
    client, office_user, file_format, read
):
    meeting = make_meeting(capacity=2)
    seated_and_queued(meeting)
    client.force_login(office_user)
    header, *rows = read(
        client.get(reverse(f"meetings:participants_{file_format}", args=[meeting.pk])).content
    )
    assert header[:4] == ["Namn", "Organisation", "E-postadress", "Status"]
    # The rows and their order are the host's list; only the status says more.
    assert [(row[2], row[3]) for row in rows] == [
        ("kvar@example.se", "Anmäld"),
        ("borta@example.se", "Anmäld (kontot avaktiverat)"),
        ("gone@example.se", "På väntelistan (kontot avaktiverat, flyttas inte upp)"),
        ("gun@example.org", "På väntelistan (inte bekräftad)"),
        ("aktiv@example.se", "På väntelistan"),
    ]
    assert rows[1][6] == "'=1+1"


def name_list(client, meeting):
    body = client.get(reverse("meetings:name_list", args=[meeting.pk])).content.decode()
    return body, re.findall(r'<th scope="row">([^<]*)</th>', body)


def test_the_name_list_leaves_out_a_deactivated_persons_seat_and_says_so(client, office_user):
    meeting = make_meeting(capacity=4)
    registration_register(meeting=meeting, person=UserFactory(email="o@example.se", name="Örjan"))
    borta = registration_register(
        meeting=meeting, person=UserFactory(email="borta@example.se", name="Bo Borta")
    )
    guest = registration_register_guest(meeting=meeting, name="Ada Gäst", email="ada@example.org")
    registration_confirm(token=guest.token)
    registration_register(meeting=meeting, person=UserFactory(email="b@example.se", name="bo"))
    registration_register(meeting=meeting, person=UserFactory(email="v@example.se", name="Väntar"))
    deactivate(borta.person)
    client.force_login(office_user)
    body, names = name_list(client, meeting)
    # Guests and active people with a seat, by name as before; nobody from the queue.
    assert names == ["Ada Gäst", "bo", "Örjan"]
    assert "3 deltagare" in body
    assert "1 plats hålls av en person vars konto är avaktiverat." in body
    # The list and the note together are the places the meeting's page counts as taken.
    shown = meeting_get_for(user=office_user, pk=meeting.pk)
    assert shown.registered_count == len(names) + 1


def test_a_name_list_of_only_deactivated_people_says_so_instead_of_nobody(client, office_user):
    meeting = make_meeting(capacity=2)
    for email in ("a@example.se", "b@example.se"):
        deactivate(registration_register(meeting=meeting, person=UserFactory(email=email)).person)
    client.force_login(office_user)
    body, names = name_list(client, meeting)
    assert names == []
    assert "2 platser hålls av personer vars konton är avaktiverade." in body
    assert "Ingen har anmält sig ännu." not in body
