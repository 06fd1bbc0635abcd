"""Beside "Approve the plan" the office sees the plan against each rule and what is
left of the year's base funding (counted as ``facts`` counts it)."""

import re

import pytest
from django.urls import reverse

from reglab.provrum.plan import services as plans
from tests.provrum.plan_fixtures import submitted_plan, valid_plan, with_go_ahead

pytestmark = pytest.mark.django_db


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_the_office_sees_the_rules_and_the_years_remaining_cap(client, cast):
    first = with_go_ahead(cast, title="Först godkänd")
    submitted_plan(cast, first)
    plans.plan_approve(provrum=first, by=cast["office"])  # 50 000 granted this year
    second = with_go_ahead(cast, title="Väntar på beslut")
    submitted_plan(cast, second, valid_plan(indicators=[]))
    client.force_login(cast["office"])
    page = client.get(reverse("provrum:plan", args=[second.pk])).content.decode()
    summary = page[page.index('id="plan-decision-summary"') :]
    statuses = dict(re.findall(r'data-rule="(\w+)" data-status="(\w+)"', summary))
    assert statuses == {
        "base_funding": "ok",
        "annual_cap": "ok",
        "financing": "ok",
        "duration": "ok",
        "content": "warning",
    }
    remaining = re.search(r"<dd data-remaining>(.*?)</dd>", summary).group(1)
    assert digits(remaining) == "150000"
    # Next to the button, before it.
    approve = reverse("provrum:plan_approve", args=[second.pk])
    assert page.index('id="plan-decision-summary"') < page.index(approve)


def test_the_group_does_not_get_the_offices_summary(client, cast):
    provrum = with_go_ahead(cast)
    submitted_plan(cast, provrum)
    client.force_login(cast["people"]["skane"])
    page = client.get(reverse("provrum:plan", args=[provrum.pk])).content.decode()
    assert 'id="plan-decision-summary"' not in page
