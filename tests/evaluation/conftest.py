"""A hand-made history of the format with known answers, for the evaluation's tests.

Built with the ORM and dates set with ``.update()``, so every figure can be
counted by hand. All times are Stockholm time. The hand counts are in
``tests/evaluation/expected.py``, next to the reasoning behind each number.

Organisations: the regions Skåne (12), Örebro (18), Gävleborg (21) and Uppsala
(03), all members; Vinnova (member, not a region); Kontigo (partner); Nordens
hus (neither member nor partner). Also Region Norrbotten (25), which takes
part in nothing.

Provrum (P7 is a draft and counts nowhere):

| | published | go-ahead | participants (leader first) | approved plan's base funding |
|---|---|---|---|---|
| P1 | 2023-02-01 | 2023-03-15 | Skåne, Örebro, Kontigo | 50 000 |
| P2 | 2023-05-10 | 2023-06-19 | Örebro, Gävleborg, Vinnova | 80 000 |
| P3 | 2023-01-01 00:15 | – declined 2023-09-01 | Skåne | – |
| P4 | 2024-01-10 | 2024-02-29 00:30 | Gävleborg, Skåne, Uppsala, Kontigo | 100 000 |
| P5 | 2024-03-01 | – lapsed 2024-06-01 | Uppsala | – |
| P6 | 2024-04-01 | – withdrawn 2024-04-20 | Skåne | – |
| P8 | 2024-05-02 | 2024-06-02 | Örebro, Skåne, Nordens hus | (submitted only: 30 000) |

Reports: P1 submitted 2023-09-15, approved 2023-10-01 (criteria met, met,
partly; indicators met, not met; follow-on: learning project), disseminated on
the web 2023-10-10 and in the newsletter 2023-10-20, closed 2023-11-20. P2
submitted 2024-01-20, approved 2024-02-01 (criteria not met, partly; indicator
partly; follow-on: none), disseminated 2024-02-15, closed 2024-03-01. P4 has a
draft report with one "met" result (counts nowhere).

Surveys: P1's 4 participants asked 2023-11-20; answers 5 yes "Mer tid för
spridningen.", 4 yes, 3 maybe "Tydligare mall för slutrapporten." (2023-12-01).
P2's 3 participants asked 2024-03-01; answers 2 no "   " (blank), 4 maybe
"Färre möten." (2024-03-10), and 5 yes on 2025-01-05 (late, still P2's 2024 survey).

The office's annual cap: 200 000 from 2022-12-01, 150 000 from 2024-06-01.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from reglab.organisations.models import Kind as OrganisationKind
from reglab.organisations.models import Membership
from reglab.provrum.models import (
    Decision,
    Dissemination,
    Event,
    FinalReport,
    FormatRules,
    IntendedUse,
    Interest,
    Kind,
    ProjectPlan,
    Provrum,
    State,
    SurveyInvitation,
    SurveyResponse,
)
from tests.factories import (
    AffiliationFactory,
    MemberAgencyFactory,
    OrganisationFactory,
    PartnerFactory,
    RegionFactory,
    UserFactory,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=12, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def plan_data(base_funding: int) -> dict:
    return {
        "budget_lines": [
            {
                "category": "expertise",
                "description": "Analys",
                "amount": 2 * base_funding,
                "is_working_time": False,
            },
        ],
        "financing": [
            {"source": "base_funding", "organisation": "", "label": "", "amount": base_funding},
            {"source": "other", "organisation": "", "label": "Egen", "amount": base_funding},
        ],
    }


def results(*rows) -> list[dict]:
    return [
        {"kind": kind, "text": f"{kind} {i}", "outcome": outcome, "evidence": ""}
        for i, (kind, outcome) in enumerate(rows)
    ]


@pytest.fixture(autouse=True)
def _fresh_evaluation_cache():
    """The figures are cached per period and the cache outlives a test's rollback:
    every test starts and ends with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    orgs: dict
    provrum: dict
    office: object
    proposer: object


@pytest.fixture
def world(db, office_user):
    orgs = {
        "skane": RegionFactory(name="Region Skåne", slug="region-skane", county_code="12"),
        "orebro": RegionFactory(
            name="Region Örebro län", slug="region-orebro-lan", county_code="18"
        ),
        "gavleborg": RegionFactory(
            name="Region Gävleborg", slug="region-gavleborg", county_code="21"
        ),
        "uppsala": RegionFactory(name="Region Uppsala", slug="region-uppsala", county_code="03"),
        "norrbotten": RegionFactory(
            name="Region Norrbotten", slug="region-norrbotten", county_code="25"
        ),
        "vinnova": MemberAgencyFactory(name="Vinnova", slug="vinnova"),
        "kontigo": PartnerFactory(name="Kontigo", slug="kontigo"),
        "nordens_hus": OrganisationFactory(
            name="Nordens hus",
            slug="nordens-hus",
            kind=OrganisationKind.FOREIGN_BODY,
            membership=Membership.NONE,
        ),
    }
    proposer = UserFactory(email="forslag@example.se", name="Förslagsställaren")
    AffiliationFactory(person=proposer, organisation=orgs["skane"])

    def provrum(key, state, *, participants=(), leader=None, published=None, go_ahead=None):
        p = Provrum.objects.create(
            title=f"Provrum {key}",
            summary="Sammanfattning",
            question="Frågan",
            kind=Kind.METHOD,
            intended_use=IntendedUse.PRE_STUDY,
            proposer_organisation=orgs[participants[0]] if participants else orgs["skane"],
            created_by=proposer,
            leader=orgs[leader] if leader else None,
        )
        for name in participants:
            Interest.objects.create(
                provrum=p,
                organisation=orgs[name],
                registered_by=proposer,
                wants_to_lead=name == leader,
            )
        Provrum.objects.filter(pk=p.pk).update(
            state=state, published_at=published, go_ahead_at=go_ahead
        )
        p.refresh_from_db()
        return p

    p = {
        "P1": provrum(
            "P1",
            State.CLOSED,
            participants=("skane", "orebro", "kontigo"),
            leader="skane",
            published=at(2023, 2, 1),
            go_ahead=at(2023, 3, 15),
        ),
        "P2": provrum(
            "P2",
            State.CLOSED,
            participants=("orebro", "gavleborg", "vinnova"),
            leader="orebro",
            published=at(2023, 5, 10),
            go_ahead=at(2023, 6, 19),
        ),
        "P3": provrum(
            "P3", State.DECLINED, participants=("skane",), published=at(2023, 1, 1, 0, 15)
        ),
        "P4": provrum(
            "P4",
            State.RUNNING,
            participants=("gavleborg", "skane", "uppsala", "kontigo"),
            leader="gavleborg",
            published=at(2024, 1, 10),
            go_ahead=at(2024, 2, 29, 0, 30),
        ),
        "P5": provrum("P5", State.LAPSED, participants=("uppsala",), published=at(2024, 3, 1)),
        "P6": provrum("P6", State.WITHDRAWN, participants=("skane",), published=at(2024, 4, 1)),
        "P7": provrum("P7", State.DRAFT, participants=("skane",)),
        "P8": provrum(
            "P8",
            State.GO_AHEAD,
            participants=("orebro", "skane", "nordens_hus"),
            leader="orebro",
            published=at(2024, 5, 2),
            go_ahead=at(2024, 6, 2),
        ),
    }

    def decision(key, outcome, when):
        d = Decision.objects.create(provrum=p[key], outcome=outcome, decided_by=office_user)
        Decision.objects.filter(pk=d.pk).update(decided_at=when)

    for key in ("P1", "P2", "P4", "P8"):
        decision(key, Decision.Outcome.GO_AHEAD, p[key].go_ahead_at)
    decision("P3", Decision.Outcome.DECLINED, at(2023, 9, 1))
    decision("P5", Decision.Outcome.LAPSED, at(2024, 6, 1))

    def event(key, action, to_state, when):
        e = Event.objects.create(
            provrum=p[key], action=action, actor=office_user, to_state=to_state
        )
        Event.objects.filter(pk=e.pk).update(created_at=when)

    event("P6", Event.Action.WITHDRAWN, State.WITHDRAWN, at(2024, 4, 20))
    event("P1", Event.Action.CLOSED, State.CLOSED, at(2023, 11, 20))
    event("P2", Event.Action.CLOSED, State.CLOSED, at(2024, 3, 1))

    for key, base, status in (
        ("P1", 50_000, ProjectPlan.Status.APPROVED),
        ("P2", 80_000, ProjectPlan.Status.APPROVED),
        ("P4", 100_000, ProjectPlan.Status.APPROVED),
        ("P8", 30_000, ProjectPlan.Status.SUBMITTED),
    ):
        ProjectPlan.objects.create(provrum=p[key], status=status, version=1, data=plan_data(base))

    FinalReport.objects.create(
        provrum=p["P1"],
        status=FinalReport.Status.APPROVED,
        version=2,
        submitted_at=at(2023, 9, 15),
        published_at=at(2023, 10, 1),
        data={
            "summary": "S",
            "lessons": "",
            "recommendations": "",
            "attachments": [],
            "follow_on": "learning_project",
            "results": results(
                ("criterion", "met"),
                ("criterion", "met"),
                ("criterion", "partly"),
                ("indicator", "met"),
                ("indicator", "not_met"),
            ),
        },
    )
    FinalReport.objects.create(
        provrum=p["P2"],
        status=FinalReport.Status.APPROVED,
        version=1,
        submitted_at=at(2024, 1, 20),
        published_at=at(2024, 2, 1),
        data={
            "summary": "S",
            "lessons": "",
            "recommendations": "",
            "attachments": [],
            "follow_on": "none",
            "results": results(
                ("criterion", "not_met"), ("criterion", "partly"), ("indicator", "partly")
            ),
        },
    )
    FinalReport.objects.create(
        provrum=p["P4"],
        status=FinalReport.Status.DRAFT,
        version=1,
        data={"summary": "", "results": results(("criterion", "met")), "follow_on": ""},
    )
    Dissemination.objects.create(provrum=p["P1"], channel="web", date=date(2023, 10, 10))
    Dissemination.objects.create(provrum=p["P1"], channel="newsletter", date=date(2023, 10, 20))
    Dissemination.objects.create(provrum=p["P2"], channel="web", date=date(2024, 2, 15))
    Dissemination.objects.create(provrum=p["P2"], channel="annual_conference", date=None)

    def survey(key, asked_on, people, answers):
        for number in range(people):
            person = UserFactory(email=f"{key.lower()}-{number}@example.se")
            invitation = SurveyInvitation.objects.create(provrum=p[key], person=person)
            SurveyInvitation.objects.filter(pk=invitation.pk).update(created_at=asked_on)
        for usefulness, again, text, when in answers:
            response = SurveyResponse.objects.create(
                provrum=p[key],
                usefulness=usefulness,
                take_part_again=again,
                format_change=text,
            )
            SurveyResponse.objects.filter(pk=response.pk).update(created_at=when)

    survey(
        "P1",
        at(2023, 11, 20),
        4,
        [
            (5, "yes", "Mer tid för spridningen.", at(2023, 12, 1)),
            (4, "yes", "", at(2023, 12, 1)),
            (3, "maybe", "Tydligare mall för slutrapporten.", at(2023, 12, 1)),
        ],
    )
    survey(
        "P2",
        at(2024, 3, 1),
        3,
        [
            (2, "no", "   ", at(2024, 3, 10)),
            (4, "maybe", "Färre möten.", at(2024, 3, 10)),
            (5, "yes", "", at(2025, 1, 5)),
        ],
    )

    # The cap's history: 200 000 from December 2022, 150 000 from June 2024.
    rules = FormatRules.objects.create(pk=1, office_annual_cap_sek=200_000)
    FormatRules.history.update(history_date=at(2022, 12, 1))
    rules.office_annual_cap_sek = 150_000
    rules.save()
    FormatRules.history.filter(office_annual_cap_sek=150_000).update(history_date=at(2024, 6, 1))
    return World(orgs=orgs, provrum=p, office=office_user, proposer=proposer)
