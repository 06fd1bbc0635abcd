"""Demo provrum for ``manage.py seed_demo``: a living board in every state.

The proposals are drawn from the examples in the appendix of the format
description (AI and visualisation, lessons from recent crises, drones, civil
defence, the regional development strategy, the Nordic neighbours, circularity,
completed studies …). Every step goes through the stages' services, as
the demo representatives (``<organisation slug>@reglab.example``) and the
office would take it, so the history, the decisions and the notifications are
the real ones. The provrum with the go-ahead have project plans, written through
``reglab.provrum.plan.services``: a draft in two versions for the one waiting to start,
and for the others a plan the office approved, which is what started them.

Idempotent: a demo provrum is known by its title; one that exists is left as it
is, whatever has happened to it since.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reglab.accounts.models import User
from reglab.organisations.models import Organisation
from reglab.provrum.closing import services as closing
from reglab.provrum.models import (
    Channel,
    Decision,
    Document,
    Event,
    FinalReport,
    IntendedUse,
    Kind,
    ProjectPlan,
    Provrum,
    State,
    StatusUpdate,
    SurveyInvitation,
    SurveyResponse,
)
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from reglab.provrum.report import services as reports
from reglab.provrum.rules import add_months, not_disseminated_code
from reglab.provrum.running import services as work_services
from reglab.provrum.selectors import format_rules_get, provrum_display_state
from reglab.provrum.signals import email_quiet

# The states as the board shows them: "ready" is computed from the rules.
DISPLAY_STATES = [
    State.DRAFT.value,
    State.PROPOSED.value,
    State.INTEREST.value,
    "ready",
    State.GO_AHEAD.value,
    State.RUNNING.value,
    State.REPORTED.value,
    State.CLOSED.value,
    State.WITHDRAWN.value,
    State.DECLINED.value,
    State.LAPSED.value,
]
GO_AHEAD_STATES = {State.GO_AHEAD, State.RUNNING, State.REPORTED, State.CLOSED}


@dataclass(frozen=True)
class DemoComment:
    author: str  # slug of the organisation whose representative writes it
    body: str
    replies: tuple["DemoComment", ...] = ()


def _holiday(day: date) -> bool:
    """July and the weeks around Christmas and New Year, when Swedish offices are on leave."""
    return day.month == 7 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6)


def _workday(day: date, *, later: bool = True) -> date:
    """``day``, or the nearest weekday outside the holidays after it (or before it)."""
    step = timedelta(days=1 if later else -1)
    while day.weekday() >= 5 or _holiday(day):
        day += step
    return day


@dataclass(frozen=True)
class DemoPlan:
    """A project plan on Reglab's template, dated from the provrum's go-ahead.

    The plan starts on the first Monday at least ``start_weeks`` weeks after the
    go-ahead and ends about ``months`` calendar months later. A milestone is
    dated ``days`` after the start, or on the last day when ``days`` is None;
    every date is moved to a weekday outside the holidays.
    """

    purpose: str
    expected_result: str
    main_question: str
    delimitations: str
    start_weeks: int
    months: int
    # (days after the start or None for the end, title, meeting, place or link)
    milestones: tuple[tuple[int | None, str, str, str], ...]
    resources: tuple[tuple[str, str], ...]  # (who, what)
    success_criteria: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]  # (indicator, measured by)
    budget_lines: tuple[tuple[str, str, int], ...]  # (category, description, amount)
    # (source, organisation slug, label, amount)
    financing: tuple[tuple[str, str, str, int], ...]
    # The first version, if the plan grew in two saves: these fields as given here.
    first_version: dict = field(default_factory=dict)
    second_author: str = ""  # the organisation whose representative saves the second version
    return_comment: str = ""  # the office returned the first version with this comment
    approval_comment: str = ""

    def data(self, go_ahead_day: date) -> dict:
        """The plan in its JSON shape, for a provrum that got the go-ahead on ``go_ahead_day``.

        Nothing falls in the summer holidays or around Christmas, nor on a weekend.
        """
        start = go_ahead_day + timedelta(weeks=self.start_weeks)
        while start.weekday() != 0 or _holiday(start):  # a Monday at work
            start += timedelta(days=1)
        end = _workday(add_months(start, self.months), later=False)

        def on(days: int | None) -> str:
            return (
                end if days is None else min(_workday(start + timedelta(days)), end)
            ).isoformat()

        return {
            "purpose": self.purpose,
            "expected_result": self.expected_result,
            "main_question": self.main_question,
            "delimitations": self.delimitations,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "milestones": [
                {"date": on(days), "title": title, "meeting": meeting, "place": place}
                for days, title, meeting, place in self.milestones
            ],
            "resources": [{"who": who, "what": what} for who, what in self.resources],
            "success_criteria": list(self.success_criteria),
            "indicators": [
                {"indicator": indicator, "measured_by": measured_by}
                for indicator, measured_by in self.indicators
            ],
            "budget_lines": [
                {
                    "category": category,
                    "description": description,
                    "amount": amount,
                    "is_working_time": category == "working_time",
                }
                for category, description, amount in self.budget_lines
            ],
            "financing": [
                {"source": source, "organisation": slug, "label": label, "amount": amount}
                for source, slug, label, amount in self.financing
            ],
        }


@dataclass(frozen=True)
class DemoProvrum:
    state: str  # the display state the demo takes it to
    title: str
    summary: str
    question: str
    kind: str
    intended_use: str
    themes: tuple[str, ...]
    proposer: str
    proposer_leads: bool = False
    # (organisation slug, wants to lead), in the order they register.
    interests: tuple[tuple[str, bool], ...] = ()
    leader: str = ""
    comments: tuple[DemoComment, ...] = ()
    # The office's comment on its decision, or the proposer's on a withdrawal.
    decision_comment: str = ""
    acknowledge_warnings: bool = False
    # Where the go-ahead is dated: (years before this one, month, day).
    go_ahead_on: tuple[int, int, int] | None = None
    close_note: str = ""
    plan: DemoPlan | None = None
    work: "DemoWork | None" = None


TEAMS = "https://teams.microsoft.com/l/meetup-join/reglab-demo-"

RUS_PLAN = DemoPlan(
    purpose=(
        "Att jämföra hur tre regioner styr, följer upp och förankrar genomförandet av den "
        "regionala utvecklingsstrategin, och att lära av varandras arbetssätt. Provrummet ska "
        "ge regionerna ett gemensamt språk för vad ett gott genomförande är."
    ),
    expected_result=(
        "En kort jämförelse av hur Örebro, Västmanland och Uppsala län arbetar med RUS i "
        "budget, verksamhetsplaner och partnerskap, och en checklista för uppföljningen som "
        "alla medlemmar kan använda. Resultatet presenteras på ett webbinarium för Reglabs "
        "medlemmar."
    ),
    main_question=(
        "Vilka arbetssätt gör att den regionala utvecklingsstrategin faktiskt styr "
        "prioriteringarna i regionens budget och i partnerskapen?"
    ),
    delimitations=(
        "Vi studerar genomförandet, inte hur strategierna togs fram. Kommunernas egna "
        "planer ingår bara där de knyter an till RUS. Vi gör ingen utvärdering av enskilda "
        "insatser."
    ),
    start_weeks=5,
    months=4,
    milestones=(
        (1, "Startmöte: frågeställning, roller och tidplan", "digital", TEAMS + "rus-start"),
        (
            36,
            "Workshop 1: hur RUS styr budget och verksamhetsplaner",
            "physical",
            "Region Örebro län, Örebro",
        ),
        (
            79,
            "Workshop 2: uppföljning och indikatorer",
            "physical",
            "Region Västmanland, Västerås",
        ),
        (
            None,
            "Checklistan och jämförelsen klara; webbinarium för medlemmarna",
            "digital",
            TEAMS + "rus-webbinarium",
        ),
    ),
    resources=(
        ("Region Örebro län", "Leder provrummet och håller i workshopparna."),
        ("Region Västmanland och Region Uppsala", "Beskriver sitt arbete och testar checklistan."),
        ("Tillväxtanalys", "Bidrar med kunskap om uppföljning och utvärdering av RUS."),
        ("Reglabs kansli", "Stöd i planeringen och spridning av resultatet."),
    ),
    success_criteria=(
        "Alla tre regionerna har beskrivit sitt arbetssätt efter samma mall.",
        "Checklistan är prövad på minst två regioners uppföljning innan den sprids.",
        "Minst tio medlemmar deltar i webbinariet om resultatet.",
    ),
    indicators=(
        (
            "Andel av RUS-målen som har en utpekad ansvarig och en indikator",
            "Genomgång av varje deltagande regions strategi och uppföljningsplan",
        ),
        (
            "Antal medlemmar som använder checklistan",
            "Enkät till medlemmarna tre månader efter webbinariet",
        ),
    ),
    budget_lines=(
        ("expertise", "Extern processledning av två workshoppar", 60_000),
        ("meetings_travel", "Resor till workshopparna i Örebro och Västerås", 25_000),
        ("venue_catering", "Lokal och förtäring vid två workshoppar", 15_000),
        ("communication", "Grafisk form av checklistan och webbinarium", 20_000),
        ("working_time", "Deltagarnas arbetstid, cirka 160 timmar", 120_000),
    ),
    financing=(
        ("organisation", "region-orebro-lan", "", 50_000),
        ("organisation", "region-vastmanland", "", 35_000),
        ("organisation", "region-uppsala", "", 35_000),
        ("organisation", "tillvaxtanalys", "", 30_000),
        ("base_funding", "", "", 90_000),
    ),
    # The leader wrote the texts and the timeline; Västmanland added the rest.
    first_version={
        "resources": [],
        "success_criteria": [],
        "indicators": [],
        "budget_lines": [],
        "financing": [],
    },
    second_author="region-vastmanland",
)

CIVIL_DEFENCE_PLAN = DemoPlan(
    purpose=(
        "Att beskriva hur uppbyggnaden av det civila försvaret påverkar det regionala "
        "utvecklingsansvaret, och att pröva ett gemensamt sätt att planera för störningar i "
        "försörjningen med hjälp av ett fiktivt scenario."
    ),
    expected_result=(
        "En kartläggning av vilka delar av det regionala utvecklingsuppdraget som berörs "
        "(försörjning, transporter, kompetens och kommunikationer), ett prövat "
        "scenariounderlag för en ö-region och en lista med frågor som regionerna behöver "
        "klara ut med staten och kommunerna."
    ),
    main_question=(
        "Hur påverkar uppbyggnaden av det civila försvaret det regionala "
        "utvecklingsansvaret, och vad behöver regionerna göra annorlunda?"
    ),
    delimitations=(
        "Provrummet handlar om det regionala utvecklingsansvaret, inte om hälso- och "
        "sjukvårdens beredskap. Scenariot är fiktivt och innehåller inga uppgifter som "
        "omfattas av sekretess."
    ),
    start_weeks=7,
    months=5,
    milestones=(
        (
            1,
            "Startmöte och genomgång av uppdragen",
            "physical",
            "Region Gotland, Regionens hus, Visby",
        ),
        (29, "Kartläggningen av berörda uppdrag klar", "digital", TEAMS + "civilt-forsvar"),
        (
            78,
            "Scenarioövning: störd försörjning till en ö-region",
            "physical",
            "Almedalsbiblioteket, Visby",
        ),
        (None, "Slutrapport och frågelista lämnas till kansliet", "none", ""),
    ),
    resources=(
        ("Region Gotland", "Leder provrummet och står för scenariot."),
        ("Region Kalmar län", "Bidrar med erfarenheter av försörjning och transporter."),
        ("Sveriges Kommuner och Regioner", "Samordnar med kommunernas arbete med civilt försvar."),
        ("Boverket och Tillväxtanalys", "Kunskap om fysisk planering och regional uppföljning."),
    ),
    success_criteria=(
        "Scenarioövningen genomförs med alla deltagande organisationer på plats.",
        "Kartläggningen är granskad av SKR och minst en myndighet.",
    ),
    indicators=(
        (
            "Antal identifierade beroenden mellan utvecklingsuppdraget och totalförsvaret",
            "Sammanställning i kartläggningen, stämd av vid startmötet och efter övningen",
        ),
        (
            "Deltagarnas bedömning av scenariots nytta i den egna planeringen",
            "Utvärderingsenkät direkt efter scenarioövningen, skala 1–5",
        ),
    ),
    budget_lines=(
        ("expertise", "Scenarioledare och metodstöd från extern konsult", 70_000),
        ("meetings_travel", "Resor och logi till mötena i Visby", 40_000),
        ("venue_catering", "Lokal och förtäring vid scenarioövningen", 20_000),
        ("communication", "Sammanfattning av resultatet och webbsändning", 10_000),
        ("working_time", "Deltagarnas arbetstid, cirka 200 timmar", 160_000),
    ),
    financing=(
        ("organisation", "region-gotland", "", 60_000),
        ("organisation", "region-kalmar-lan", "", 45_000),
        ("organisation", "sveriges-kommuner-och-regioner", "", 40_000),
        ("organisation", "boverket", "", 25_000),
        ("organisation", "tillvaxtanalys", "", 30_000),
        ("base_funding", "", "", 100_000),
    ),
    approval_comment=(
        "Planen är godkänd. Tänk på att scenariot inte får innehålla uppgifter som omfattas "
        "av sekretess."
    ),
)

CRISES_PLAN = DemoPlan(
    purpose=(
        "Att samla lärdomarna från pandemin, skogsbränderna och energikrisen om hur sårbara "
        "regionala system är, och att pröva dem i två fiktiva krisscenarier med regional "
        "utveckling i fokus."
    ),
    expected_result=(
        "En sammanställning av lärdomar från tre kriser, två prövade krisscenarier som andra "
        "regioner kan återanvända och en checklista för hur krisberedskapen kan byggas in i "
        "det regionala utvecklingsarbetet."
    ),
    main_question=(
        "Vilka lärdomar från de senaste kriserna bör påverka hur regionerna planerar sitt "
        "utvecklingsarbete?"
    ),
    delimitations=(
        "Vi går igenom tre kriser och utgår från befintliga utvärderingar; vi gör inga egna "
        "utvärderingar av krishanteringen. Vården och räddningstjänsten ingår bara där de "
        "berör näringsliv, kompetensförsörjning och infrastruktur."
    ),
    start_weeks=2,
    months=5,
    milestones=(
        (1, "Startmöte och fördelning av kriserna", "digital", TEAMS + "lardomar-start"),
        (
            43,
            "Scenarioövning 1: långvarigt elavbrott vintertid",
            "physical",
            "Region Gävleborg, Gävle",
        ),
        (
            106,
            "Scenarioövning 2: skogsbrand och störda transporter",
            "physical",
            "Region Dalarna, Falun",
        ),
        (None, "Slutrapport med scenarier och checklista", "digital", TEAMS + "lardomar-slut"),
    ),
    resources=(
        ("Region Gävleborg", "Leder provrummet och skriver slutrapporten."),
        (
            "Region Dalarna och Region Västernorrland",
            "Går igenom var sin kris och deltar i båda övningarna.",
        ),
        ("Oxford Research", "Sammanställer befintliga utvärderingar av kriserna."),
    ),
    success_criteria=(
        "Båda scenarioövningarna genomförs med deltagare från alla tre regionerna.",
        "Checklistan är prövad i minst en regions planering innan slutrapporten lämnas.",
        "Slutrapporten lämnas inom tidplanen.",
    ),
    indicators=(
        (
            "Antal lärdomar som leder till en konkret åtgärd i checklistan",
            "Genomgång av sammanställningen och checklistan vid det sista mötet",
        ),
        (
            "Deltagarnas bedömning av scenariernas realism och nytta",
            "Utvärderingsenkät efter varje övning, skala 1–5",
        ),
        (
            "Antal regioner utanför provrummet som begär scenarierna",
            "Förfrågningar till Reglabs kansli under året efter slutrapporten",
        ),
    ),
    budget_lines=(
        ("expertise", "Extern övningsledare för två scenarioövningar", 50_000),
        ("meetings_travel", "Resor till övningarna i Gävle och Falun", 30_000),
        ("venue_catering", "Lokal och förtäring vid övningarna", 24_000),
        ("communication", "Redigering och tillgänglighetsanpassning av slutrapporten", 16_000),
        ("working_time", "Deltagarnas arbetstid, cirka 180 timmar", 140_000),
    ),
    financing=(
        ("organisation", "region-gavleborg", "", 60_000),
        ("organisation", "region-dalarna", "", 40_000),
        ("organisation", "region-vasternorrland", "", 40_000),
        ("organisation", "oxford-research", "", 40_000),
        ("base_funding", "", "", 80_000),
    ),
    # The first version had one indicator; the office asked how the spread is followed up.
    first_version={
        "indicators": [
            {
                "indicator": "Antal lärdomar som leder till en konkret åtgärd i checklistan",
                "measured_by": "Genomgång av sammanställningen och checklistan vid det sista mötet",
            }
        ],
    },
    return_comment=(
        "Planen är nästan klar. Lägg till indikatorer för hur deltagarna bedömer övningarna "
        "och för hur scenarierna sprids till andra regioner, så godkänner vi den."
    ),
    approval_comment="Tack för kompletteringen. Planen är godkänd.",
)

STUDIES_PLAN = DemoPlan(
    purpose=(
        "Att förstå varför andelen unga som fullföljer gymnasiet skiljer sig mellan "
        "regionerna, och vad regionen kan påverka i sitt arbete med kompetensförsörjning."
    ),
    expected_result=(
        "En analys av statistiken för alla län, intervjuer med skolhuvudmän i Halland, "
        "Kronoberg och Blekinge, och ett gemensamt underlag som regionerna kan använda i "
        "arbetet med kompetensförsörjning."
    ),
    main_question=(
        "Vad förklarar de regionala skillnaderna i hur många som fullföljer sina studier, och "
        "vad kan regionen göra?"
    ),
    delimitations=(
        "Vi studerar gymnasieskolan och vägarna vidare till yrkeshögskola och folkbildning. "
        "Grundskolan och högskolan ingår inte. Vi jämför län, inte enskilda skolor."
    ),
    start_weeks=4,
    months=4,
    milestones=(
        (
            1,
            "Startmöte och avgränsning av statistiken",
            "physical",
            "Region Halland, Regionens hus, Halmstad",
        ),
        (30, "Statistikanalysen klar", "digital", TEAMS + "fullfolja-statistik"),
        (
            72,
            "Analysseminarium om intervjuerna",
            "physical",
            "Region Kronoberg, Växjö",
        ),
        (None, "Slutrapport och underlag för kompetensförsörjningen", "none", ""),
    ),
    resources=(
        ("Region Halland", "Leder provrummet och genomför intervjuerna i Halland."),
        ("Region Kronoberg och Region Blekinge", "Intervjuer med skolhuvudmän i sina län."),
        ("Centrum för regional analys", "Statistikanalysen och metodstöd."),
        ("Myndigheten för yrkeshögskolan och Folkbildningsrådet", "Kunskap om vägarna vidare."),
    ),
    success_criteria=(
        "Statistiken täcker alla 21 län och minst fem års utveckling.",
        "Minst 15 skolhuvudmän i de tre länen är intervjuade.",
    ),
    indicators=(
        (
            "Andel elever som fullföljer gymnasiet inom fyra år, per län",
            "Skolverkets statistik, bearbetad per län och program",
        ),
        (
            "Antal regioner som använder underlaget i sin kompetensförsörjningsanalys",
            "Uppföljning genom Reglabs kansli sex månader efter slutrapporten",
        ),
    ),
    budget_lines=(
        ("expertise", "Bearbetning av registerdata från SCB", 45_000),
        ("meetings_travel", "Resor för intervjuer med skolhuvudmän i tre län", 25_000),
        ("venue_catering", "Lokal och förtäring vid analysseminariet i Växjö", 12_000),
        ("communication", "Faktablad och presentation på årskonferensen", 18_000),
        ("other", "Transkribering av intervjuer", 10_000),
        ("working_time", "Deltagarnas arbetstid, cirka 220 timmar", 150_000),
    ),
    financing=(
        ("organisation", "region-halland", "", 50_000),
        ("organisation", "region-kronoberg", "", 30_000),
        ("organisation", "region-blekinge", "", 30_000),
        ("organisation", "myndigheten-for-yrkeshogskolan", "", 25_000),
        ("organisation", "folkbildningsradet", "", 20_000),
        ("organisation", "centrum-for-regional-analys-gu", "", 15_000),
        ("other", "", "Länsstyrelsen i Hallands län, medel för kompetensförsörjning", 15_000),
        ("base_funding", "", "", 75_000),
    ),
    approval_comment="Planen är godkänd. Välkommen att presentera resultatet på årskonferensen.",
)


# Running, reporting and spreading: what the groups of the older demo provrum did ---------


@dataclass(frozen=True)
class DemoMeeting:
    days: int  # after the plan's start
    title: str
    mode: str  # "physical" or "digital"
    place: str
    agenda: str = ""
    notes: str = ""  # written afterwards; empty for a meeting still to come
    from_today: bool = False  # ``days`` counts from the day the demo is loaded


@dataclass(frozen=True)
class DemoDocument:
    name: str  # the file name the group gave it
    heading: str
    paragraphs: tuple[str, ...]
    description: str
    attach: bool = True  # attached to the final report


@dataclass(frozen=True)
class DemoReport:
    summary: str
    # (outcome, evidence) for each criterion, then each indicator, of the plan, in order.
    outcomes: tuple[tuple[str, str], ...]
    lessons: str
    recommendations: str
    follow_on: str
    approval_comment: str = ""  # empty: submitted, waiting for the office
    submitted_days: int = 10  # after the plan's end
    approved_days: int = 14  # after the submission


@dataclass(frozen=True)
class DemoWork:
    meetings: tuple[DemoMeeting, ...] = ()
    # (days after the plan's start, progress, text) by the leader
    status_updates: tuple[tuple[int, str, str], ...] = ()
    documents: tuple[DemoDocument, ...] = ()
    report: DemoReport | None = None
    # (channel, days after the approval, link, who, note)
    disseminations: tuple[tuple[str, int, str, str, str], ...] = ()
    # (organisation slug, usefulness 1–5, take part again, what should change)
    survey_answers: tuple[tuple[str, int, str, str], ...] = ()


CIVIL_DEFENCE_WORK = DemoWork(
    meetings=(
        DemoMeeting(
            1,
            "Startmöte: scenariot och fördelningen av uppgifter",
            "digital",
            TEAMS + "civilt-start",
            agenda="1. Presentation av deltagarna\n2. Scenariot: störd försörjning till en "
            "ö-region\n3. Vem gör vad fram till workshopen i Visby",
            notes="Alla fem organisationer deltog. Vi enades om scenariot med en veckas "
            "störning i färjetrafiken i februari. SKR tar fram kommunernas perspektiv, "
            "Region Kalmar län transporterna och Boverket den fysiska planeringen.",
        ),
        DemoMeeting(
            36,
            "Workshop i Visby: scenariot prövas",
            "physical",
            "Region Gotland, Visborgsallén 19, Visby",
            agenda="Heldag. Förmiddag: scenariot steg för steg. Eftermiddag: vad betyder "
            "det för det regionala utvecklingsansvaret?",
            notes="Scenariot höll: ingen av deltagarna hade en plan för hur transporterna "
            "prioriteras. Tre frågor går vidare till slutrapporten.",
        ),
        DemoMeeting(
            14,
            "Avstämning inför slutrapporten",
            "digital",
            TEAMS + "civilt-slut",
            agenda="1. Utkastet till slutrapport\n2. Vem presenterar resultatet på nätverksmötet?",
            from_today=True,
        ),
    ),
    status_updates=(
        (
            14,
            "on_track",
            "Startmötet är genomfört och scenariot är beskrivet. Inbjudan till workshopen i "
            "Visby har gått ut till alla deltagare.",
        ),
        (
            28,
            "at_risk",
            "Två av deltagarna har förhinder vid workshopen. Vi undersöker om de kan delta "
            "digitalt eller om vi ska flytta den en vecka.",
        ),
    ),
    documents=(
        DemoDocument(
            "Scenario - störd försörjning till Gotland.pdf",
            "Scenario: störd försörjning till en ö-region",
            (
                "Under en vecka i februari går ingen färja mellan fastlandet och ön. "
                "Livsmedel, drivmedel och läkemedel räcker i tre till fem dagar.",
                "Frågor till deltagarna: Vem har ansvaret för att prioritera transporterna? "
                "Vilka delar av det regionala utvecklingsuppdraget berörs?",
            ),
            "Scenariot som workshopen i Visby utgår från.",
        ),
    ),
)

CRISES_WORK = DemoWork(
    meetings=(
        DemoMeeting(
            1,
            "Startmöte och fördelning av kriserna",
            "digital",
            TEAMS + "lardomar-start",
            notes="Region Dalarna tar skogsbränderna, Region Västernorrland energikrisen och "
            "Region Gävleborg pandemin. Oxford Research sammanställer utvärderingarna.",
        ),
        DemoMeeting(
            43,
            "Scenarioövning 1: långvarigt elavbrott vintertid",
            "physical",
            "Region Gävleborg, Gävle",
            notes="Tjugotvå deltagare från tre regioner. Övningen visade att ingen hade "
            "planerat för hur näringslivet ska få information under ett långt elavbrott.",
        ),
        DemoMeeting(
            106,
            "Scenarioövning 2: skogsbrand och störda transporter",
            "physical",
            "Region Dalarna, Falun",
            notes="Övningen prövade checklistans första version. Tre punkter skrevs om efter "
            "övningen.",
        ),
    ),
    status_updates=(
        (
            30,
            "on_track",
            "Sammanställningen av utvärderingarna är klar. Första övningen är förberedd.",
        ),
        (
            110,
            "on_track",
            "Båda övningarna är genomförda. Nu skriver vi slutrapporten och checklistan.",
        ),
    ),
    documents=(
        DemoDocument(
            "Checklista för regional krisberedskap.pdf",
            "Checklista för regional krisberedskap i utvecklingsarbetet",
            (
                "1. Finns krisberedskapen med i den regionala utvecklingsstrategins genomförande?",
                "2. Vet regionen hur näringslivet nås med information vid ett långt elavbrott?",
                "3. Är transporterna av livsmedel och drivmedel med i den regionala "
                "transportplaneringen?",
            ),
            "Checklistan efter den andra övningen.",
        ),
    ),
    report=DemoReport(
        summary="Tre kriser och två övningar visar att krisberedskapen sällan finns med i det "
        "regionala utvecklingsarbetet. Provrummet har tagit fram en checklista som regionerna "
        "kan använda när strategin genomförs, och två scenarier som andra kan öva på.",
        outcomes=(
            ("met", "Båda övningarna genomfördes med deltagare från alla tre regionerna."),
            ("partly", "Checklistan prövades i Region Dalarnas planering, men bara i en del."),
            ("met", "Slutrapporten lämnades inom tidplanen."),
            ("met", "Elva lärdomar ledde till konkreta punkter i checklistan."),
            ("met", "Deltagarna gav övningarna 4,3 av 5 i genomsnitt."),
            ("not_met", "Det är för tidigt att mäta: uppföljningen görs om ett år."),
        ),
        lessons="Övningarna gav mer än genomgången av utvärderingarna: först när "
        "deltagarna fick ta ställning i ett scenario blev det tydligt var ansvaret är oklart. "
        "Två övningar är för lite för att checklistan ska vara färdig.",
        recommendations="Reglab bör erbjuda scenarierna till alla medlemmar och samla "
        "erfarenheterna i ett lärprojekt om krisberedskap i det regionala utvecklingsarbetet.",
        follow_on="learning_project",
    ),
)

STUDIES_WORK = DemoWork(
    meetings=(
        DemoMeeting(
            1,
            "Startmöte och avgränsning av statistiken",
            "physical",
            "Region Halland, Regionens hus, Halmstad",
            notes="Vi avgränsade statistiken till gymnasieskolan och de senaste sex åren. "
            "Centrum för regional analys tar fram underlaget till nästa möte.",
        ),
        DemoMeeting(
            30,
            "Statistikanalysen klar",
            "digital",
            TEAMS + "fullfolja-statistik",
            notes="Skillnaderna mellan länen är stora men har minskat. Intervjuerna ska "
            "fråga varför.",
        ),
        DemoMeeting(
            72,
            "Analysseminarium om intervjuerna",
            "physical",
            "Region Kronoberg, Växjö",
            notes="Arton skolhuvudmän har intervjuats. Tre teman: studievägledning, "
            "samverkan med arbetsgivare och vägarna till yrkeshögskolan.",
        ),
    ),
    status_updates=(
        (20, "on_track", "Statistiken är beställd och intervjuerna är bokade."),
        (
            50,
            "delayed",
            "Registerdata från SCB kom två veckor sent. Analysen blir klar i tid men "
            "intervjuerna i Blekinge flyttas en vecka.",
        ),
        (90, "on_track", "Alla intervjuer är klara och analysen är skriven."),
    ),
    documents=(
        DemoDocument(
            "Underlag för kompetensförsörjningen.pdf",
            "Fullföljda studier – underlag för regionernas kompetensförsörjning",
            (
                "Andelen som fullföljer gymnasiet inom fyra år skiljer sig med upp till "
                "tolv procentenheter mellan länen.",
                "Regionen kan påverka genom samverkan med arbetsgivare, studievägledning och "
                "ett tydligare uppdrag till yrkeshögskolan.",
            ),
            "Underlaget som regionerna kan använda i sina analyser.",
        ),
    ),
    report=DemoReport(
        summary="Skillnaderna mellan länen i hur många som fullföljer gymnasiet är stora men "
        "minskar. Intervjuer med arton skolhuvudmän visar att regionen kan påverka genom "
        "samverkan med arbetsgivare och studievägledning. Underlaget används nu av fyra "
        "regioner i deras kompetensförsörjningsanalys.",
        outcomes=(
            ("met", "Statistiken täcker alla 21 län och sex års utveckling."),
            ("met", "Arton skolhuvudmän intervjuades."),
            ("met", "Andelen per län och program finns i underlaget."),
            ("partly", "Fyra regioner använder underlaget; målet var sex."),
        ),
        lessons="Registerdata tar tid att få: beställ den innan provrummet startar. "
        "Intervjuerna gav förklaringar som statistiken inte kunde ge.",
        recommendations="Fler regioner bör pröva underlaget. Reglab kan följa upp om "
        "skillnaderna fortsätter att minska, till exempel i ett nytt provrum om "
        "vägarna till yrkeshögskolan.",
        follow_on="new_provrum",
        approval_comment="Rapporten är godkänd och publiceras på Reglabs resultatsida.",
    ),
    disseminations=(
        ("web", 2, "https://www.reglab.se/provrum/fullfolja-studier", "Reglabs kansli", ""),
        ("newsletter", 20, "", "Reglabs kansli", "I nyhetsbrevet i november."),
        (
            "annual_conference",
            60,
            "",
            "Region Halland",
            "Presentation och samtal på årskonferensen.",
        ),
    ),
    survey_answers=(
        ("region-halland", 5, "yes", "Mer tid för intervjuerna."),
        ("region-kronoberg", 4, "yes", ""),
        ("region-blekinge", 4, "maybe", "Beslutet om klartecken kunde ha kommit snabbare."),
        ("folkbildningsradet", 3, "maybe", "Tydligare vad partner förväntas bidra med."),
    ),
)


DEMO_PROVRUM = (
    DemoProvrum(
        state=State.DRAFT,
        title="Drönare – nya frågeställningar för regional utveckling",
        summary=(
            "Drönare används allt mer i vården, i räddningstjänsten och för transporter i "
            "glesbygd. Samtidigt väcker de frågor om luftrum, tillstånd, integritet och "
            "beredskap som ingen tydligt äger på regional nivå. Vi vill samla de regioner som "
            "redan prövar drönare och kartlägga vilka frågor som hamnar hos det regionala "
            "utvecklingsansvaret."
        ),
        question=(
            "Vilka nya frågor ställer drönartekniken till regionerna, och vilka av dem bör det "
            "regionala utvecklingsarbetet ta ansvar för?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.PRE_STUDY,
        themes=("Drönare",),
        proposer="region-norrbotten",
        proposer_leads=True,
    ),
    DemoProvrum(
        state=State.PROPOSED,
        title="Effektivt påverkansarbete gentemot EU och staten",
        summary=(
            "Regionerna lägger mycket tid på att påverka nationella och europeiska beslut, men "
            "vi vet lite om vad som faktiskt ger effekt. Provrummet samlar några regioners "
            "erfarenheter av remissvar, positionspapper och kontor i Bryssel och prövar ett "
            "gemensamt sätt att följa upp påverkansarbetet."
        ),
        question=(
            "Vilka arbetssätt i påverkansarbetet ger störst effekt i förhållande till insatsen?"
        ),
        kind=Kind.METHOD,
        intended_use=IntendedUse.JOINT_ANALYSIS,
        themes=("Påverkansarbete",),
        proposer="region-varmland",
        proposer_leads=True,
        comments=(
            DemoComment(
                "region-halland",
                "Intressant! Vi har nyss utvärderat vårt Brysselkontor och delar gärna rapporten.",
                replies=(
                    DemoComment(
                        "region-varmland",
                        "Tack, den läser vi gärna. Vill ni vara med i provrummet?",
                    ),
                ),
            ),
        ),
    ),
    DemoProvrum(
        state=State.INTEREST,
        title="Hur jobbar våra nordiska grannar med krisverksamhet?",
        summary=(
            "Norge, Finland och Danmark har andra modeller för hur den regionala nivån deltar i "
            "krisberedskapen. Vi vill göra en kort omvärldsanalys med digitala möten och ett "
            "studiebesök i Trøndelag, och pröva vilka delar som går att föra över till svenska "
            "förhållanden."
        ),
        question=(
            "Vad kan svenska regioner lära av hur de nordiska grannländerna organiserar den "
            "regionala krisverksamheten?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.PRE_STUDY,
        themes=("Nordiska grannar", "Krisberedskap"),
        proposer="region-jamtland-harjedalen",
        proposer_leads=True,
        interests=(("nordregio", False), ("distriktssenteret", False)),
        comments=(
            DemoComment(
                "nordregio",
                "Nordregio har jämförande underlag om krisberedskap i de nordiska länderna och "
                "bidrar gärna med en kunskapsöversikt.",
                replies=(
                    DemoComment(
                        "region-jamtland-harjedalen",
                        "Utmärkt. Nu behöver vi minst en region till – Västernorrland eller "
                        "Norrbotten, är ni intresserade?",
                    ),
                ),
            ),
        ),
    ),
    DemoProvrum(
        state=State.INTEREST,
        title="Cirkularitet i näringslivet – vad kan regionerna göra?",
        summary=(
            "Många regionala strategier lyfter fram cirkulär ekonomi, men insatserna för "
            "företagen är ofta små och spridda. Vi vill gå igenom de stöd som regionerna ger i "
            "dag, jämföra dem med forskningen och pröva två eller tre gemensamma indikatorer "
            "för omställningen i näringslivet."
        ),
        question=(
            "Hur kan regionerna stödja företagens omställning till cirkulära affärsmodeller så "
            "att den syns i uppföljningen?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.JOINT_ANALYSIS,
        themes=("Cirkularitet i näringslivet",),
        proposer="vinnova",
        interests=(
            ("vastra-gotalandsregionen", True),
            ("region-stockholm", False),
            ("sweco-strategy", False),
        ),
        comments=(
            DemoComment(
                "vastra-gotalandsregionen",
                "Vi driver ett program för cirkulära affärsmodeller och tar gärna på oss att "
                "leda provrummet.",
            ),
        ),
    ),
    DemoProvrum(
        state="ready",
        title="AI och visualisering som verktyg i regional utveckling",
        summary=(
            "Regionerna har stora mängder data om befolkning, näringsliv och infrastruktur, men "
            "analyserna når sällan fram till dem som fattar besluten. Provrummet prövar några "
            "AI-verktyg för att sammanfatta och visualisera regionala data och jämför "
            "resultatet med hur vi arbetar i dag."
        ),
        question=(
            "Hur kan AI och visualisering göra de regionala analyserna mer användbara i det "
            "strategiska utvecklingsarbetet?"
        ),
        kind=Kind.METHOD,
        intended_use=IntendedUse.TEST_BALLOON,
        themes=("AI och visualisering",),
        proposer="region-skane",
        proposer_leads=True,
        interests=(
            ("region-ostergotland", False),
            ("vastra-gotalandsregionen", False),
            ("tillvaxtverket", False),
            ("kontigo", False),
        ),
        leader="region-skane",
        comments=(
            DemoComment(
                "tillvaxtverket",
                "Vi följer frågan om AI i offentlig analys och bidrar gärna med erfarenheter "
                "från vår egen statistikverksamhet.",
            ),
            DemoComment(
                "region-ostergotland",
                "Hur tänker ni kring dataskyddet när ni testar verktygen?",
                replies=(
                    DemoComment(
                        "region-skane",
                        "Vi använder bara öppna data och sammanställd statistik i provrummet, "
                        "inga personuppgifter.",
                    ),
                ),
            ),
        ),
    ),
    DemoProvrum(
        state=State.GO_AHEAD,
        title="Genomförandet av RUS – från strategi till handling",
        summary=(
            "Alla regioner har en regional utvecklingsstrategi, men vägen från strategi till "
            "konkreta insatser ser mycket olika ut. Vi vill jämföra hur några regioner styr, "
            "följer upp och förankrar genomförandet av RUS, och ta fram en enkel checklista "
            "för uppföljningen."
        ),
        question=(
            "Vilka arbetssätt gör att den regionala utvecklingsstrategin faktiskt styr "
            "prioriteringarna?"
        ),
        kind=Kind.METHOD,
        intended_use=IntendedUse.JOINT_ANALYSIS,
        themes=("Genomförandet av RUS",),
        proposer="region-orebro-lan",
        proposer_leads=True,
        interests=(
            ("region-vastmanland", False),
            ("region-uppsala", False),
            ("tillvaxtanalys", False),
        ),
        leader="region-orebro-lan",
        decision_comment=(
            "Klartecken. Provrummet är väl avgränsat och knyter an till medlemmarnas uppdrag. "
            "Kansliet hjälper till med projektplanen."
        ),
        plan=RUS_PLAN,
    ),
    DemoProvrum(
        state=State.RUNNING,
        title="Civilt försvar – regionens roll i totalförsvaret",
        summary=(
            "Totalförsvaret byggs upp igen och regionerna får nya uppgifter, inte minst inom "
            "försörjning, transporter och kommunikationer. Provrummet kartlägger hur det "
            "regionala utvecklingsuppdraget berörs och prövar ett fiktivt scenario med "
            "störningar i försörjningen till en ö-region."
        ),
        question=(
            "Hur påverkar uppbyggnaden av det civila försvaret det regionala utvecklingsansvaret?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.PROBE,
        themes=("Civilt försvar", "Krisberedskap"),
        proposer="region-gotland",
        proposer_leads=True,
        interests=(
            ("region-kalmar-lan", False),
            ("sveriges-kommuner-och-regioner", False),
            ("boverket", False),
            ("tillvaxtanalys", False),
        ),
        leader="region-gotland",
        comments=(
            DemoComment(
                "sveriges-kommuner-och-regioner",
                "SKR samordnar gärna provrummet med kommunernas arbete med civilt försvar, så "
                "att ingen gör samma sak två gånger.",
                replies=(
                    DemoComment(
                        "region-gotland",
                        "Tack! Då bjuder vi in er till vårt första möte i Visby.",
                    ),
                ),
            ),
        ),
        decision_comment=(
            "Klartecken. Färre än hälften av deltagarna är regioner, men SKR och myndigheterna "
            "ger den nationella överblick som frågan kräver."
        ),
        acknowledge_warnings=True,
        go_ahead_on=(1, 11, 20),
        plan=CIVIL_DEFENCE_PLAN,
        work=CIVIL_DEFENCE_WORK,
    ),
    DemoProvrum(
        state=State.REPORTED,
        title="Lärdomar från de senaste kriserna – fiktiva krisscenarier",
        summary=(
            "Pandemin, skogsbränderna och energikrisen har visat hur sårbara regionala system "
            "är. Provrummet gick igenom vad som fungerade och vad som inte gjorde det, och "
            "prövade sedan två fiktiva krisscenarier i en gemensam övning med regional "
            "utveckling i fokus."
        ),
        question=(
            "Vilka lärdomar från de senaste kriserna bör påverka hur regionerna planerar sitt "
            "utvecklingsarbete?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.JOINT_ANALYSIS,
        themes=("Lärdomar från kriser", "Krisberedskap"),
        proposer="region-gavleborg",
        proposer_leads=True,
        interests=(
            ("region-dalarna", False),
            ("region-vasternorrland", False),
            ("oxford-research", False),
        ),
        leader="region-gavleborg",
        decision_comment="Klartecken. Ett angeläget provrum som många medlemmar har efterfrågat.",
        go_ahead_on=(1, 4, 22),
        plan=CRISES_PLAN,
        work=CRISES_WORK,
    ),
    DemoProvrum(
        state=State.CLOSED,
        title="Fullfölja studier – en analys av regionala skillnader",
        summary=(
            "Andelen unga som fullföljer gymnasiet skiljer sig mycket mellan regionerna. "
            "Provrummet analyserade statistik och intervjuade skolhuvudmän i tre län för att "
            "förstå vad regionen kan påverka, och prövade ett gemensamt underlag för arbetet "
            "med kompetensförsörjning."
        ),
        question=(
            "Vad förklarar de regionala skillnaderna i hur många som fullföljer sina studier, "
            "och vad kan regionen göra?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.JOINT_ANALYSIS,
        themes=("Fullföljda studier",),
        proposer="region-halland",
        proposer_leads=True,
        interests=(
            ("region-kronoberg", False),
            ("region-blekinge", False),
            ("myndigheten-for-yrkeshogskolan", False),
            ("folkbildningsradet", False),
            ("centrum-for-regional-analys-gu", False),
        ),
        leader="region-halland",
        decision_comment="Klartecken. Hälften av deltagarna är regioner, som formatet kräver.",
        go_ahead_on=(2, 9, 14),
        close_note="Resultatet presenterades på årskonferensen och i nyhetsbrevet.",
        plan=STUDIES_PLAN,
        work=STUDIES_WORK,
    ),
    DemoProvrum(
        state=State.WITHDRAWN,
        title="En studieresa om smart specialisering",
        summary=(
            "Vi föreslår en gemensam studieresa till en europeisk region som har kommit långt "
            "med smart specialisering, med digitala möten före resan och en gemensam "
            "dokumentation efteråt."
        ),
        question=(
            "Vad kan vi lära av europeiska regioner som arbetar framgångsrikt med smart "
            "specialisering?"
        ),
        kind=Kind.METHOD,
        intended_use=IntendedUse.OTHER,
        themes=("Studieresa",),
        proposer="region-sormland",
        proposer_leads=True,
        interests=(("region-stockholm", False),),
        decision_comment=(
            "Vi drar tillbaka förslaget: studieresan ryms i stället i lärprojektet om smart "
            "specialisering."
        ),
    ),
    DemoProvrum(
        state=State.DECLINED,
        title="Strategi för att bygga en projektportfölj",
        summary=(
            "Vi vill ta fram en gemensam modell för hur regionerna kan bygga och styra en "
            "portfölj av utvecklingsprojekt, så att projekten tillsammans bidrar till "
            "strategins mål i stället för att leva var för sig."
        ),
        question=(
            "Hur bygger en region en projektportfölj som tillsammans bidrar till målen i den "
            "regionala utvecklingsstrategin?"
        ),
        kind=Kind.METHOD,
        intended_use=IntendedUse.PROBE,
        themes=("Projektportfölj",),
        proposer="region-kalmar-lan",
        proposer_leads=True,
        interests=(("region-blekinge", False),),
        decision_comment=(
            "Kansliet avböjer: frågan behandlas redan i lärprojektet om styrning av "
            "utvecklingsprojekt. Ta gärna med er idén dit."
        ),
    ),
    DemoProvrum(
        state=State.LAPSED,
        title="Regionens roll för grundläggande service – vatten, el och apotek",
        summary=(
            "På landsbygden försvinner service som vatten, el och apotek, eller blir sårbar. "
            "Vi vill undersöka vilken roll regionerna har och kan ta för att säkra grundläggande "
            "service, och vilka verktyg det regionala utvecklingsuppdraget ger."
        ),
        question=(
            "Vilket ansvar kan och bör regionerna ta för att säkra grundläggande infrastruktur "
            "och service?"
        ),
        kind=Kind.SUBSTANTIVE,
        intended_use=IntendedUse.PRE_STUDY,
        themes=("Grundläggande infrastruktur",),
        proposer="region-jonkopings-lan",
        proposer_leads=True,
        decision_comment=(
            "Ingen annan organisation anmälde intresse inom ett halvår. Förslaget kan lämnas "
            "in på nytt."
        ),
    ),
)


class _Skip(Exception):
    """A demo provrum that cannot be built here (a missing organisation or person)."""


@dataclass
class DemoResult:
    created: list[str]
    skipped: dict[str, str]  # title: why
    states: Counter

    def summary_line(self) -> str:
        counts = ", ".join(f"{state} {self.states.get(state, 0)}" for state in DISPLAY_STATES)
        line = f"Provrum: {len(self.created)} nya demoprovrum. Per läge: {counts}."
        if self.skipped:
            line += " Hoppade över: " + "; ".join(
                f"{title} ({why})" for title, why in self.skipped.items()
            )
        return line


def _comment(provrum, spec: DemoComment, person_for, parent=None):
    comment = services.comment_add(
        provrum=provrum, by=person_for(spec.author), body=spec.body, parent=parent
    )
    for reply in spec.replies:
        _comment(provrum, reply, person_for, parent=comment)


def _dated_back(provrum: Provrum, on: tuple[int, int, int], now: datetime) -> None:
    """Date the go-ahead of an older demo provrum back into an earlier year.

    The yearly cap counts ``go_ahead_at``, and the demo is loaded "now" (time
    travel is a tool for tests only). Without this the provrum that run, are
    reported or closed would use up this year's places and the office could
    not give a go-ahead in the demo. Called right after the go-ahead, so the
    place it took this year is free again before the next one; only the dates
    of the one row move (published some weeks before the go-ahead), the
    history keeps the day the demo was loaded.
    """
    years_back, month, day = on
    go_ahead_at = datetime(
        now.year - years_back, month, day, 10, 0, tzinfo=timezone.get_current_timezone()
    )
    Provrum.objects.filter(pk=provrum.pk).update(
        go_ahead_at=go_ahead_at,
        decided_at=go_ahead_at,
        published_at=go_ahead_at - timedelta(days=42),
    )


def _plan(provrum: Provrum, spec: DemoProvrum, *, office, person_for) -> None:
    """Write the demo provrum's project plan as its group would, and for one that runs,
    submit it and have the office approve it (which starts the provrum).

    Dated from the go-ahead as it stands after ``_dated_back``, so the plan of
    an older provrum lies in its own year, as does the base funding it is granted.
    """
    plan_spec = spec.plan
    go_ahead_at = Provrum.objects.values_list("go_ahead_at", flat=True).get(pk=provrum.pk)
    data = plan_spec.data(timezone.localdate(go_ahead_at))
    leader = person_for(spec.leader)
    version = 0
    if plan_spec.first_version:
        first = plans.plan_save(
            provrum=provrum, by=leader, data={**data, **plan_spec.first_version}, version=0
        )
        version = first.version
        if plan_spec.return_comment:
            plans.plan_submit(provrum=provrum, by=leader, version=version)
            plans.plan_return(provrum=provrum, by=office, comment=plan_spec.return_comment)
    author = person_for(plan_spec.second_author) if plan_spec.second_author else leader
    plan = plans.plan_save(provrum=provrum, by=author, data=data, version=version)
    if spec.state == State.GO_AHEAD:
        return
    plans.plan_submit(provrum=provrum, by=leader, version=plan.version)
    plans.plan_approve(provrum=provrum, by=office, comment=plan_spec.approval_comment)


def _build(spec: DemoProvrum, *, office, person_for, organisation, now) -> Provrum:
    proposer = person_for(spec.proposer)
    provrum = services.provrum_create(
        by=proposer,
        organisation=organisation(spec.proposer),
        title=spec.title,
        summary=spec.summary,
        question=spec.question,
        kind=spec.kind,
        intended_use=spec.intended_use,
        themes=spec.themes,
        wants_to_lead=spec.proposer_leads,
    )
    if spec.state == State.DRAFT:
        return provrum
    provrum = services.provrum_publish(provrum=provrum, by=proposer)
    for comment in spec.comments:
        _comment(provrum, comment, person_for)
    for slug, wants_to_lead in spec.interests:
        services.interest_register(
            provrum=provrum,
            by=person_for(slug),
            organisation=organisation(slug),
            wants_to_lead=wants_to_lead,
        )
    if spec.leader:
        services.leader_choose(provrum=provrum, by=proposer, organisation=organisation(spec.leader))

    if spec.state == State.WITHDRAWN:
        services.provrum_withdraw(provrum=provrum, by=proposer, comment=spec.decision_comment)
    elif spec.state == State.DECLINED:
        decisions.provrum_decline(provrum=provrum, by=office, comment=spec.decision_comment)
    elif spec.state == State.LAPSED:
        decisions.provrum_lapse(provrum=provrum, by=office, comment=spec.decision_comment)
    elif spec.state in GO_AHEAD_STATES:
        decisions.provrum_give_go_ahead(
            provrum=provrum,
            by=office,
            comment=spec.decision_comment,
            acknowledge_warnings=spec.acknowledge_warnings,
        )
        if spec.go_ahead_on:
            _dated_back(provrum, spec.go_ahead_on, now)
        if spec.plan:
            # The office's approval of the plan is what starts the provrum.
            _plan(provrum, spec, office=office, person_for=person_for)
        if spec.state in {State.RUNNING, State.REPORTED, State.CLOSED}:
            plans.provrum_start(provrum=provrum, by=office)  # no-op once the plan started it
        if spec.work:
            _work(provrum, spec, office=office, person_for=person_for)
        if spec.go_ahead_on:
            _redate_history(provrum)
    return provrum


def _redate_history(provrum: Provrum) -> None:
    """Spread the history of an older demo provrum over the time it really took.

    Everything was done "now"; the go-ahead, the plan's dates, the report and
    the closing were then dated back. So that the history reads in order, the
    steps before the go-ahead are spread between the proposal and the go-ahead,
    and the steps after it between the go-ahead and the last dated step (the
    closing, the report's submission, or now for one still running).
    """
    dates = Provrum.objects.values("published_at", "go_ahead_at").get(pk=provrum.pk)
    go_ahead_at = dates["go_ahead_at"]
    Decision.objects.filter(provrum=provrum, outcome=Decision.Outcome.GO_AHEAD).update(
        decided_at=go_ahead_at
    )
    events = list(Event.objects.filter(provrum=provrum).order_by("pk"))
    split = next(i for i, event in enumerate(events) if event.action == Event.Action.GO_AHEAD)
    closed = next((e for e in events if e.action == Event.Action.CLOSED), None)
    submitted_at = (
        FinalReport.objects.filter(provrum=provrum).values_list("submitted_at", flat=True).first()
    )
    if closed is not None:
        last = closed.created_at
    elif submitted_at is not None and provrum.state != State.RUNNING:
        last = submitted_at
    else:
        last = timezone.now()

    def spread(part, start, end):
        # The first step on ``start``, the last on ``end``.
        step = (end - start) / max(len(part) - 1, 1)
        for number, event in enumerate(part):
            Event.objects.filter(pk=event.pk).update(created_at=start + step * number)

    spread(
        events[:split], dates["published_at"] - timedelta(days=2), go_ahead_at - timedelta(days=6)
    )
    Event.objects.filter(pk=events[split].pk).update(created_at=go_ahead_at)
    after = [event for event in events[split + 1 :] if event is not closed]
    spread(after, go_ahead_at + timedelta(days=1), last - timedelta(days=1 if closed else 0))


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _pdf(document: DemoDocument) -> bytes:
    """A small real PDF of the group's document, made as the exports are (WeasyPrint)."""
    from django.utils.html import escape
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in document.paragraphs)
    html = (
        '<html lang="sv"><head><meta charset="utf-8"><title>'
        f"{escape(document.heading)}</title></head><body><h1>{escape(document.heading)}</h1>"
        f"{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _work(provrum: Provrum, spec: DemoProvrum, *, office, person_for) -> None:
    """What the group did after the start, dated within its plan: meetings with notes, the
    leader's status updates, documents; then, as far as the demo state goes, the final
    report (submitted, or approved and published), the dissemination, the closing and the
    participants' answers to the survey.
    """
    work = spec.work
    leader = person_for(spec.leader)
    provrum = Provrum.objects.get(pk=provrum.pk)  # started by the plan's approval
    plan_data = ProjectPlan.objects.values_list("data", flat=True).get(provrum=provrum)
    start = date.fromisoformat(plan_data["start"])
    end = date.fromisoformat(plan_data["end"])
    for meeting in work.meetings:
        first = timezone.localdate() if meeting.from_today else start
        day = _workday(first + timedelta(days=meeting.days))
        work_services.meeting_create(
            provrum=provrum,
            by=leader,
            title=meeting.title,
            starts_at=_at(day, 10),
            ends_at=_at(day, 16 if meeting.mode == "physical" else 12),
            mode=meeting.mode,
            place=meeting.place,
            agenda=meeting.agenda,
            notes=meeting.notes,
        )
    for days, progress, body in work.status_updates:
        update = work_services.status_post(provrum=provrum, by=leader, progress=progress, body=body)
        written = _at(_workday(start + timedelta(days=days)), 9)
        StatusUpdate.objects.filter(pk=update.pk).update(created_at=written)
    attachments = []
    for number, spec_document in enumerate(work.documents):
        document = work_services.document_upload(
            provrum=provrum,
            by=leader,
            file=ContentFile(_pdf(spec_document), name=spec_document.name),
            description=spec_document.description,
        )
        uploaded = _at(_workday(start + timedelta(days=20 + 10 * number)), 11)
        Document.objects.filter(pk=document.pk).update(uploaded_at=uploaded)
        if spec_document.attach:
            attachments.append(document.pk)

    report_spec = work.report
    if report_spec is None or spec.state not in {State.REPORTED, State.CLOSED}:
        return
    data = reports.report_prefill(provrum)
    for row, (outcome, evidence) in zip(data["results"], report_spec.outcomes, strict=True):
        row.update(outcome=outcome, evidence=evidence)
    data.update(
        summary=report_spec.summary,
        lessons=report_spec.lessons,
        recommendations=report_spec.recommendations,
        follow_on=report_spec.follow_on,
        attachments=attachments,
    )
    report = reports.report_save(provrum=provrum, by=leader, data=data, version=0)
    reports.report_submit(provrum=provrum, by=leader, version=report.version)
    provrum = Provrum.objects.get(pk=provrum.pk)
    submitted_at = _at(_workday(end + timedelta(days=report_spec.submitted_days)), 14)
    FinalReport.objects.filter(provrum=provrum).update(submitted_at=submitted_at)
    if not report_spec.approval_comment:
        return
    reports.report_approve(provrum=provrum, by=office, comment=report_spec.approval_comment)
    provrum = Provrum.objects.get(pk=provrum.pk)
    approved_at = submitted_at + timedelta(days=report_spec.approved_days)
    FinalReport.objects.filter(provrum=provrum).update(
        decided_at=approved_at, published_at=approved_at
    )
    if spec.state != State.CLOSED:
        return
    approved_day = timezone.localdate(approved_at)
    closing.dissemination_save(
        provrum=provrum,
        by=office,
        lines={
            channel: {
                "date": min(approved_day + timedelta(days=days), timezone.localdate()),
                "link": link,
                "responsible": who,
                "note": note,
            }
            for channel, days, link, who, note in work.disseminations
        },
    )
    done = {channel for channel, *_ in work.disseminations}
    closing.provrum_close(
        provrum=provrum,
        by=office,
        note=spec.close_note,
        acknowledged=[
            not_disseminated_code(channel) for channel in Channel.values if channel not in done
        ],
    )
    for slug, usefulness, again, text in work.survey_answers:
        closing.survey_answer(
            provrum=provrum,
            by=person_for(slug),
            usefulness=usefulness,
            take_part_again=again,
            format_change=text,
        )
    # Closed a week after the last channel, as the office would have; the survey with it.
    last_channel = max(days for _, days, *_ in work.disseminations)
    closed_at = min(
        _at(_workday(approved_day + timedelta(days=last_channel + 7)), 15), timezone.now()
    )
    Event.objects.filter(provrum=provrum, action=Event.Action.CLOSED).update(created_at=closed_at)
    SurveyInvitation.objects.filter(provrum=provrum).update(created_at=closed_at)
    # Answered three days later; kept to the day, and the answers dated when asked (as
    # closing.survey_answer does, so that an answer cannot be joined to its person).
    answered_on = timezone.localdate(closed_at) + timedelta(days=3)
    SurveyInvitation.objects.filter(provrum=provrum, answered_at__isnull=False).update(
        answered_at=_at(answered_on, 0)
    )
    SurveyResponse.objects.filter(provrum=provrum).update(created_at=closed_at)


def seed_demo_provrum(*, office, email_for: Callable[[Organisation], str]) -> DemoResult:
    """Create the demo provrum that do not exist yet; returns what it did.

    ``email_for`` gives the address of an organisation's demo representative.
    The events notify in-app as usual but send no e-mail. A provrum that cannot
    be built (a rule, a permission or a missing person refuses a step, for
    example because this year's go-aheads are used up) is rolled back and
    reported as skipped; the others are still created.
    """
    organisations = {o.slug: o for o in Organisation.objects.all()}
    people: dict[str, User] = {}

    def organisation(slug: str) -> Organisation:
        if slug not in organisations:
            raise _Skip(f"organisationen {slug} saknas")
        return organisations[slug]

    def person_for(slug: str) -> User:
        if slug not in people:
            person = User.objects.filter(email=email_for(organisation(slug))).first()
            if person is None:
                raise _Skip(f"ingen demoperson för {slug}")
            people[slug] = person
        return people[slug]

    now = timezone.localtime()
    existing = set(
        Provrum.objects.filter(title__in=[spec.title for spec in DEMO_PROVRUM]).values_list(
            "title", flat=True
        )
    )
    result = DemoResult(created=[], skipped={}, states=Counter())
    for spec in DEMO_PROVRUM:
        if spec.title in existing:
            continue
        try:
            with email_quiet(), transaction.atomic():
                _build(
                    spec, office=office, person_for=person_for, organisation=organisation, now=now
                )
        except services.RuleViolation as refused:
            result.skipped[spec.title] = ", ".join(reason.code for reason in refused.reasons)
        except (PermissionDenied, ValidationError, _Skip) as refused:
            result.skipped[spec.title] = str(refused)
        else:
            result.created.append(spec.title)

    limits = format_rules_get().to_limits()
    board = Provrum.objects.select_related("leader").prefetch_related("interests__organisation")
    result.states = Counter(provrum_display_state(provrum, limits) for provrum in board)
    return result
