"""Database constraints on organisations: they hold even when code skips full_clean()."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from reglab.organisations.models import Kind, Membership, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_region_without_county_code_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Region Utan Län", slug="region-utan-lan", kind=Kind.REGION, is_region=True
        )
    assert not Organisation.objects.filter(slug="region-utan-lan").exists()


def test_region_without_county_code_fails_validation_before_saving():
    organisation = Organisation(
        name="Region Utan Län", slug="region-utan-lan", kind=Kind.REGION, is_region=True
    )
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert NON_FIELD_ERRORS in excinfo.value.error_dict


def test_non_region_needs_no_county_code():
    organisation = Organisation.objects.create(
        name="Vinnova", slug="vinnova", kind=Kind.NATIONAL_AGENCY, membership=Membership.MEMBER
    )
    assert organisation.county_code == ""


def test_region_with_county_code_is_accepted():
    organisation = Organisation.objects.create(
        name="Region Skåne", slug="region-skane", kind=Kind.REGION, is_region=True, county_code="12"
    )
    assert organisation.is_region


@pytest.mark.parametrize("code", ["1", "123", "ab", "1a"])
def test_county_code_must_be_two_digits(code):
    organisation = Organisation(
        name="Region X", slug="region-x", kind=Kind.REGION, is_region=True, county_code=code
    )
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "county_code" in excinfo.value.error_dict


def test_active_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(active_from=date(2020, 1, 2), active_until=date(2020, 1, 1))


@pytest.mark.parametrize(
    ("active_from", "active_until"),
    [
        (date(2020, 1, 1), date(2020, 1, 1)),  # a single day is a valid period
        (date(2020, 1, 1), date(2024, 12, 31)),
        (None, date(2020, 1, 1)),
        (date(2020, 1, 1), None),
        (None, None),
    ],
)
def test_ordered_or_open_active_periods_are_accepted(active_from, active_until):
    organisation = OrganisationFactory(active_from=active_from, active_until=active_until)
    assert organisation.pk is not None


def test_slug_is_unique():
    Organisation.objects.create(name="Kontigo", slug="kontigo", kind=Kind.CONSULTANCY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Kontigo AB", slug="kontigo", kind=Kind.CONSULTANCY)
    assert Organisation.objects.filter(slug="kontigo").count() == 1
