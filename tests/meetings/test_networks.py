"""People join and leave networks; the network page shows the look back, newest first."""

import pytest

from reglab.meetings.models import NetworkMembership
from tests.meetings.conftest import add_programme, make_meeting

pytestmark = pytest.mark.django_db


def test_a_representative_joins_and_leaves(client, member_rep, network):
    client.force_login(member_rep)
    assert client.post(f"/natverk/{network.slug}/ga-med/").status_code == 302
    assert client.post(f"/natverk/{network.slug}/ga-med/").status_code == 302  # twice: one row
    assert (
        NetworkMembership.objects.active().filter(network=network, person=member_rep).count() == 1
    )
    page = client.get(f"/natverk/{network.slug}/").content.decode()
    assert "Du är med i nätverket." in page
    client.post(f"/natverk/{network.slug}/lamna/")
    assert not NetworkMembership.objects.active().filter(person=member_rep).exists()
    # The membership is kept as history.
    assert NetworkMembership.objects.filter(person=member_rep).count() == 1


def test_a_person_without_an_organisation_cannot_join(client, plain_user, network):
    client.force_login(plain_user)
    assert client.post(f"/natverk/{network.slug}/ga-med/").status_code == 403
    assert not NetworkMembership.objects.filter(person=plain_user).exists()


def test_joining_needs_a_post_and_a_sign_in(client, network):
    response = client.post(f"/natverk/{network.slug}/ga-med/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_look_back_newest_first_with_themes(client, network, region):
    for days, title in [(-500, "Januari 2017"), (-300, "Maj 2017"), (-100, "Oktober 2017")]:
        meeting = make_meeting(network, days=days, title=title)
        add_programme(meeting, region)
    make_meeting(network, days=10, title="Nästa träff")
    html = client.get(f"/natverk/{network.slug}/").content.decode()
    lookback = html.split('id="lookback-heading"')[1]
    assert (
        lookback.index("Oktober 2017") < lookback.index("Maj 2017") < lookback.index("Januari 2017")
    )
    assert "Strategierna som styrinstrument" in lookback
    assert "Lunch" not in lookback  # breaks are not themes
    assert "Nästa träff" not in lookback
    assert "Backspegel" in html


def test_year_page_filters(client, network):
    make_meeting(network, title="Nätverksträff")
    make_meeting(title="Ledarseminarium")
    assert (
        "Ledarseminarium" not in client.get("/moten/", {"network": network.slug}).content.decode()
    )
    html = client.get("/moten/", {"kind": "seminar"}).content.decode()
    assert "Ledarseminarium" in html and "Nätverksträff" not in html
    assert client.get("/moten/", {"kind": "fest"}).status_code == 200


def test_the_start_page_leads_to_the_year(client):
    html = client.get("/").content.decode()
    assert 'href="/moten/"' in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("member_rep", 403), ("outsider", 403), ("coordinator", 302), ("office_user", 302)],
)
def test_coordinators_and_the_office_set_roles(client, request, network, coordinator, role, status):
    member = request.getfixturevalue("plain_user")
    NetworkMembership.objects.create(network=network, person=member)
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/natverk/{network.slug}/personer/{member.pk}/", {"is_coordinator": "on"}
    )
    assert response.status_code == status
    membership = NetworkMembership.objects.active().get(network=network, person=member)
    assert membership.is_coordinator is (status == 302)
    page = client.get(f"/natverk/{network.slug}/").content.decode()
    assert ('id="people"' in page) is (status == 302)


def test_year_page_shows_the_latest_results(client, office_user):
    from tests.provrum.conftest import cast_of
    from tests.results.conftest import bare_provrum, publish

    cast = cast_of(office_user)
    publish(bare_provrum(cast, title="Kompetensförsörjning i regionerna"))
    html = client.get("/moten/").content.decode()
    assert "Senaste resultaten från provrummen" in html
    assert "Kompetensförsörjning i regionerna" in html
