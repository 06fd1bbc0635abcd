"""ASVS row 23: the forms and the API share their validators.

The same bad input, typed into a page's form and sent to the API, is refused by the same
code with the same Swedish message: the plan (``plan.validation.clean_plan_data``) and
a proposal (``proposal.services``' cleaning), the two largest inputs of the platform.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from reglab.provrum.models import IntendedUse, Kind, ProjectPlan, Provrum
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient
from tests.provrum.plan_fixtures import valid_plan, with_go_ahead
from tests.provrum.test_plan_views import plan_post

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

# (what is wrong, the page's fields, the API plan's change, the API's field path)
PLAN_CASES = [
    (
        "end before start",
        {"start": "2027-05-15", "end": "2027-01-15"},
        {"start": "2027-05-15", "end": "2027-01-15"},
        "end",
    ),
    ("30 February", {"start": "2027-02-30"}, {"start": "2027-02-30"}, "start"),
    (
        "a word for an amount",
        {"budget_lines-0-amount": "mycket"},
        {"budget_lines": [{**valid_plan()["budget_lines"][0], "amount": "mycket"}]},
        "budget_lines.0.amount",
    ),
    (
        "a negative amount",
        {"financing-0-amount": "-5"},
        {"financing": [{**valid_plan()["financing"][0], "amount": -5}]},
        "financing.0.amount",
    ),
]


@pytest.mark.asvs("V2.2.1", row=23)
@pytest.mark.parametrize(
    ("case", "form", "api", "field"), PLAN_CASES, ids=[c[0] for c in PLAN_CASES]
)
def test_the_plan_page_and_the_plan_api_refuse_alike(client, cast, case, form, api, field):
    provrum = with_go_ahead(cast)
    leader = cast["people"]["skane"]
    sent = ApiClient(client, leader).put(
        f"/api/v1/provrum/{provrum.pk}/plan", {"version": 0, "data": valid_plan(**api)}
    )
    assert sent.status_code == 422, sent.content
    messages = sent.json()["fields"][field]
    assert messages and all(messages)
    client.force_login(leader)
    typed = client.post(reverse("provrum:plan", args=[provrum.pk]), plan_post(**form))
    assert typed.status_code in (200, 400, 422)
    html = typed.content.decode()
    assert [message for message in messages if escape(message) not in html] == []
    assert not ProjectPlan.objects.filter(provrum=provrum, version__gt=0).exists()


def _proposal(**changes):
    return {
        "title": "Digital infrastruktur",
        "summary": "Bredband och digital service i hela länet.",
        "question": "Hur når vi de sista hushållen?",
        "kind": Kind.METHOD,
        "intended_use": IntendedUse.PRE_STUDY,
    } | changes


PROPOSAL_CASES = [
    ("a title of spaces", {"title": "   "}, "title"),
    ("a title of 201 characters", {"title": "å" * 201}, "title"),
    ("a question of 2001 characters", {"question": "Varför? " * 250 + "J"}, "question"),
]


@pytest.mark.asvs("V2.2.1", row=23)
@pytest.mark.parametrize(
    ("case", "change", "field"), PROPOSAL_CASES, ids=[c[0] for c in PROPOSAL_CASES]
)
def test_the_proposal_form_and_the_api_refuse_alike(client, cast, case, change, field):
    person = cast["people"]["skane"]
    sent = ApiClient(client, person).post(
        "/api/v1/provrum",
        _proposal(organisation="region-skane", themes=["Digitalisering"], **change),
    )
    assert sent.status_code == 422, sent.content
    messages = sent.json()["fields"][field]
    assert messages and all(messages)
    client.force_login(person)
    typed = client.post(
        reverse("provrum:create"),
        _proposal(organisation=cast["orgs"]["skane"].pk, other_themes="Digitalisering", **change),
    )
    assert typed.status_code in (200, 400, 422)
    html = typed.content.decode()
    assert [message for message in messages if escape(message) not in html] == []
    assert not Provrum.objects.exists()
