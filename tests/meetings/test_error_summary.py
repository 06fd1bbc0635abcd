"""The meeting forms sent back carry the error summary, its links to fields on the page."""

import pytest

from tests.error_summary import summary_links
from tests.meetings.conftest import add_programme, make_meeting
from tests.meetings.test_bad_input import meeting_form

pytestmark = pytest.mark.django_db


def test_a_refused_meeting_links_each_field_and_keeps_the_input(client, office_user, network):
    client.force_login(office_user)
    response = client.post("/moten/nytt/", meeting_form(network, title="", address=""))
    assert response.status_code == 400
    links = summary_links(response.content)
    assert "id_title" in links
    html = response.content.decode()
    assert 'value="16:00"' in html  # the input is kept
    assert html.count(links["id_title"]) == 2  # the field keeps its own message


def test_a_refused_programme_item_links_its_fields(client, coordinator, network):
    meeting = make_meeting(network)
    add_programme(meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/moten/{meeting.pk}/vard/punkter/", {"start_time": "", "title": "Middag", "kind": "x"}
    )
    assert response.status_code == 400
    links = summary_links(response.content)
    assert {"id_start_time", "id_kind"} <= set(links)
    assert 'value="Middag"' in response.content.decode()


def test_a_refused_guest_registration_links_its_fields(client):
    meeting = make_meeting()
    data = {"guest-name": "", "guest-email": "inte-en-adress", "guest-organisation_name": "Nord"}
    response = client.post(f"/moten/{meeting.pk}/anmal/", data)
    assert response.status_code == 400
    assert set(summary_links(response.content)) == {"id_guest-name", "id_guest-email"}
    assert 'value="Nord"' in response.content.decode()


def test_a_refused_registration_question_links_its_text_box(client, coordinator, network):
    meeting = make_meeting(network)
    client.force_login(coordinator)
    response = client.post(f"/moten/{meeting.pk}/vard/fragor/", {"text": "", "required": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert list(summary_links(response.content)) == ["id_text"]
    assert page.count('id="id_text"') == 1  # the link's target is the question's box alone
