"""A provrum with the go-ahead and a plan that passes every funding rule.

Skåne leads; Örebro (a region) and Kontigo (a partner) take part; Gävleborg and
Vinnova are members that do not. The plan: 100,000 kr budget (60,000 bought-in
expertise, 40,000 working time), financed by 50,000 kr base funding (exactly
half, and below the 60,000 kr that is not working time) and 50,000 kr of own
contributions; four months; one success criterion and one indicator.
"""

import copy

from reglab.provrum.models import ProjectPlan
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from tests.provrum.conftest import ready_provrum

VALID_PLAN = {
    "purpose": "Pröva hur AI kan visualisera regionala data för lärande – å ä ö.",
    "expected_result": "En gemensam bild av vad som fungerar.",
    "main_question": "Hur kan regionerna använda AI för analys?",
    "delimitations": "Bara öppna data.",
    "start": "2027-01-15",
    "end": "2027-05-15",
    "milestones": [
        {"date": "2027-02-10", "title": "Startmöte", "meeting": "physical", "place": "Malmö"},
        {
            "date": "2027-04-20",
            "title": "Avstämning",
            "meeting": "digital",
            "place": "https://meet.example.se/ai",
        },
    ],
    "resources": [{"who": "Region Skåne", "what": "Leder arbetet"}],
    "success_criteria": ["Minst tre regioner använder metoden"],
    "indicators": [{"indicator": "Antal analyser", "measured_by": "Enkät efter sex månader"}],
    "budget_lines": [
        {
            "category": "expertise",
            "description": "Analysbyrå",
            "amount": 60_000,
            "is_working_time": False,
        },
        {
            "category": "working_time",
            "description": "Projektledning",
            "amount": 40_000,
            "is_working_time": True,
        },
    ],
    "financing": [
        {"source": "base_funding", "organisation": "", "label": "", "amount": 50_000},
        {"source": "organisation", "organisation": "region-skane", "label": "", "amount": 30_000},
        {
            "source": "organisation",
            "organisation": "region-orebro-lan",
            "label": "",
            "amount": 20_000,
        },
    ],
}


def valid_plan(**changes) -> dict:
    data = copy.deepcopy(VALID_PLAN)
    data.update(changes)
    return data


def with_go_ahead(cast, *, title="AI och visualisering i regional utveckling"):
    """A ready provrum (Skåne, Örebro, Kontigo) given the go-ahead by the office."""
    provrum = ready_provrum(cast, title=title)
    services.interest_register(
        provrum=provrum, by=cast["people"]["kontigo"], organisation=cast["orgs"]["kontigo"]
    )
    decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Klart.")
    provrum.refresh_from_db()
    return provrum


def saved_plan(cast, provrum, data=None, by="skane"):
    return plans.plan_save(
        provrum=provrum,
        by=cast["people"][by],
        data=valid_plan() if data is None else data,
        version=current_version(provrum),
    )


def current_version(provrum) -> int:
    return (
        ProjectPlan.objects.filter(provrum=provrum).values_list("version", flat=True).first() or 0
    )


def submitted_plan(cast, provrum, data=None):
    plan = saved_plan(cast, provrum, data)
    return plans.plan_submit(provrum=provrum, by=cast["people"]["skane"], version=plan.version)
