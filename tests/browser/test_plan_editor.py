"""The project plan editor in a real browser (Chromium): live sums and the half-budget rule.

A region's representative writes the budget of a provrum with the go-ahead.
The sums follow what is typed (plan.js); the rule that base funding may pay at
most half of the budget appears as the person types (htmx asks the server) and
disappears when the figures are put right. Assertions rest on data attributes
and the database, not on wording.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reglab.provrum.models import IntendedUse, Kind, ProjectPlan
from reglab.provrum.proposal import decisions, services
from tests.browser.test_provrum_flow import NARROW, sign_in
from tests.factories import AffiliationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def provrum_with_go_ahead(live_server):
    skane = RegionFactory(name="Region Skåne", slug="region-skane", county_code="12")
    orebro = RegionFactory(name="Region Örebro län", slug="region-orebro-lan", county_code="18")
    people = {}
    for key, organisation in {"skane": skane, "orebro": orebro}.items():
        people[key] = UserFactory(email=f"{key}@example.se", name=key.title())
        AffiliationFactory(person=people[key], organisation=organisation)
    office = UserFactory(email="kansli@example.se", name="Kansliet", is_office=True)
    provrum = services.provrum_create(
        by=people["skane"],
        organisation=skane,
        title="Regionerna och AI för analys",
        summary="Vi vill pröva hur AI kan visualisera regionala data.",
        question="Hur kan regionerna använda AI för analys?",
        kind=Kind.METHOD,
        intended_use=IntendedUse.TEST_BALLOON,
        themes=["AI"],
        wants_to_lead=True,
    )
    services.provrum_publish(provrum=provrum, by=people["skane"])
    services.interest_register(provrum=provrum, by=people["orebro"], organisation=orebro)
    services.leader_choose(provrum=provrum, by=people["skane"], organisation=skane)
    decisions.provrum_give_go_ahead(provrum=provrum, by=office, comment="Klart.")
    provrum.refresh_from_db()
    return provrum, people


def sum_value(page, name):
    return page.locator(f"#plan-check [data-sum='{name}']")


def test_live_sums_and_the_half_budget_rule(page, live_server, provrum_with_go_ahead, tmp_path):
    provrum, people = provrum_with_go_ahead
    sign_in(page, live_server, people["skane"])
    page.goto(live_server.url + reverse("provrum:plan", args=[provrum.pk]))
    budget = page.locator("[data-row-kind='budget_lines']")
    rows = budget.locator("[data-row]")
    blank_rows = rows.count()

    # The sums follow the typing.
    page.select_option("#id_budget_lines-0-category", "expertise")
    page.fill("#id_budget_lines-0-description", "Konsult för analys")
    page.fill("#id_budget_lines-0-amount", "100 000")
    expect(sum_value(page, "budget")).to_have_attribute("data-value", "100000")

    # A row added with the button counts too; working time is kept apart.
    budget.locator("[data-add-row]").click()
    expect(rows).to_have_count(blank_rows + 1)
    added = rows.nth(blank_rows)
    expect(added.locator("select[data-category]")).to_be_focused()  # focus moves to the new row
    added.locator("select[data-category]").select_option("working_time")
    added.locator("input[name$='-description']").fill("Arbetstid i regionerna")
    added.locator("[data-amount]").fill("50000")
    expect(sum_value(page, "budget")).to_have_attribute("data-value", "150000")
    expect(sum_value(page, "not_working_time")).to_have_attribute("data-value", "100000")

    # Base funding over half of the budget: the rule appears beside the buttons.
    page.select_option("#id_financing-0-source", "base_funding")
    page.fill("#id_financing-0-amount", "80000")
    expect(sum_value(page, "base_funding")).to_have_attribute("data-value", "80000")
    half_rule = page.locator("#plan-check [data-code='base_funding_over_half']")
    expect(half_rule).to_be_visible()

    # Exactly half passes: the rule disappears.
    page.fill("#id_financing-0-amount", "75000")
    expect(half_rule).to_have_count(0)
    expect(sum_value(page, "base_funding")).to_have_attribute("data-value", "75000")

    # Removing the working-time line halves nothing but the budget: the rule is back.
    added.locator("[data-remove-row]").click()
    expect(rows).to_have_count(blank_rows)
    expect(sum_value(page, "budget")).to_have_attribute("data-value", "100000")
    expect(half_rule).to_be_visible()

    # Saved as typed; the server agrees with the browser.
    page.locator("form[data-plan-form] button[value='save']").click()
    expect(page.locator("#plan-status")).to_have_attribute("data-version", "1")
    plan = ProjectPlan.objects.get(provrum=provrum)
    assert [line["amount"] for line in plan.data["budget_lines"]] == [100000]
    assert plan.data["financing"][0] == {
        "source": "base_funding",
        "organisation": "",
        "label": "",
        "amount": 75000,
    }
    expect(sum_value(page, "budget")).to_have_attribute("data-value", "100000")
    expect(half_rule).to_be_visible()

    # At 360 px wide nothing sticks out sideways.
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], width

    # On the phone the sums stay in view while a budget line is edited.
    amount = page.locator("#id_budget_lines-0-amount")
    amount.focus()
    amount.scroll_into_view_if_needed()
    bar_sum = page.locator(".plan-sums-bar [data-sum='budget']")
    expect(bar_sum).to_be_in_viewport()
    amount.fill("120000")
    expect(bar_sum).to_have_attribute("data-value", "120000")
    expect(bar_sum).to_be_in_viewport()
    page.screenshot(path=tmp_path / "plan-budget-narrow.png")
