"""Deactivated and erased people in the lists of people.

A *current* list of whom to contact, or of who represents an organisation now,
shows only active people; a count of representatives counts only them; nobody
deactivated is e-mailed or notified on the platform, and a meeting's waiting list moves
past them (their registration stays; a guest, who has no account, is not affected) until
they are reactivated, when a seat left free meanwhile is filled in the queue's order. A
*historical record* (who wrote a comment, who saved a
version, who registered for a meeting) keeps its author: erasure pseudonymises it.
"""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reglab.accounts.models import AffiliationStatus, User
from reglab.accounts.selectors import affiliation_queue, organisation_list
from reglab.accounts.services import affiliation_reject
from reglab.meetings.models import Meeting, NetworkMembership, Registration, RegistrationStatus
from reglab.meetings.selectors import meeting_get_for
from reglab.meetings.services.meeting import meeting_update
from reglab.meetings.services.registration import (
    registration_cancel,
    registration_confirm,
    registration_place,
    registration_register,
    registration_register_guest,
)
from reglab.meetings.services.reminders import registrations_remind
from reglab.meetings.signals import meeting_changed, registration_promoted
from reglab.notifications.models import Kind, Notification
from reglab.privacy.erasure import PSEUDONYM, person_erase
from reglab.surveys.models import Survey
from reglab.surveys.signals import reminder_sent
from reglab.todo.registry import inbox_for
from tests.accounts.test_reauthentication import sign_in
from tests.factories import AffiliationFactory, RegionFactory, UserFactory
from tests.meetings.conftest import coordinator, make_meeting, network  # noqa: F401
from tests.surveys.conftest import make_survey

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


# A meeting's waiting list --------------------------------------------------------------------


def fill(meeting, queue):
    """A person with a seat, then the queue in order: ``gone`` (a person deactivated after
    queueing), ``guest`` (no account) or ``active``. Returns the seat and the queue."""
    seat = registration_register(
        meeting=meeting, person=UserFactory(email=f"sitter{meeting.pk}@example.se")
    )
    waiting = []
    for number, kind in enumerate(queue):
        email = f"{kind}{meeting.pk}-{number}@example.se"
        if kind == "guest":
            waiting.append(
                registration_register_guest(meeting=meeting, name=f"Gäst {number}", email=email)
            )
            continue
        person = UserFactory(email=email, name=f"{kind.capitalize()} {number}")
        waiting.append(registration_register(meeting=meeting, person=person))
        if kind == "gone":
            deactivate(person)
    return seat, waiting


def statuses(registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


@pytest.mark.parametrize(
    ("queue", "moves_up"),
    [
        (["gone", "active"], 1),
        (["gone", "gone", "active"], 2),
        (["gone", "guest", "active"], 1),
        (["guest", "gone", "active"], 0),
        (["active", "gone"], 0),
        (["gone"], None),
        (["gone", "gone"], None),
    ],
)
def test_a_freed_seat_goes_to_the_first_guest_or_active_person_waiting(
    queue, moves_up, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    seat, waiting = fill(meeting, queue)
    before = {r.pk: r.queued_at for r in waiting}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=seat, by=seat.person)
    expected = ["waitlisted"] * len(queue)
    if moves_up is not None:
        expected[moves_up] = "registered"
    assert statuses(waiting) == expected
    assert (promoted.pk if promoted else None) == (
        None if moves_up is None else waiting[moves_up].pk
    )
    # A deactivated person keeps their row and their time in the queue, as the record.
    for registration, kind in zip(waiting, queue, strict=True):
        if kind == "gone":
            registration.refresh_from_db()
            assert registration.queued_at == before[registration.pk]
            assert registration.promoted_at is None
    # Only the one who moved up is told: by e-mail, and on the platform with an account.
    told = [] if moves_up is None else [waiting[moves_up].email]
    assert [message.to[0] for message in mail.outbox] == told
    assert list(
        Notification.objects.filter(kind=Kind.MEETING_PLACE).values_list(
            "recipient__email", flat=True
        )
    ) == [email for email in told if not email.startswith("guest")]


def test_with_only_deactivated_people_waiting_a_newcomer_takes_the_free_seat():
    meeting = make_meeting(capacity=1)
    seat, waiting = fill(meeting, ["gone", "gone"])
    registration_cancel(registration=seat, by=seat.person)
    newcomer = registration_register(meeting=meeting, person=UserFactory(email="ny@example.se"))
    assert newcomer.status == RegistrationStatus.REGISTERED
    late = registration_register_guest(meeting=meeting, name="Sen gäst", email="sen@example.org")
    assert late.status == RegistrationStatus.WAITLISTED
    assert statuses(waiting) == ["waitlisted", "waitlisted"]


@pytest.mark.parametrize(
    ("capacity", "expected", "notified"),
    [
        (3, ["waitlisted", "registered", "registered", "waitlisted", "waitlisted"], 1),
        (None, ["waitlisted", "registered", "registered", "waitlisted", "registered"], 2),
    ],
)
def test_more_places_go_to_the_guests_and_active_people_waiting(
    capacity,
    expected,
    notified,
    network,  # noqa: F811
    coordinator,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(network, capacity=1)
    _seat, waiting = fill(meeting, ["gone", "active", "guest", "gone", "active"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=coordinator, capacity=capacity)
    assert statuses(waiting) == expected
    # The guest, who has no account, is told by e-mail only.
    assert Notification.objects.filter(kind=Kind.MEETING_PLACE).count() == notified


def reactivate(person, update_fields=None):
    person.is_active = True
    person.save(update_fields=update_fields)
    return person


@pytest.mark.parametrize("update_fields", [None, ["is_active"]])
def test_a_reactivated_person_moves_up_to_a_seat_left_free(
    update_fields, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    seat, waiting = fill(meeting, ["gone", "gone"])
    registration_cancel(registration=seat, by=seat.person)
    # Passed over: the seat stays free while both are deactivated.
    assert statuses(waiting) == ["waitlisted", "waitlisted"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # As the admin saves a person: the instance is read, changed and saved.
        reactivate(User.objects.get(pk=waiting[1].person_id), update_fields)
    # The first still deactivated is passed over again; the reactivated person moves up
    # and is told, by e-mail and on the platform.
    assert statuses(waiting) == ["waitlisted", "registered"]
    assert [(message.to[0], message.subject) for message in mail.outbox] == [
        (waiting[1].email, f"Du har fått en plats: {meeting.title}")
    ]
    assert list(
        Notification.objects.filter(kind=Kind.MEETING_PLACE).values_list(
            "recipient__email", flat=True
        )
    ) == [waiting[1].email]


def test_the_office_reactivating_a_person_in_the_admin_moves_them_up(
    client, office_user, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    seat, (waiting,) = fill(meeting, ["gone"])
    registration_cancel(registration=seat, by=seat.person)
    person = waiting.person
    # A real sign-in: admin changes to people ask for recent authentication.
    sign_in(client, office_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/accounts/user/{person.pk}/change/",
            {
                "email": person.email,
                "name": person.name,
                "title": "",
                "is_active": "on",
                "affiliations-TOTAL_FORMS": "0",
                "affiliations-INITIAL_FORMS": "0",
                "affiliations-MIN_NUM_FORMS": "0",
                "affiliations-MAX_NUM_FORMS": "1000",
            },
        )
    assert response.status_code == 302
    assert statuses([waiting]) == ["registered"]
    assert [message.to[0] for message in mail.outbox] == [waiting.email]


def test_a_reactivated_person_waits_on_when_no_seat_is_free(django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=1)
    seat, waiting = fill(meeting, ["gone", "active"])
    # The person also waits for a meeting that is over, with a seat free: it stays so.
    earlier = make_meeting(capacity=1)
    _earlier_seat, (earlier_waiting,) = fill(earlier, ["active"])
    Registration.objects.filter(pk=earlier_waiting.pk).update(person=waiting[0].person)
    Meeting.objects.filter(pk=earlier.pk).update(
        date=timezone.localdate() - dt.timedelta(days=3), capacity=2
    )
    registration_cancel(registration=seat, by=seat.person)
    assert statuses(waiting) == ["waitlisted", "registered"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reactivate(User.objects.get(pk=waiting[0].person_id))
    assert statuses([*waiting, earlier_waiting]) == ["waitlisted", "registered", "waitlisted"]
    assert mail.outbox == []
    assert registration_place(Registration.objects.get(pk=waiting[0].pk)).position == 1


def test_a_save_that_does_not_reactivate_costs_no_query_but_its_own(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    seat, (waiting,) = fill(meeting, ["gone"])
    registration_cancel(registration=seat, by=seat.person)
    active, gone = seat.person, User.objects.get(pk=waiting.person_id)
    for person, update_fields in [
        (active, ["last_login"]),  # at every sign-in
        (active, None),
        (gone, ["name"]),
        (gone, None),  # still deactivated
    ]:
        with django_assert_num_queries(1):
            person.save(update_fields=update_fields)
    assert statuses([waiting]) == ["waitlisted"]
    # Only the save that reactivates looks for the person's queues.
    with django_capture_on_commit_callbacks(execute=True):
        reactivate(gone)
    assert statuses([waiting]) == ["registered"]


def test_the_place_in_the_queue_does_not_count_deactivated_people_ahead():
    meeting = make_meeting(capacity=1)
    _seat, waiting = fill(meeting, ["gone", "active", "gone", "guest", "active"])
    assert [registration_place(r).position for r in waiting] == [1, 1, 2, 2, 3]


def test_the_meetings_figures_count_only_those_who_can_still_move_up(client, member_rep):
    meeting = make_meeting(capacity=2)
    # A deactivated person's seat is taken until it is cancelled.
    taken = registration_register(meeting=meeting, person=UserFactory(email="plats@example.se"))
    deactivate(taken.person)
    fill(meeting, ["gone", "guest", "gone", "active"])
    shown = meeting_get_for(user=member_rep, pk=meeting.pk)
    assert (shown.registered_count, shown.waitlisted_count) == (2, 2)
    client.force_login(member_rep)
    (row,) = [r for r in client.get("/api/v1/meetings").json() if r["id"] == meeting.pk]
    assert (row["registered"], row["waitlisted"]) == (2, 2)


def test_the_office_inbox_counts_only_those_who_can_still_move_up(office_user):
    fill(make_meeting(days=10, capacity=1, title="Bara avaktiverade väntar"), ["gone", "gone"])
    fill(make_meeting(days=11, capacity=1, title="Blandad kö"), ["gone", "guest", "gone", "active"])
    sections = {section.key: section for section in inbox_for(office_user)}
    assert sections["registrations"].count == 1
    assert [(row.title, row.context) for row in sections["registrations"].rows] == [
        ("Blandad kö", "2 på väntelistan")
    ]


def test_the_host_still_sees_a_deactivated_person_marked(client, office_user):
    meeting = make_meeting(capacity=1)
    fill(meeting, ["gone", "active"])
    deactivate(meeting.registrations.get(email__startswith="sitter").person)
    client.force_login(office_user)
    body = client.get(reverse("meetings:participants", args=[meeting.pk])).content.decode()
    assert "Gone 0" in body and "Active 1" in body
    assert body.count("kontot avaktiverat, flyttas inte upp") == 1
    assert body.count("kontot avaktiverat") == 2


def page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_inbox_and_the_participant_list_do_not_query_per_person(
    client, office_user, no_page_cache, django_assert_max_num_queries
):
    meeting = make_meeting(days=10, capacity=1)
    fill(meeting, ["gone", "active"])
    urls = [reverse("todo:inbox"), reverse("meetings:participants", args=[meeting.pk])]
    client.force_login(office_user)
    few = {url: page_queries(client, url) for url in urls}
    for number in range(4):
        fill(make_meeting(days=11 + number, capacity=1), ["gone", "guest", "gone", "active"])
        for index, kind in enumerate(("gone", "active", "gone")):
            person = UserFactory(email=f"fler-{kind}{number}-{index}@example.se")
            registration_register(meeting=meeting, person=person)
            if kind == "gone":
                deactivate(person)
    for url, count in few.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


# Notifications on the platform ---------------------------------------------------------------


def send_changed(meeting, people):
    meeting_changed.send(
        sender=Meeting, meeting=meeting, changes=["date"], person_ids=[p.pk for p in people]
    )


def send_promoted(meeting, people):
    for person in people:
        registration = Registration.objects.create(
            meeting=meeting,
            person=person,
            name=person.name,
            email=person.email,
            status=RegistrationStatus.REGISTERED,
        )
        registration_promoted.send(sender=Registration, registration=registration)


def send_survey_reminder(meeting, people):
    survey = make_survey(UserFactory(email="kansli@example.se", is_office=True))
    reminder_sent.send(sender=Survey, survey=survey, people=people)


@pytest.mark.parametrize(
    ("send", "kind"),
    [
        (send_changed, Kind.MEETING_CHANGED),
        (send_promoted, Kind.MEETING_PLACE),
        (send_survey_reminder, Kind.SURVEY_REMINDER),
    ],
)
def test_no_notification_is_made_for_a_deactivated_person(send, kind):
    staying = UserFactory(email="kvar@example.se")
    gone = deactivate(UserFactory(email="borta@example.se"))
    send(make_meeting(), [staying, gone])
    assert list(Notification.objects.values_list("recipient__email", "kind")) == [
        ("kvar@example.se", kind)
    ]


def test_notifying_many_people_costs_the_same_two_queries(django_assert_max_num_queries):
    meeting = make_meeting()
    people = [UserFactory(email=f"p{n}@example.se") for n in range(20)]
    for person in people[::2]:
        deactivate(person)
    with django_assert_max_num_queries(2):
        send_changed(meeting, people)
    assert Notification.objects.filter(kind=Kind.MEETING_CHANGED).count() == 10
