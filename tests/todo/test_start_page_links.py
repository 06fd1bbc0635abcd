"""The start page's "Gå till" reaches the newer areas too: networks and surveys."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_start_page_links_to_networks_and_surveys(client, member_rep):
    client.force_login(member_rep)
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("meetings:networks")}">Reglabs nätverk</a>' in html
    assert f'<a href="{reverse("surveys:list")}">Enkäter</a>' in html


def test_the_office_s_empty_list_points_to_the_inbox(client, office_user):
    client.force_login(office_user)
    html = client.get("/").content.decode()
    assert "Inget väntar på dig personligen. Kansliets ärenden finns i inkorgen ovan." in html
