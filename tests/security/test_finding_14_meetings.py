"""Finding 14 (issue 13): the holes an attack on networks and meetings found.

Each test plays one hole as the attacker would and proves it closed:

- a guest registration told anyone whether an address was already registered;
- a person on the waiting list saw the digital link (pages, API, e-mail);
- CR/LF in a title broke e-mail subjects (a 500 for the next guest) and file names;
- the API answered 500 to a JSON body that is not an object;
- a NUL in a registration link's token made PostgreSQL fail (run on both databases);
- slides bigger than the platform's document limit were stored;
- contact people's e-mail addresses reached the anonymous and the unconfirmed.

The rest (people's text in ``hx-disable`` containers, memberships that outlived the
affiliation, guest registrations under someone's address, members-only addresses, exports)
is ``test_finding_14_meetings_pages.py``.
"""

import datetime as dt
import io
import json
import re

import pytest
from django.core import mail
from icalendar import Calendar

from reglab.api.services import api_token_create
from reglab.meetings.models import NetworkMembership, RegistrationStatus
from reglab.meetings.services.meeting import host_question_add, programme_item_add, slide_attach
from reglab.meetings.services.registration import (
    registration_register,
    registration_register_guest,
)
from tests.factories import UserFactory
from tests.meetings import conftest as meeting_fixtures
from tests.meetings.conftest import add_programme, make_meeting, people
from tests.provrum import work_samples as samples

pytestmark = pytest.mark.django_db

# The meeting tests' fixtures: a network, its coordinator, slides in the test's own folder.
network = meeting_fixtures.network
coordinator = meeting_fixtures.coordinator
outsider = meeting_fixtures.outsider
_slide_storage = meeting_fixtures._slide_storage


def guest_post(client, meeting, **values):
    data = {
        "guest-name": "Gunilla Gäst",
        "guest-email": "gunilla@example.org",
        "guest-organisation_name": "Nordregio",
        "guest-dietary_needs": "",
        **values,
    }
    return client.post(f"/moten/{meeting.pk}/anmal/", data, follow=True)


def bearer(person):
    _, raw = api_token_create(person=person)
    return {"Authorization": f"Bearer {raw}"}


# a. Guest registration does not tell which addresses are registered -------------------


def visible_answer(response) -> str:
    """What the guest reads after posting: the page's messages and errors, without tokens."""
    text = response.content.decode()
    found = re.findall(r'class="(?:message[^"]*|errorlist[^"]*)"[^>]*>(.*?)</', text, re.S)
    return "\n".join(found)


def test_a_guest_cannot_tell_whether_an_address_is_registered(
    client, member_rep, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=10)
    registration_register(meeting=meeting, person=member_rep)
    with django_capture_on_commit_callbacks(execute=True):
        registration_register_guest(meeting=meeting, name="Gäst", email="known@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        unknown = guest_post(client, meeting, **{"guest-email": "new@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        known_guest = guest_post(client, meeting, **{"guest-email": "KNOWN@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        known_person = guest_post(client, meeting, **{"guest-email": member_rep.email})

    assert unknown.status_code == known_guest.status_code == known_person.status_code == 200

    def same(response, address):
        return visible_answer(response).replace(address, "ADDRESS")

    assert same(unknown, "new@example.org") == same(known_guest, "known@example.org")
    assert same(unknown, "new@example.org") == same(known_person, member_rep.email)
    # Only the new address got a place; each owner hears about it in their own mailbox.
    assert meeting.registrations.filter(status__in=["registered", "waitlisted"]).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["new@example.org", "known@example.org", member_rep.email]
    )


# b. The waiting list does not see the digital link -----------------------------------

LINK = "https://meet.example.org/hemligt-rum"


def test_b_the_waiting_list_does_not_see_the_digital_link(
    client, network, django_capture_on_commit_callbacks
):
    meeting = make_meeting(network, capacity=1, digital_link=LINK)
    seated, waiting = people(2)
    registration_register(meeting=meeting, person=seated)
    queued = registration_register(meeting=meeting, person=waiting)
    assert queued.status == RegistrationStatus.WAITLISTED

    client.force_login(waiting)
    assert LINK not in client.get(meeting.get_absolute_url()).content.decode()
    body = client.get(f"/api/v1/meetings/{meeting.pk}", headers=bearer(waiting)).json()
    assert body["digital_link"] == ""

    # Told about a change of place, the queue does not get the new link either.
    from reglab.meetings.services.meeting import meeting_update

    office = UserFactory(email="kansli-b@example.se", is_office=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=office, digital_link=LINK + "-nytt")
    to_waiting = [m for m in mail.outbox if m.to == [waiting.email]]
    to_seated = [m for m in mail.outbox if m.to == [seated.email]]
    assert to_waiting and LINK not in to_waiting[0].body
    assert to_seated and LINK + "-nytt" in to_seated[0].body

    client.force_login(seated)
    assert LINK + "-nytt" in client.get(meeting.get_absolute_url()).content.decode()


# c. CR/LF in titles ------------------------------------------------------------------

TITLE = "Träff\r\nBcc: angripare@example.org\r\n\r\nX"


def test_c_line_breaks_in_titles_never_reach_a_header(
    client, coordinator, network, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    meeting = make_meeting(network, capacity=5)
    form = {
        "network": network.pk,
        "kind": meeting.kind,
        "title": TITLE,
        "date": meeting.date.isoformat(),
        "start_time": "10:00",
        "end_time": "16:00",
        "address": "Plats\r\nRad två",
        "visibility": "public",
        "registration_opens": "",
        "registration_closes": "",
        "capacity": "5",
    }
    response = client.post(f"/moten/{meeting.pk}/vard/andra/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert "\n" not in meeting.title and "\r" not in meeting.title
    item = programme_item_add(
        meeting=meeting,
        by=coordinator,
        start_time=dt.time(11),
        title="Punkt\r\nmed radbrytning",
        kind="theme",
        speakers=[("Namn\nEfternamn", None, "Org\r\nX")],
    )
    assert "\n" not in item.title and "\n" not in item.speakers.get().name
    question = host_question_add(meeting=meeting, by=coordinator, text="Fråga\r\nX")
    assert "\n" not in question.text
    attachment = slide_attach(
        item=item, by=coordinator, name="bilder\r\nX.pptx", data=samples.pptx_bytes()
    )
    assert "\n" not in attachment.name

    # A subject built from a title whose line breaks come from elsewhere (the admin, old rows).
    type(meeting).objects.filter(pk=meeting.pk).update(title=TITLE)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_post(client, meeting)
    assert response.status_code == 200
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert not re.search(r"^Bcc:", headers, re.M | re.I)

    ics = client.get(f"/moten/{meeting.pk}/kalender.ics")
    assert ics.status_code == 200
    Calendar.from_ical(ics.content)
    assert "\n" not in ics["Content-Disposition"]
    slide = client.get(f"/moten/{meeting.pk}/bilder/{attachment.pk}/")
    assert slide.status_code == 200
    client.force_login(coordinator)
    for export in ("deltagare.csv", "deltagare.xlsx", "namnlista/"):
        assert client.get(f"/moten/{meeting.pk}/vard/{export}").status_code == 200


# d. A JSON body that is not an object ------------------------------------------------


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "3", "null", "true", "{"])
def test_d_a_json_body_that_is_not_an_object_is_a_swedish_400(client, member_rep, body):
    meeting = make_meeting(capacity=5)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/registrations",
        body,
        content_type="application/json",
        headers=bearer(member_rep),
    )
    assert response.status_code in (400, 422), response.content
    detail = json.dumps(response.json(), ensure_ascii=False)
    assert "JSON" in detail or "objekt" in detail or "fält" in detail
    assert meeting.registrations.count() == 0


def test_d_answers_that_are_not_an_object_are_refused(client, member_rep):
    meeting = make_meeting(capacity=5)
    for answers in ([1], "x", {"abc": "x"}, {"1": ["x"]}):
        response = client.post(
            f"/api/v1/meetings/{meeting.pk}/registrations",
            {"answers": answers},
            content_type="application/json",
            headers=bearer(member_rep),
        )
        assert response.status_code in (400, 422), (answers, response.content)
    assert meeting.registrations.count() == 0


# e. NUL in a token ---------------------------------------------------------------------


@pytest.mark.parametrize("token", ["ab%00c", "%00", "x" * 300, "abc%0Adef"])
def test_e_a_crafted_token_is_a_404(client, token):
    assert client.get(f"/moten/anmalan/{token}/").status_code == 404
    assert client.post(f"/moten/anmalan/{token}/", {"action": "confirm"}).status_code == 404


# f. Slides larger than the document limit --------------------------------------------


def test_f_slides_over_the_document_limit_are_refused(client, coordinator, network, settings):
    settings.DOCUMENT_MAX_BYTES = 500
    meeting = make_meeting(network)
    _theme, talk = add_programme(meeting)
    client.force_login(coordinator)
    upload = io.BytesIO(samples.pptx_bytes())
    assert len(upload.getvalue()) > 500
    upload.name = "stora bilder.pptx"
    response = client.post(f"/moten/{meeting.pk}/vard/punkter/{talk.pk}/bilder/", {"file": upload})
    assert response.status_code == 400
    assert "största fil" in response.content.decode()
    assert talk.attachments.count() == 0
    page = client.get(f"/moten/{meeting.pk}/vard/").content.decode()
    assert "högst 1 kB" in page  # the form says what the limit is


# g. Contact people's e-mail addresses ------------------------------------------------


def test_g_contact_addresses_are_for_confirmed_representatives(
    client, network, member_rep, unconfirmed_user, plain_user
):
    nameless = UserFactory(email="kontakt-utan-namn@example.se", name="")
    named = UserFactory(email="kontakt@example.se", name="Karin Kontakt")
    for person in (nameless, named):
        NetworkMembership.objects.create(network=network, person=person, is_contact=True)
    url = network.get_absolute_url()
    for viewer in (None, plain_user, unconfirmed_user):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        page = client.get(url).content.decode()
        assert "Karin Kontakt" in page
        assert "kontakt@example.se" not in page and "kontakt-utan-namn@" not in page, viewer
        api = client.get(f"/api/v1/networks/{network.slug}").content.decode()
        assert "@example.se" not in api
    client.force_login(member_rep)
    assert "kontakt@example.se" in client.get(url).content.decode()
