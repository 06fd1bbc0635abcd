"""A final report that comes before the plan's period has started gets a warning.

The rule at its boundaries (no database), and the warning on the report page:
for the group before they submit, and for the office beside its decision.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reglab.provrum.rules import WARNING, Reason, check_report_timing
from tests.provrum.report_fixtures import running, submitted_report
from tests.provrum.views_helpers import sign_in

START = date(2027, 1, 15)  # the start of plan_fixtures.VALID_PLAN


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        (
            START - timedelta(days=30),
            [Reason("report_before_plan_start", WARNING, {"start": "2027-01-15", "days": 30})],
        ),
        (
            START - timedelta(days=1),
            [Reason("report_before_plan_start", WARNING, {"start": "2027-01-15", "days": 1})],
        ),
        (START, []),  # on the start date itself
        (START + timedelta(days=1), []),
    ],
)
def test_the_rule_at_its_boundaries(submitted_on, expected):
    assert check_report_timing(submitted_on=submitted_on, plan_start=START) == expected


def test_without_a_start_date_there_is_nothing_to_warn_about():
    assert check_report_timing(submitted_on=date(2020, 1, 1), plan_start=None) == []


@pytest.mark.django_db
def test_the_report_page_warns_before_and_after_submitting(client, cast):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 1, 10, 12))):
        provrum = running(cast)
        sign_in(client, cast["people"]["skane"])
        page = client.get(reverse("provrum:report", args=[provrum.pk])).content.decode()
        assert 'id="report-timing"' in page
        assert "report_before_plan_start" in page
        assert "15 januari 2027" in page
        submitted_report(cast, provrum)
        sign_in(client, cast["office"])
        page = client.get(reverse("provrum:report", args=[provrum.pk])).content.decode()
        assert 'id="report-decision"' in page
        assert "report_before_plan_start" in page
    # Judged by the day it was submitted, not by the day the office reads it.
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 2, 1, 12))):
        sign_in(client, cast["office"])
        page = client.get(reverse("provrum:report", args=[provrum.pk])).content.decode()
        assert "report_before_plan_start" in page


@pytest.mark.django_db
def test_no_warning_once_the_period_has_started(client, cast):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 1, 15, 8))):
        provrum = running(cast)
        sign_in(client, cast["people"]["skane"])
        page = client.get(reverse("provrum:report", args=[provrum.pk])).content.decode()
        assert 'id="report-timing"' not in page
