"""OrganisationQuerySet.active(): both ends of the active period are inclusive."""

from datetime import date

import pytest
import time_machine

from reglab.organisations.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("active_from", "active_until", "is_active"),
    [
        (None, None, True),
        (date(2024, 6, 15), None, True),  # starts today
        (date(2024, 6, 16), None, False),  # starts tomorrow
        (None, date(2024, 6, 15), True),  # ends today
        (None, date(2024, 6, 14), False),  # ended yesterday
        (date(2024, 6, 15), date(2024, 6, 15), True),  # a one-day period
        (date(2020, 1, 1), date(2030, 1, 1), True),
        (date(2025, 1, 1), date(2030, 1, 1), False),
        (date(2010, 1, 1), date(2019, 12, 31), False),
    ],
)
def test_active_on_a_given_day(active_from, active_until, is_active):
    organisation = OrganisationFactory(active_from=active_from, active_until=active_until)
    assert Organisation.objects.active(on=DAY).filter(pk=organisation.pk).exists() is is_active


def test_active_defaults_to_today_in_stockholm():
    ends_today = OrganisationFactory(active_until=date(2024, 6, 15))
    starts_tomorrow = OrganisationFactory(active_from=date(2024, 6, 16))
    # 23:30 UTC on 14 June is already 01:30 on 15 June in Stockholm.
    with time_machine.travel("2024-06-14T23:30:00Z", tick=False):
        active = set(Organisation.objects.active())
    assert ends_today in active
    assert starts_tomorrow not in active
