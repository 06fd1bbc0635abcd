"""One open (requested or confirmed) affiliation per person and organisation, in the database."""

import pytest
from django.db import IntegrityError, transaction

from reglab.accounts.models import Affiliation, AffiliationStatus
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db

OPEN = [AffiliationStatus.REQUESTED, AffiliationStatus.CONFIRMED]
CLOSED = [AffiliationStatus.REJECTED, AffiliationStatus.ENDED]


@pytest.mark.parametrize("first", OPEN)
@pytest.mark.parametrize("second", OPEN)
def test_second_open_affiliation_is_refused(plain_user, region, first, second):
    AffiliationFactory(person=plain_user, organisation=region, status=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliationFactory(person=plain_user, organisation=region, status=second)
    assert Affiliation.objects.filter(person=plain_user, organisation=region).count() == 1


@pytest.mark.parametrize("closed", CLOSED)
def test_closed_affiliation_can_be_followed_by_a_new_request(plain_user, region, closed):
    AffiliationFactory(person=plain_user, organisation=region, status=closed)
    AffiliationFactory(person=plain_user, organisation=region, status=AffiliationStatus.REQUESTED)
    assert Affiliation.objects.filter(person=plain_user, organisation=region).count() == 2


def test_several_closed_affiliations_are_kept_as_history(plain_user, region):
    for status in [*CLOSED, *CLOSED]:
        AffiliationFactory(person=plain_user, organisation=region, status=status)
    assert Affiliation.objects.filter(person=plain_user, organisation=region).count() == 4


def test_open_affiliations_with_different_organisations_are_allowed(
    plain_user, region, partner_org
):
    AffiliationFactory(person=plain_user, organisation=region)
    AffiliationFactory(person=plain_user, organisation=partner_org)
    assert plain_user.affiliations.confirmed().count() == 2


def test_different_people_may_represent_the_same_organisation(member_rep, plain_user, region):
    AffiliationFactory(person=plain_user, organisation=region)
    assert region.affiliations.confirmed().count() == 2
