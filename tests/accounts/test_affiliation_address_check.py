"""Affiliation requests show whether the address is verified and matches the organisation's
known domains; an unverified address is confirmed only with a deliberate extra step."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reglab.accounts.models import AffiliationStatus
from reglab.accounts.services import affiliation_confirm
from tests.factories import AffiliationFactory, UserFactory

pytestmark = pytest.mark.django_db


def request_from(email, organisation, verified):
    person = UserFactory(email=email, email_verified=verified)
    return AffiliationFactory(
        person=person, organisation=organisation, status=AffiliationStatus.REQUESTED
    )


def test_known_domains_match_the_address_and_its_subdomains(region):
    assert region.email_domain_matches("a@skane.se") is None  # no domain known yet
    region.email_domains = "skane.se, @rskane.se"
    assert region.known_domains() == ["skane.se", "rskane.se"]
    assert region.email_domain_matches("a@Skane.se") is True
    assert region.email_domain_matches("a@utv.skane.se") is True
    assert region.email_domain_matches("a@gmail.com") is False
    assert region.email_domain_matches("a@notskane.se") is False


def test_the_queue_shows_verification_and_domain(client, office_user, region):
    region.email_domains = "skane.se"
    region.save()
    request_from("anna@skane.se", region, verified=True)
    request_from("bertil@gmail.com", region, verified=False)
    client.force_login(office_user)
    html = client.get(reverse("accounts:affiliation_queue")).content.decode()
    assert html.count('data-verified="yes"') == 1
    assert html.count('data-verified="no"') == 1
    assert html.count('data-match="yes"') == 1
    assert html.count('data-match="no"') == 1
    assert "Stämmer inte med organisationens kända domäner" in html
    # The extra step is offered only for the unverified address.
    assert html.count('name="address_checked"') == 1


def test_unverified_address_needs_the_extra_step(client, office_user, region):
    affiliation = request_from("bertil@gmail.com", region, verified=False)
    with pytest.raises(ValidationError):
        affiliation_confirm(affiliation=affiliation, by=office_user)

    client.force_login(office_user)
    url = reverse("accounts:affiliation_decide", args=[affiliation.pk])
    client.post(url, {"decision": "confirm"})
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED

    response = client.post(url, {"decision": "confirm", "address_checked": "on"}, follow=True)
    assert response.status_code == 200
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert "address checked in another way" in affiliation.history.first().history_change_reason


def test_verified_address_needs_no_extra_step(client, office_user, region):
    affiliation = request_from("anna@skane.se", region, verified=True)
    client.force_login(office_user)
    client.post(
        reverse("accounts:affiliation_decide", args=[affiliation.pk]), {"decision": "confirm"}
    )
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED


def test_only_the_office_decides_even_with_the_tick(client, member_rep, region):
    affiliation = request_from("bertil@gmail.com", region, verified=False)
    client.force_login(member_rep)
    response = client.post(
        reverse("accounts:affiliation_decide", args=[affiliation.pk]),
        {"decision": "confirm", "address_checked": "on"},
    )
    assert response.status_code == 403
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED
