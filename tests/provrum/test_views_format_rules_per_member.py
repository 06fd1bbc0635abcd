"""The per-member figure on the format rules page: the yearly cap over the member organisations."""

import datetime

import pytest
from django.urls import reverse

from reglab.organisations.models import Membership, Organisation
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import FormatRules
from tests.factories import MemberAgencyFactory, PartnerFactory, RegionFactory

URL = reverse("provrum:format_rules")


def exactly_members(count):
    """Leave exactly ``count`` active member organisations, plus a partner and a former member."""
    Organisation.objects.update(membership=Membership.NONE)
    for _ in range(count):
        RegionFactory()
    PartnerFactory()
    MemberAgencyFactory(active_until=datetime.date(2000, 1, 1))


def figure(response):
    html = response.content.decode()
    start = html.find('id="per-member-figure"')
    return None if start == -1 else html[start : html.index("</p>", start)]


@pytest.mark.django_db
def test_the_per_member_figure(client, plain_user):
    exactly_members(24)
    client.force_login(plain_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["member_count"] == 24
    assert response.context["per_member_sek"] == 8_333
    text = figure(response)
    assert "200\xa0000" in text
    assert "8\xa0333" in text
    assert "24" in text


@pytest.mark.django_db
def test_the_figure_follows_the_cap_the_office_sets(client, office_user):
    exactly_members(24)
    client.force_login(office_user)
    values = {name: getattr(FormatRules(), name) for name in format_rules.FORMAT_RULE_FIELDS}
    response = client.post(URL, {**values, "office_annual_cap_sek": 100_000})
    assert response.status_code == 302
    response = client.get(URL)
    assert response.context["per_member_sek"] == 4_167  # 4 166.67
    assert "4\xa0167" in figure(response)
    # The office sees the figure on the same page as the field it sets the cap in.
    assert 'name="office_annual_cap_sek"' in response.content.decode()


@pytest.mark.django_db
def test_no_members_no_figure(client, plain_user):
    exactly_members(0)
    client.force_login(plain_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["per_member_sek"] is None
    assert figure(response) is None
