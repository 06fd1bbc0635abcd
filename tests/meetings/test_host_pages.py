"""The host's pages and exports, per role: the office and the network's coordinators host;
everyone else is refused (403, or 404 when they may not even see the meeting)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from reglab.meetings.models import ProgrammeItem, Visibility
from reglab.meetings.services.registration import registration_register
from tests.meetings.conftest import add_programme, make_meeting
from tests.provrum import work_samples as samples

pytestmark = pytest.mark.django_db

LOGIN = "login"

HOST_PAGES = [
    "vard/",
    "vard/andra/",
    "vard/deltagare/",
    "vard/deltagare.csv",
    "vard/deltagare.xlsx",
    "vard/namnlista/",
]

# fmt: off
ROLES = {
    # role              public meeting   members-only meeting
    "anonymous":        (LOGIN,          LOGIN),
    "plain_user":       (403,            404),
    "outsider":         (403,            404),
    "member_rep":       (403,            403),
    "coordinator":      (200,            200),
    "office_user":      (200,            200),
}
# fmt: on


def cells():
    return [
        pytest.param(role, visibility, path, expected, id=f"{role}-{visibility}-{path}")
        for role, outcomes in ROLES.items()
        for visibility, expected in zip(
            (Visibility.PUBLIC, Visibility.MEMBERS), outcomes, strict=True
        )
        for path in HOST_PAGES
    ]


@pytest.fixture
def as_role(client, request, coordinator, outsider, member_rep, plain_user, office_user):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return sign_in


# Not "page": that is pytest-playwright's fixture, and would give these ids a [chromium] suffix.
@pytest.mark.parametrize(("role", "visibility", "path", "expected"), cells())
def test_host_pages(as_role, network, role, visibility, path, expected):
    meeting = make_meeting(network, visibility=visibility)
    response = as_role(role).get(f"/moten/{meeting.pk}/{path}")
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["plain_user", "outsider", "member_rep"])
def test_non_hosts_cannot_change_the_programme(as_role, network, role):
    meeting = make_meeting(network)
    theme, _talk = add_programme(meeting)
    client = as_role(role)
    response = client.post(
        f"/moten/{meeting.pk}/vard/punkter/", {"start_time": "11:00", "title": "X", "kind": "talk"}
    )
    assert response.status_code == 403
    assert client.post(f"/moten/{meeting.pk}/vard/punkter/{theme.pk}/ta-bort/").status_code == 403
    assert ProgrammeItem.objects.filter(meeting=meeting).count() == 3


def test_a_coordinator_hosts_only_their_networks_meetings(client, coordinator):
    other = make_meeting(title="Seminarium utan nätverk")
    client.force_login(coordinator)
    assert client.get(f"/moten/{other.pk}/vard/").status_code == 403
    assert client.get("/moten/nytt/").status_code == 200


def test_only_office_and_coordinators_create_meetings(client, member_rep):
    client.force_login(member_rep)
    assert client.get("/moten/nytt/").status_code == 403


def test_coordinator_builds_the_programme_with_speakers(client, coordinator, network, partner_org):
    meeting = make_meeting(network)
    client.force_login(coordinator)
    response = client.post(
        f"/moten/{meeting.pk}/vard/punkter/",
        {
            "start_time": "10:30",
            "title": "RUSen som styrinstrument",
            "kind": "talk",
            "speaker_1_name": "Göran Hallin",
            "speaker_1_organisation": partner_org.pk,
            "speaker_2_name": "Johanna Sundelöf",
            "speaker_2_organisation_name": "Regionförbundet Sörmland",
        },
    )
    assert response.status_code == 302
    item = meeting.items.get()
    assert [str(s) for s in item.speakers.all()] == [
        "Göran Hallin, Kontigo",
        "Johanna Sundelöf, Regionförbundet Sörmland",
    ]
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Göran Hallin" in page and "Regionförbundet Sörmland" in page


def test_slides_are_inspected_and_served_to_those_who_see_the_meeting(client, coordinator, network):
    meeting = make_meeting(network)
    _theme, talk = add_programme(meeting)
    client.force_login(coordinator)
    url = f"/moten/{meeting.pk}/vard/punkter/{talk.pk}/bilder/"
    program = io.BytesIO(b"MZ\x90\x00" + bytes(200))
    program.name = "bilder.pdf"
    response = client.post(url, {"file": program})
    assert response.status_code == 400
    assert talk.attachments.count() == 0

    # One copy: a zip made a second later has other timestamps, so other bytes.
    slides = samples.pptx_bytes()
    upload = io.BytesIO(slides)
    upload.name = "RUS som styrinstrument.pptx"
    assert client.post(url, {"file": upload}).status_code == 302
    attachment = talk.attachments.get()
    client.logout()
    response = client.get(f"/moten/{meeting.pk}/bilder/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == slides


def test_exports_and_name_list(client, coordinator, network, member_rep):
    meeting = make_meeting(network, capacity=1)
    question = meeting.questions.create(text="Workshop?")
    registration_register(
        meeting=meeting,
        person=member_rep,
        dietary_needs='=HYPERLINK("http://evil")',
        answers={question.pk: "B"},
    )
    client.force_login(coordinator)
    response = client.get(f"/moten/{meeting.pk}/vard/deltagare.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Namn", "Organisation", "E-postadress"]
    assert rows[0][-1] == "Workshop?"
    assert rows[1][0] == "Anna Åkesson"
    assert rows[1][6].startswith("'=")  # a formula is never written as one
    assert rows[1][-1] == "B"

    response = client.get(f"/moten/{meeting.pk}/vard/deltagare.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Anna Åkesson"
    assert sheet["B2"].value == "Region Skåne"

    page = client.get(f"/moten/{meeting.pk}/vard/namnlista/").content.decode()
    assert "Anna Åkesson" in page
    assert "Namnteckning" in page


def test_documentation_shows_on_the_meeting_page(client, coordinator, network):
    meeting = make_meeting(network, days=-10)
    client.force_login(coordinator)
    response = client.post(
        f"/moten/{meeting.pk}/vard/dokumentation/",
        {"notes": "Vi pratade om RUS.", "decisions": "Nästa träff i oktober."},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert "Nästa träff i oktober." in page
    assert "Mötet har ägt rum." in page
