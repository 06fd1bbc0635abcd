"""Deactivated and erased people in the lists of people.

A *current* list of whom to contact, or of who represents an organisation now,
shows only active people; a count of representatives counts only them; nobody
deactivated is e-mailed. A *historical record* (who wrote a comment, who saved a
version, who registered for a meeting) keeps its author: erasure pseudonymises it.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from reglab.accounts.models import AffiliationStatus
from reglab.accounts.selectors import affiliation_queue, organisation_list
from reglab.accounts.services import affiliation_reject
from reglab.meetings.models import NetworkMembership
from reglab.meetings.services.meeting import meeting_update
from reglab.meetings.services.registration import (
    registration_cancel,
    registration_confirm,
    registration_register,
    registration_register_guest,
)
from reglab.meetings.services.reminders import registrations_remind
from reglab.privacy.erasure import PSEUDONYM, person_erase
from reglab.todo.registry import inbox_for
from tests.factories import AffiliationFactory, RegionFactory, UserFactory
from tests.meetings.conftest import coordinator, make_meeting, network  # noqa: F401

pytestmark = pytest.mark.django_db


def deactivate(person):
    person.is_active = False
    person.save(update_fields=["is_active"])
    return person


@pytest.fixture
def halland(db):
    """A region with one active and one deactivated confirmed representative."""
    region = RegionFactory(name="Region Halland", slug="region-halland", county_code="13")
    AffiliationFactory(person=UserFactory(email="berit@halland.se"), organisation=region)
    gone = UserFactory(email="gone@halland.se", name="Gustav Gången", is_active=False)
    AffiliationFactory(person=gone, organisation=region)
    return region


# The directory's representative count --------------------------------------------------------


def test_the_representative_count_counts_only_active_people(halland):
    (row,) = [o for o in organisation_list() if o.pk == halland.pk]
    assert row.representative_count == 1


# A network's people ---------------------------------------------------------------------------


@pytest.fixture
def staffed_network(network, coordinator):  # noqa: F811
    """The network with an active contact person and a deactivated one."""
    for email, name, active in [
        ("kontakt@example.se", "Karin Kontakt", True),
        ("slutat@example.se", "Sigurd Slutat", False),
    ]:
        person = UserFactory(email=email, name=name, is_active=active)
        AffiliationFactory(person=person, organisation=RegionFactory(slug=f"r-{email[:6]}"))
        NetworkMembership.objects.create(network=network, person=person, is_contact=True)
    return network


def test_a_network_page_lists_only_active_contacts_and_people(
    client, staffed_network, member_rep, office_user
):
    url = reverse("meetings:network", args=[staffed_network.slug])
    for viewer in (member_rep, office_user):
        client.force_login(viewer)
        body = client.get(url).content.decode()
        assert "Karin Kontakt" in body
        assert "kontakt@example.se" in body
        assert "Sigurd Slutat" not in body
        assert "slutat@example.se" not in body
        assert "2 personer är med i nätverket." in body


def test_an_erased_contact_is_not_listed_as_tidigare_representant(
    client, staffed_network, member_rep, office_user
):
    erased = UserFactory(email="raderad@example.se", name="Rut Raderad")
    AffiliationFactory(person=erased, organisation=RegionFactory(slug="r-raderad"))
    NetworkMembership.objects.create(network=staffed_network, person=erased, is_contact=True)
    person_erase(person_id=erased.pk, by=office_user)
    client.force_login(member_rep)
    body = client.get(reverse("meetings:network", args=[staffed_network.slug])).content.decode()
    assert "Rut Raderad" not in body
    assert PSEUDONYM not in body


# Meeting e-mails ------------------------------------------------------------------------------


def test_no_reminder_is_mailed_to_a_deactivated_person(django_capture_on_commit_callbacks):
    meeting = make_meeting(days=1, registration_closes=None)
    staying, leaving = (
        UserFactory(email="kvar@example.se"),
        UserFactory(email="borta@example.se"),
    )
    registration_register(meeting=meeting, person=staying)
    registration_register(meeting=meeting, person=leaving)
    deactivate(leaving)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_remind() == 1
    assert [message.to for message in mail.outbox] == [["kvar@example.se"]]


def test_no_change_is_mailed_to_a_deactivated_person(
    network,  # noqa: F811
    coordinator,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(network, capacity=5)
    staying, leaving = (
        UserFactory(email="kvar@example.se"),
        UserFactory(email="borta@example.se"),
    )
    registration_register(meeting=meeting, person=staying)
    registration_register(meeting=meeting, person=leaving)
    guest = registration_register_guest(meeting=meeting, name="Gäst", email="gast@example.org")
    registration_confirm(token=guest.token)
    deactivate(leaving)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=coordinator, start_time=dt.time(13, 0))
    # The guest, who has no account, is still told.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "gast@example.org",
        "kvar@example.se",
    ]


def test_no_place_mail_to_a_deactivated_person_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(capacity=1)
    seated, waiting = UserFactory(email="sitter@example.se"), UserFactory(email="vantar@example.se")
    first = registration_register(meeting=meeting, person=seated)
    registration_register(meeting=meeting, person=waiting)
    deactivate(waiting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, by=seated)
    assert mail.outbox == []


# The office's inbox and queue -----------------------------------------------------------------


def test_the_office_is_not_asked_to_decide_for_a_deactivated_person(region, office_user):
    AffiliationFactory(
        person=UserFactory(email="ny@example.se", name="Nina Ny"),
        organisation=region,
        status=AffiliationStatus.REQUESTED,
    )
    AffiliationFactory(
        person=UserFactory(email="avst@example.se", name="Arne Avstängd", is_active=False),
        organisation=region,
        status=AffiliationStatus.REQUESTED,
    )
    sections = {section.key: section for section in inbox_for(office_user)}
    assert sections["affiliations"].count == 1
    assert [row.title for row in sections["affiliations"].rows] == ["Nina Ny"]
    assert [a.person.email for a in affiliation_queue(by=office_user)] == ["ny@example.se"]


def test_a_decision_on_a_deactivated_persons_request_is_not_mailed(
    region, office_user, django_capture_on_commit_callbacks
):
    request = AffiliationFactory(
        person=UserFactory(email="avst@example.se", is_active=False),
        organisation=region,
        status=AffiliationStatus.REQUESTED,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        affiliation_reject(affiliation=request, by=office_user, comment="Har slutat.")
    request.refresh_from_db()
    assert request.status == AffiliationStatus.REJECTED
    assert mail.outbox == []
