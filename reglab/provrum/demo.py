"""Demo provrum for ``manage.py seed_demo``: a living board in every state.

The proposals are drawn from the examples in the appendix of the format
description (AI and visualisation, lessons from recent crises, drones, civil
defence, the regional development strategy, the Nordic neighbours, circularity,
completed studies …). Every step goes through ``reglab.provrum.services``, as
the demo representatives (``<organisation slug>@reglab.example``) and the
office would take it, so the history, the decisions and the notifications are
the real ones.

Idempotent: a demo provrum is known by its title; one that exists is left as it
is, whatever has happened to it since.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reglab.accounts.models import User
from reglab.notifications.services import email_quiet
from reglab.organisations.models import Organisation
from reglab.provrum import services
from reglab.provrum.models import IntendedUse, Kind, Provrum, State
from reglab.provrum.selectors import format_rules_get, provrum_display_state

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
    report_note: str = ""
    close_note: str = ""


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
        report_note=(
            "Slutrapporten med de två scenarierna och en checklista för regional krisberedskap "
            "är inlämnad."
        ),
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
        report_note="Slutrapport och underlag för kompetensförsörjningsarbetet är inlämnade.",
        close_note="Resultatet presenterades på årskonferensen och i nyhetsbrevet.",
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
        services.provrum_decline(provrum=provrum, by=office, comment=spec.decision_comment)
    elif spec.state == State.LAPSED:
        services.provrum_lapse(provrum=provrum, by=office, comment=spec.decision_comment)
    elif spec.state in GO_AHEAD_STATES:
        services.provrum_give_go_ahead(
            provrum=provrum,
            by=office,
            comment=spec.decision_comment,
            acknowledge_warnings=spec.acknowledge_warnings,
        )
        if spec.go_ahead_on:
            _dated_back(provrum, spec.go_ahead_on, now)
        if spec.state in {State.RUNNING, State.REPORTED, State.CLOSED}:
            services.provrum_start(provrum=provrum, by=office)
        if spec.state in {State.REPORTED, State.CLOSED}:
            services.provrum_report(
                provrum=provrum, by=person_for(spec.leader), note=spec.report_note
            )
        if spec.state == State.CLOSED:
            services.provrum_close(provrum=provrum, by=office, note=spec.close_note)
    return provrum


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
