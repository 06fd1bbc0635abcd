"""Retention: sign-in logs after 90 days, history rows after two years (the daily command)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command

from reglab.accounts.models import Affiliation
from reglab.privacy.retention import history_models
from tests.factories import AffiliationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


def sign_in(email, at):
    agent = f"browser {at:%Y-%m-%d}"
    AccessLog.objects.create(
        username=email, ip_address="127.0.0.1", user_agent=agent, attempt_time=at
    )
    AccessAttempt.objects.create(
        username=email,
        ip_address="127.0.0.1",
        user_agent=agent,
        attempt_time=at,
        failures_since_start=1,
        get_data="",
        post_data="",
    )


def test_history_models_are_found_through_the_registry():
    labels = {model._meta.label for model in history_models()}
    assert {"accounts.HistoricalAffiliation", "provrum.HistoricalComment"} <= labels


def test_the_daily_command_deletes_what_is_older_than_its_period(capsys):
    with time_machine.travel(START, tick=False):
        person = UserFactory(email="gammal@example.se")
        affiliation = AffiliationFactory(person=person, organisation=RegionFactory())
        sign_in(person.email, START)
    later = START + dt.timedelta(days=89)
    with time_machine.travel(later, tick=False):
        sign_in(person.email, later)
        call_command("apply_retention")
        assert AccessLog.objects.count() == 2  # 89 days: both kept
    with time_machine.travel(START + dt.timedelta(days=91), tick=False):
        call_command("apply_retention")
        assert list(AccessLog.objects.values_list("attempt_time", flat=True)) == [later]
        assert AccessAttempt.objects.count() == 1
        assert affiliation.history.count() == 1  # history is kept longer
    with time_machine.travel(START + dt.timedelta(days=731), tick=False):
        call_command("apply_retention")
        assert affiliation.history.count() == 0
        assert Affiliation.objects.filter(pk=affiliation.pk).exists()  # the row itself stays
        assert AccessLog.objects.count() == 0
    assert "rows deleted" in capsys.readouterr().out


def test_the_periods_are_settings(settings):
    settings.RETENTION_SIGN_IN_DAYS = 10
    with time_machine.travel(START, tick=False):
        sign_in("kort@example.se", START)
    with time_machine.travel(START + dt.timedelta(days=11), tick=False):
        call_command("apply_retention")
    assert not AccessLog.objects.exists()
