"""Bad input gets a clear Swedish message, what was typed comes back, and nothing is lost."""

import datetime as dt

import pytest
from django.utils import timezone

from reglab.meetings.models import Meeting, ProgrammeItem, RegistrationStatus
from reglab.meetings.services.registration import registration_register
from tests.error_summary import summary_links
from tests.meetings.conftest import add_programme, make_meeting, people

pytestmark = pytest.mark.django_db


def meeting_form(network, **changes):
    date = timezone.localdate() + dt.timedelta(days=20)
    return {
        "network": network.pk,
        "kind": "network_meeting",
        "title": "Höstträffen",
        "date": date.isoformat(),
        "start_time": "16:00",
        "end_time": "10:00",
        "address": "Stockholm",
        "visibility": "public",
        **changes,
    }


def test_a_meeting_that_ends_before_it_starts(client, office_user, network):
    client.force_login(office_user)
    response = client.post("/moten/nytt/", meeting_form(network))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mötet slutar innan det börjar." in html
    assert 'value="Höstträffen"' in html
    assert Meeting.objects.count() == 0


def test_a_meeting_without_place(client, office_user, network):
    client.force_login(office_user)
    response = client.post(
        "/moten/nytt/", meeting_form(network, start_time="10:00", end_time="16:00", address="")
    )
    assert response.status_code == 400
    assert "Ange en adress, en digital länk eller båda." in response.content.decode()


def test_a_good_meeting_is_created_by_the_office(client, office_user, network):
    client.force_login(office_user)
    response = client.post(
        "/moten/nytt/", meeting_form(network, start_time="10:00", end_time="16:00")
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert response.url == f"/moten/{meeting.pk}/vard/"
    assert meeting.created_by == office_user


def test_a_programme_item_outside_the_meeting(client, coordinator, network):
    meeting = make_meeting(network)
    add_programme(meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/moten/{meeting.pk}/vard/punkter/",
        {"start_time": "17:30", "title": "Middag", "kind": "break"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Programpunkten ligger utanför mötets tid." in html
    assert 'value="Middag"' in html
    assert ProgrammeItem.objects.filter(meeting=meeting).count() == 3


def test_moving_a_meeting_away_from_its_programme_is_refused(client, coordinator, network):
    meeting = make_meeting(network)
    add_programme(meeting)
    client.force_login(coordinator)
    data = meeting_form(
        network, date=meeting.date.isoformat(), start_time="13:00", end_time="16:00"
    )
    data["title"] = meeting.title
    response = client.post(f"/moten/{meeting.pk}/vard/andra/", data)
    assert response.status_code == 400
    assert "skulle hamna utanför mötets tid" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start_time == dt.time(10, 0)


def test_registration_after_it_closed(client, member_rep):
    meeting = make_meeting(registration_closes=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(member_rep)
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Anmälan har stängt." in page
    response = client.post(f"/moten/{meeting.pk}/anmal/", {"dietary_needs": "Glutenfri"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Anmälan har stängt." in html
    assert meeting.registrations.count() == 0


def test_registration_before_it_opens(member_rep):
    from reglab.meetings.services.registration import RegistrationRefused

    meeting = make_meeting(registration_opens=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(RegistrationRefused) as refused:
        registration_register(meeting=meeting, person=member_rep)
    assert refused.value.reason == "registration_not_open"
    assert refused.value.messages == ["Anmälan har inte öppnat ännu."]


def test_beyond_the_cap_goes_to_the_waiting_list_and_says_so(client, member_rep):
    meeting = make_meeting(capacity=1)
    registration_register(meeting=meeting, person=people(1)[0])
    client.force_login(member_rep)
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Mötet är fullt." in page
    response = client.post(f"/moten/{meeting.pk}/anmal/", {"dietary_needs": "Vegan"}, follow=True)
    html = response.content.decode()
    assert "Du är nummer 1 på väntelistan" in html
    registration = meeting.registrations.get(person=member_rep)
    assert (registration.status, registration.dietary_needs) == (
        RegistrationStatus.WAITLISTED,
        "Vegan",
    )


def test_a_required_question_unanswered_keeps_the_rest(client, member_rep):
    meeting = make_meeting()
    question = meeting.questions.create(text="Vilken workshop väljer du?", required=True)
    client.force_login(member_rep)
    response = client.post(f"/moten/{meeting.pk}/anmal/", {"dietary_needs": "Laktosfri"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Laktosfri"' in html
    assert set(summary_links(response.content)) == {f"id_question_{question.pk}"}
    assert meeting.registrations.count() == 0
    response = client.post(
        f"/moten/{meeting.pk}/anmal/",
        {"dietary_needs": "Laktosfri", f"question_{question.pk}": "Workshop B"},
    )
    assert response.status_code == 302
    assert meeting.registrations.get().answers.get().text == "Workshop B"


def test_registering_twice(member_rep):
    from reglab.meetings.services.registration import RegistrationRefused

    meeting = make_meeting()
    registration_register(meeting=meeting, person=member_rep)
    with pytest.raises(RegistrationRefused) as refused:
        registration_register(meeting=meeting, person=member_rep)
    assert refused.value.messages == ["Du är redan anmäld till det här mötet."]
    assert meeting.registrations.count() == 1
