"""Build a large, coherent data set quickly: ten years of provrum for `make bench`.

Run against an empty, migrated database (the benchmark's own, see ``bench.run``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reglab_bench DEBUG=1 \
        .venv/bin/python -m bench.build_data --scale 0.02

At ``--scale 1.0``: 400 organisations (the 21 regions with their county codes,
the other members and the partners of Reglab's 2018 list, then made-up ones),
3,000 people with confirmed affiliations, 10,000 provrum over all states from
2017 to 2026, 200,000 comments (one provrum holds 2,000 of them), 40,000
interests, project plans with their versions, final reports for the provrum
whose state has one, dissemination and survey answers for the closed ones, the
history events and 50,000 notifications; plus an office account (with an
activated TOTP authenticator, as the office must have) and a member
representative, both with a password for the run and an API token each.

Speed over ceremony: rows are written with ``bulk_create`` in batches, without
the services (no signals, no notifications sent, no history rows). The rows are
nevertheless what the services would have written: states, dates, events,
decisions, readiness and search texts agree, so every page renders as it would
with real data. The random generator is seeded, so two builds are alike.
"""

import argparse
import contextlib
import os
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

BASE_SIZES = {
    "organisations": 400,
    "people": 3000,
    "provrum": 10_000,
    "comments": 200_000,
    "big_discussion": 2000,
    "interests": 40_000,
    "notifications": 50_000,
}
# A tiny scale still needs enough rows for every state and a sensible group per provrum.
FLOORS = {
    "organisations": 40,
    "people": 80,
    "provrum": 100,
    "comments": 1000,
    "big_discussion": 50,
    "interests": 400,
    "notifications": 300,
}
# Share of the provrum in each state; gathering interest and proposed make the
# office's queue (a quarter of all, as in the measurement issue 11 reports).
STATE_SHARES = {
    "draft": 0.04,
    "proposed": 0.10,
    "interest": 0.15,
    "go_ahead": 0.03,
    "running": 0.08,
    "reported": 0.04,
    "closed": 0.30,
    "withdrawn": 0.08,
    "declined": 0.10,
    "lapsed": 0.08,
}
READY_SHARE = 0.4  # of those gathering interest
OFFICE_EMAIL = "kansli@bench.reglab.invalid"
MEMBER_EMAIL = "medlem@bench.reglab.invalid"
FIRST_YEAR = 2017
BATCH = 5000


def sizes_for(scale: float) -> dict[str, int]:
    """The row counts at ``scale`` (1.0 = the sizes of issue 11), never below the floors."""
    return {name: max(FLOORS[name], round(base * scale)) for name, base in BASE_SIZES.items()}


@dataclass
class BuildResult:
    """What the benchmark needs to know about the data it got."""

    sizes: dict[str, int]
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    total_seconds: float = 0.0
    password: str = ""
    office_email: str = OFFICE_EMAIL
    member_email: str = MEMBER_EMAIL
    office_token: str = ""
    member_token: str = ""
    big_provrum_id: int = 0
    organisation_slug: str = ""
    search_word: str = "kompetensförsörjning"


# Texts ----------------------------------------------------------------------------

SUBJECTS = [
    "AI och visualisering av regionala data",
    "Lärdomar från de senaste kriserna",
    "Drönare för tillsyn och logistik",
    "Civilt försvar i den regionala utvecklingen",
    "Den regionala utvecklingsstrategin i budgeten",
    "Samarbete med de nordiska grannarna",
    "Cirkulär ekonomi i upphandlingen",
    "Fullfölja studier i gymnasiet",
    "Kompetensförsörjning i välfärden",
    "Smart specialisering och näringslivets omställning",
    "Landsbygdens tillgång till service",
    "Besöksnäringen efter pandemin",
    "Kollektivtrafik och regionförstoring",
    "Elektrifiering av transporterna",
    "Bostadsförsörjning i växande regioner",
    "Uppföljning av regionala tillväxtmedel",
    "Integration på arbetsmarknaden",
    "Klimatanpassning i kommunerna",
    "Digital infrastruktur och bredband",
    "Kulturens roll i regional utveckling",
]
PLACES = [
    "Norrland",
    "Mälardalen",
    "Västsverige",
    "Sydsverige",
    "gränsregionerna",
    "glesbygden",
    "storstadsregionerna",
    "Östersjöregionen",
]
SUMMARIES = [
    "Regionerna vill pröva hur {s} kan bli en del av det ordinarie utvecklingsarbetet. "
    "Vi samlar erfarenheter, jämför arbetssätt och tar fram ett underlag som andra kan "
    "använda. Provrummet ska ge en gemensam bild av vad som fungerar och vad som inte gör det.",
    "Frågan om {s} har kommit upp i flera nätverksmöten. Vi vill testa ett gemensamt "
    "arbetssätt i liten skala innan ett större lärprojekt startar, och dela resultaten "
    "med alla medlemmar.",
    "Flera län ser samma utmaning: {s}. Genom att arbeta tillsammans under några månader "
    "kan vi se om en gemensam analys ger mer än var och en för sig.",
    "Vi föreslår ett provrum om {s} med fokus på kompetensförsörjning, samverkan mellan "
    "regioner och myndigheter och hur resultaten kan spridas till kommunerna.",
]
QUESTIONS = [
    "Hur kan regionerna arbeta gemensamt med {s}?",
    "Vad krävs för att {s} ska ge resultat i hela länet?",
    "Vilka arbetssätt för {s} går att överföra mellan regioner?",
]
COMMENT_SENTENCES = [
    "Intressant förslag, vi har arbetat med något liknande.",
    "Vi vill gärna delta om tidplanen passar.",
    "Hur tänker ni kring avgränsningen mot pågående projekt?",
    "Det här knyter an till vår regionala utvecklingsstrategi.",
    "Kan ni beskriva vilka data ni tänker använda?",
    "Vi har erfarenheter från ett EU-projekt som kan vara till nytta.",
    "Bra att frågan lyfts, den är aktuell i flera län.",
    "Vi behöver förankra det internt först, återkommer efter nästa ledningsmöte.",
    "Finns det en koppling till kompetensförsörjningen i välfärden?",
    "Vi kan bidra med en analytiker några timmar i veckan.",
    "Tack för ett tydligt upplägg!",
    "Vore det värt att bjuda in en forskare till startmötet?",
]
LESSONS = (
    "Samarbetet mellan regionerna gav en gemensam bild som ingen hade haft ensam. "
    "Det tog längre tid än väntat att få fram jämförbara data."
)
RECOMMENDATIONS = (
    "Reglab bör sprida metoden i nätverksmötena och överväga ett lärprojekt om "
    "kompetensförsörjning och regional samverkan."
)
CITIES = [
    "Umeå",
    "Luleå",
    "Sundsvall",
    "Östersund",
    "Falun",
    "Gävle",
    "Karlstad",
    "Örebro",
    "Västerås",
    "Eskilstuna",
    "Linköping",
    "Norrköping",
    "Jönköping",
    "Växjö",
    "Kalmar",
    "Karlskrona",
    "Halmstad",
    "Borås",
    "Skövde",
    "Visby",
]
FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Sara", "Ali"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Åberg", "Öberg", "Lind", "Berg"]


@lru_cache(maxsize=4096)
def _stems(text: str) -> tuple[str, ...]:
    from reglab.core.text import stems

    return tuple(stems(text))


def search_text_of(*parts: str) -> str:
    """What ``services._refresh_search_text`` stores: the stems of the joined texts, once each."""
    words = dict.fromkeys(stem for part in parts for stem in _stems(part))
    return " " + " ".join(words) + " "


# Helpers ---------------------------------------------------------------------------


@contextlib.contextmanager
def explicit_timestamps(*models):
    """Let ``bulk_create`` keep the dates given, instead of "now" for auto_now(_add) fields."""
    from django.db.models import DateField

    changed = []
    for model in models:
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def _bulk(model, rows: list, batch: int = BATCH) -> list:
    """Insert in batches (below 60,000 parameters per statement, whatever the driver's
    binding); returns the rows with their primary keys."""
    batch = min(batch, 60_000 // len(model._meta.concrete_fields))
    return model.objects.bulk_create(rows, batch_size=batch) if rows else []


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


class Timer:
    """Collects how long each part took, and prints it as it goes."""

    def __init__(self, result: BuildResult, verbose: bool):
        self.result = result
        self.verbose = verbose
        self.start = time.monotonic()

    @contextlib.contextmanager
    def part(self, name: str):
        begun = time.monotonic()
        yield
        seconds = time.monotonic() - begun
        self.result.timings.append((name, seconds))
        if self.verbose:
            print(f"  {name:<44} {seconds:7.1f} s", flush=True)


@dataclass
class P:
    """One provrum being planned before its rows are written."""

    index: int
    state: str
    ready: bool
    proposer: int  # organisation id
    created_by: int  # person id
    title: str
    summary: str
    question: str
    created_at: datetime
    published_at: datetime | None = None
    go_ahead_at: datetime | None = None
    decided_at: datetime | None = None
    ended_at: datetime | None = None  # withdrawn, or the last step taken
    leader: int | None = None
    interests: list = field(default_factory=list)  # (org id, wants_to_lead, person id, at)
    pk: int = 0
    # Later steps, set for the states that reached them.
    plan_submitted_at: datetime | None = None
    plan_approved_at: datetime | None = None
    report_submitted_at: datetime | None = None
    report_approved_at: datetime | None = None
    disseminated_on: datetime | None = None
    closed_at: datetime | None = None


# The builder -------------------------------------------------------------------------


def build(scale: float = 1.0, *, password: str = "", seed: int = 11, verbose: bool = True):
    """Build the data set into the default database. Returns a ``BuildResult``.

    The database must be migrated and hold no provrum yet.
    """
    from django.db import transaction

    from reglab.provrum.models import Provrum

    if Provrum.objects.exists():
        raise SystemExit("The database already holds provrum: the builder needs an empty one.")
    result = BuildResult(sizes=sizes_for(scale), password=password or secrets.token_urlsafe(12))
    timer = Timer(result, verbose)
    builder = _Builder(result, random.Random(seed), timer)  # noqa: S311 (made-up data, no secret)
    with transaction.atomic():
        builder.run()
    _analyze()
    result.total_seconds = time.monotonic() - timer.start
    if verbose:
        print(f"  {'total':<44} {result.total_seconds:7.1f} s", flush=True)
    return result


def _analyze():
    """PostgreSQL plans with fresh statistics, as autovacuum would give a live database
    hours later; without them the first measurements run on guessed row counts."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction (the tests build the data inside one); ANALYZE can,
    # and the planner's row counts are what matter for the first measurements.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


class _Builder:
    def __init__(self, result: BuildResult, rng: random.Random, timer: Timer):
        from django.utils import timezone

        self.result = result
        self.sizes = result.sizes
        self.rng = rng
        self.timer = timer
        self.now = timezone.now().replace(microsecond=0)
        self.first = datetime(FIRST_YEAR, 1, 10, 9, tzinfo=UTC)

    def run(self):
        from reglab.accounts.models import Affiliation, User
        from reglab.notifications.models import Notification
        from reglab.organisations.models import Organisation
        from reglab.provrum import models as pm

        timed = [
            User,
            Affiliation,
            Organisation,
            pm.Provrum,
            pm.Interest,
            pm.Comment,
            pm.Event,
            pm.Decision,
            pm.ProjectPlan,
            pm.PlanVersion,
            pm.FinalReport,
            pm.ReportVersion,
            pm.Dissemination,
            pm.SurveyInvitation,
            pm.SurveyResponse,
            Notification,
        ]
        with explicit_timestamps(*timed):
            with self.timer.part("organisations"):
                self.organisations()
            with self.timer.part("people, affiliations, addresses"):
                self.people()
            with self.timer.part("office and member accounts, TOTP, API tokens"):
                self.accounts()
            with self.timer.part("provrum, themes"):
                self.provrum()
            with self.timer.part("interests"):
                self.interests()
            with self.timer.part("decisions, plans and versions"):
                self.plans()
            with self.timer.part("final reports, dissemination, surveys"):
                self.reports()
            with self.timer.part("comments"):
                self.comments()
            with self.timer.part("history events"):
                self.events()
            with self.timer.part("notifications"):
                self.notifications()
        with self.timer.part("stored readiness"):
            # The rows were written in bulk, past the services that store it.
            from reglab.provrum.readiness import readiness_refresh

            readiness_refresh()
        with self.timer.part("counting rows"):
            self.count()

    # Organisations and people ---------------------------------------------------

    def organisations(self):
        import json
        from pathlib import Path

        from django.conf import settings
        from django.utils.text import slugify

        from reglab.core.text import search_key
        from reglab.organisations.models import Kind, Membership, Organisation

        listing = json.loads(
            (
                Path(settings.BASE_DIR) / "reglab" / "organisations" / "data" / "reglab_2018.json"
            ).read_text()
        )
        total = self.sizes["organisations"]
        rows = []
        for membership, entries in (
            (Membership.MEMBER, listing["members"]),
            (Membership.PARTNER, listing["partners"]),
        ):
            for entry in entries:
                rows.append(
                    Organisation(
                        name=entry["name"],
                        short_name=entry.get("short_name", ""),
                        slug=entry["slug"],
                        kind=entry["kind"],
                        membership=membership,
                        is_region=bool(entry.get("is_region")),
                        county_code=entry.get("county_code") or "",
                        website=entry.get("website", ""),
                    )
                )
        made_up = [
            (Membership.MEMBER, Kind.LOCAL_AUTHORITIES_ASSOCIATION, "Kommunförbundet {c} {n}"),
            (Membership.MEMBER, Kind.NATIONAL_AGENCY, "Utvecklingsmyndigheten {c} {n}"),
            (Membership.PARTNER, Kind.UNIVERSITY, "Högskolan i {c}, centrum {n}"),
            (Membership.PARTNER, Kind.CONSULTANCY, "Analysbyrån {c} {n} AB"),
            (Membership.NONE, Kind.NETWORK, "Nätverket {c} {n}"),
            (Membership.NONE, Kind.OTHER, "Föreningen {c} {n}"),
            (Membership.NONE, Kind.CONSULTANCY, "Konsultgruppen {c} {n}"),
        ]
        number = 0
        while len(rows) < total:
            number += 1
            membership, kind, pattern = made_up[number % len(made_up)]
            name = pattern.format(c=CITIES[number % len(CITIES)], n=number)
            rows.append(
                Organisation(
                    name=name,
                    slug=slugify(name)[:80],
                    kind=kind,
                    membership=membership,
                    website=f"https://org{number}.example.se",
                )
            )
        rows = rows[: max(total, 44)]
        for row in rows:
            row.search_text = search_key(" ".join([row.name, row.short_name, row.slug]))
        created = _bulk(Organisation, rows)
        self.orgs = {org.pk: org for org in created}
        self.members = [o.pk for o in created if o.membership == Membership.MEMBER]
        self.partners = [o.pk for o in created if o.membership == Membership.PARTNER]
        self.regions = [o.pk for o in created if o.is_region]
        self.member_regions = [pk for pk in self.regions if pk in set(self.members)]
        self.non_region_participants = [
            pk for pk in self.members + self.partners if not self.orgs[pk].is_region
        ]
        # The member account represents Region Skåne; its page is the organisation page measured.
        self.home_org = next(o.pk for o in created if o.slug == "region-skane")
        self.result.organisation_slug = "region-skane"

    def people(self):
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from reglab.accounts.models import Affiliation, AffiliationStatus, User

        rng = self.rng
        count = self.sizes["people"]
        # Every member and partner has a representative; the rest are spread over them,
        # a little more to the regions, as in the network.
        represented = self.members + self.partners
        weights = [3 if self.orgs[pk].is_region else 1 for pk in represented]
        organisation_of = list(represented)
        while len(organisation_of) < count:
            organisation_of.append(rng.choices(represented, weights)[0])
        unusable = make_password(None)
        users = []
        for number, _org in enumerate(organisation_of[:count]):
            joined = _between(rng, self.first - timedelta(days=400), self.first)
            users.append(
                User(
                    email=f"person{number}@bench.reglab.invalid",
                    name=f"{FIRST_NAMES[number % 10]} {LAST_NAMES[(number // 10) % 8]} {number}",
                    title="Utvecklingsstrateg",
                    password=unusable,
                    date_joined=joined,
                )
            )
        users = _bulk(User, users)
        self.reps: dict[int, list[int]] = {}
        affiliations, addresses = [], []
        for user, org in zip(users, organisation_of, strict=False):
            self.reps.setdefault(org, []).append(user.pk)
            requested = user.date_joined + timedelta(hours=1)
            affiliations.append(
                Affiliation(
                    person_id=user.pk,
                    organisation_id=org,
                    status=AffiliationStatus.CONFIRMED,
                    role_description="Utvecklingsstrateg",
                    requested_at=requested,
                    decided_at=requested + timedelta(days=1),
                )
            )
            addresses.append(
                EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
            )
        _bulk(Affiliation, affiliations)
        _bulk(EmailAddress, addresses)
        self.people_ids = [user.pk for user in users]

    def accounts(self):
        """The two accounts the benchmark signs in as, made the way the platform makes them."""
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.contrib.auth.hashers import make_password

        from reglab.accounts.models import Affiliation, AffiliationStatus, User
        from reglab.api.services import api_token_create

        # One slow hash for both accounts: the password is the same.
        hashed = make_password(self.result.password)
        office = User.objects.create_user(
            OFFICE_EMAIL, None, name="Bench Kansliet", is_office=True, is_staff=True
        )
        # The office must use a second factor (reglab.accounts.mfa): it has one.
        TOTP.activate(office, generate_totp_secret())
        member = User.objects.create_user(MEMBER_EMAIL, None, name="Bench Medlem")
        User.objects.filter(pk__in=[office.pk, member.pk]).update(password=hashed)
        Affiliation.objects.create(
            person=member,
            organisation_id=self.home_org,
            status=AffiliationStatus.CONFIRMED,
            requested_at=self.first,
            decided_at=self.first + timedelta(days=1),
            decided_by=office,
        )
        self.reps[self.home_org].append(member.pk)
        self.office_id, self.member_id = office.pk, member.pk
        _, self.result.office_token = api_token_create(person=office, name="bench")
        _, self.result.member_token = api_token_create(person=member, name="bench")

    # Provrum ---------------------------------------------------------------------

    def _state_list(self) -> list[str]:
        total = self.sizes["provrum"]
        states = []
        for state, share in STATE_SHARES.items():
            states += [state] * max(1, round(total * share))
        while len(states) > total:
            states.remove("closed")
        while len(states) < total:
            states.append("closed")
        self.rng.shuffle(states)
        return states

    def _timeline(self, p: P):
        """Dates in the order the services would have set them, none after now."""
        rng, now = self.rng, self.now
        if p.state == "draft":
            return
        p.published_at = p.created_at + _days(rng, 1, 10)
        if p.state == "withdrawn":
            p.ended_at = p.published_at + _days(rng, 5, 35)
        if p.state in ("declined", "lapsed", "go_ahead", "running", "reported", "closed"):
            p.decided_at = p.published_at + _days(rng, 70, 110)
            p.ended_at = p.decided_at
        if p.state in ("go_ahead", "running", "reported", "closed"):
            p.go_ahead_at = p.decided_at
            if p.state != "go_ahead" or rng.random() < 0.3:
                p.plan_submitted_at = p.go_ahead_at + _days(rng, 20, 40)
            if p.state != "go_ahead":
                p.plan_approved_at = p.plan_submitted_at + _days(rng, 5, 14)
                p.ended_at = p.plan_approved_at
        if p.state in ("reported", "closed"):
            p.report_submitted_at = p.plan_approved_at + _days(rng, 90, 180)
            p.ended_at = p.report_submitted_at
            if p.state == "closed" or rng.random() < 0.4:
                p.report_approved_at = p.report_submitted_at + _days(rng, 7, 20)
                p.ended_at = p.report_approved_at
        if p.state == "closed":
            p.disseminated_on = p.report_approved_at + _days(rng, 10, 40)
            p.closed_at = p.disseminated_on + _days(rng, 5, 20)
            p.ended_at = p.closed_at
        steps = [p.published_at, p.ended_at, p.plan_submitted_at, p.report_submitted_at]
        assert all(step is None or step <= now for step in steps), (p.state, steps)

    # Days each state needs from creation to its last step (with a margin).
    SPAN = {
        "draft": 1,
        "proposed": 12,
        "interest": 70,
        "go_ahead": 170,
        "running": 180,
        "reported": 400,
        "closed": 460,
        "withdrawn": 50,
        "declined": 125,
        "lapsed": 125,
    }
    RECENT = {"draft", "proposed", "interest", "go_ahead", "running", "reported"}

    def provrum(self):
        from reglab.provrum.models import IntendedUse, Kind, Provrum, Theme

        rng, now = self.rng, self.now
        themes = list(Theme.objects.values_list("pk", flat=True))
        if len(themes) < 5:
            for number in range(5 - len(themes)):
                themes.append(Theme.objects.create(name=f"Tema {number}", slug=f"tema-{number}").pk)
        proposers = self.members
        plans: list[P] = []
        for index, state in enumerate(self._state_list()):
            span = timedelta(days=self.SPAN[state])
            if state in self.RECENT:
                created = now - span - _days(rng, 0, 365)
            else:
                created = _between(rng, self.first, now - span)
            subject = SUBJECTS[index % len(SUBJECTS)]
            place = PLACES[(index // len(SUBJECTS)) % len(PLACES)]
            proposer = rng.choice(proposers)
            p = P(
                index=index,
                state=state,
                ready=state == "interest" and rng.random() < READY_SHARE,
                proposer=proposer,
                created_by=rng.choice(self.reps[proposer]),
                title=f"{subject} i {place}",
                summary=rng.choice(SUMMARIES).format(s=subject.lower()),
                question=rng.choice(QUESTIONS).format(s=subject.lower()),
                created_at=created.replace(microsecond=0),
            )
            self._timeline(p)
            plans.append(p)
        # The big discussion: a provrum gathering interest, ready, in which the member's
        # organisation takes part, so the member sees every action on its page.
        big = next(p for p in plans if p.state == "interest")
        big.ready = True
        self.big = big
        rows = [
            Provrum(
                title=p.title,
                summary=p.summary,
                question=p.question,
                kind=rng.choice([Kind.SUBSTANTIVE, Kind.METHOD]),
                intended_use=rng.choice(IntendedUse.values),
                state=p.state,
                proposer_organisation_id=p.proposer,
                created_by_id=p.created_by,
                created_at=p.created_at,
                updated_at=p.ended_at or p.published_at or p.created_at,
                published_at=p.published_at,
                go_ahead_at=p.go_ahead_at,
                decided_at=p.decided_at,
                version=1 if p.state == "draft" else 2,
                search_text=search_text_of(p.title, p.summary, p.question),
            )
            for p in plans
        ]
        for p, row in zip(plans, _bulk(Provrum, rows), strict=True):
            p.pk = row.pk
        self.plans_ = plans
        self.by_pk = {p.pk: p for p in plans}
        self.result.big_provrum_id = big.pk
        through = Provrum.themes.through
        _bulk(
            through,
            [
                through(provrum_id=p.pk, theme_id=theme)
                for p in plans
                for theme in rng.sample(themes, rng.randint(1, min(3, len(themes))))
            ],
        )

    # Interests -------------------------------------------------------------------

    def _group(self, p: P, count: int) -> list[int]:
        """``count`` distinct organisations, the proposer first; at least two regions when
        the provrum is ready or went ahead (the rules' minimum)."""
        rng = self.rng
        chosen = [p.proposer]
        if p.pk == self.big.pk and self.home_org not in chosen:
            chosen.append(self.home_org)
        if p.ready or p.go_ahead_at:
            while sum(1 for o in chosen if self.orgs[o].is_region) < 2:
                candidate = rng.choice(self.member_regions)
                if candidate not in chosen:
                    chosen.append(candidate)
        pool = self.members + self.partners
        while len(chosen) < count:
            candidate = rng.choice(pool)
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def _interest_counts(self) -> dict[int, int]:
        """How many organisations each provrum has, summing to the target where the rules allow."""
        rng = self.rng
        low_high = {
            "draft": (0, 0),
            "proposed": (0, 1),
            "interest": (2, 6),
            "go_ahead": (2, 6),
            "running": (2, 6),
            "reported": (2, 6),
            "closed": (2, 6),
            "declined": (2, 6),
            "withdrawn": (0, 6),
            "lapsed": (0, 6),
        }
        counts, bounds = {}, {}
        for p in self.plans_:
            low, high = low_high[p.state]
            if p.ready or p.go_ahead_at:
                low = max(low, 2)
            if p.state == "proposed":
                low = high = 1 if rng.random() < 0.5 else 0
            if p.pk == self.big.pk:
                low = max(low, 4)
            high = min(high, len(self.members) + len(self.partners))
            counts[p.pk] = rng.randint(low, high)
            bounds[p.pk] = (low, high)
        target = self.sizes["interests"]
        adjustable = [pk for pk, (low, high) in bounds.items() if high > low]
        total = sum(counts.values())
        guard = 0
        while total != target and adjustable and guard < 50 * target:
            guard += 1
            pk = rng.choice(adjustable)
            low, high = bounds[pk]
            if total < target and counts[pk] < high:
                counts[pk] += 1
                total += 1
            elif total > target and counts[pk] > low:
                counts[pk] -= 1
                total -= 1
        return counts

    def interests(self):
        from reglab.provrum.models import Interest

        rng = self.rng
        rows = []
        counts = self._interest_counts()
        for p in self.plans_:
            group = self._group(p, counts[p.pk]) if counts[p.pk] else []
            # A leader: a member of the group that offered to lead, for those ready or later.
            if p.ready or p.go_ahead_at:
                leaders = [o for o in group if o in self._member_set]
                p.leader = leaders[0] if leaders else None
            window_end = p.decided_at or p.ended_at or self.now
            for org in group:
                at = _between(rng, p.published_at, min(window_end, p.published_at + timedelta(60)))
                wants = org == p.leader or (org in self._member_set and rng.random() < 0.1)
                person = rng.choice(self.reps[org])
                if p.pk == self.big.pk and org == self.home_org:
                    person = self.member_id
                p.interests.append((org, wants, person, at))
                rows.append(
                    Interest(
                        provrum_id=p.pk,
                        organisation_id=org,
                        wants_to_lead=wants,
                        registered_by_id=person,
                        created_at=at,
                    )
                )
            p.interests.sort(key=lambda item: item[3])
        _bulk(Interest, rows)
        # The leader is known only now; one UPDATE per provrum would be slow, so a CASE
        # over the ids sets a thousand at a time.
        from django.db.models import Case, Value, When

        from reglab.provrum.models import Provrum

        leaders = [p for p in self.plans_ if p.leader]
        for start in range(0, len(leaders), 1000):
            chunk = leaders[start : start + 1000]
            Provrum.objects.filter(pk__in=[p.pk for p in chunk]).update(
                leader_id=Case(*(When(pk=p.pk, then=Value(p.leader)) for p in chunk))
            )

    @property
    def _member_set(self) -> set[int]:
        if not hasattr(self, "_members_cached"):
            self._members_cached = set(self.members)
        return self._members_cached

    # Plans, decisions, reports ------------------------------------------------------

    def _plan_data(self, p: P, version: int) -> dict:
        start = (p.go_ahead_at + timedelta(weeks=6)).date()
        end = start + timedelta(days=122)
        leader = self.orgs[p.leader]
        other = next((self.orgs[o] for o, *_ in p.interests if o != p.leader), leader)
        criteria = ["Minst tre regioner använder metoden", "En gemensam rapport är publicerad"]
        return {
            "purpose": f"Pröva {p.title.lower()} tillsammans och lära av varandra.",
            "expected_result": "En gemensam bild av vad som fungerar.",
            "main_question": p.question,
            "delimitations": "Bara öppna data." if version > 1 else "",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "milestones": [
                {
                    "date": (start + timedelta(days=14)).isoformat(),
                    "title": "Startmöte",
                    "meeting": "physical",
                    "place": CITIES[p.index % len(CITIES)],
                },
                {
                    "date": (start + timedelta(days=90)).isoformat(),
                    "title": "Avstämning",
                    "meeting": "digital",
                    "place": "https://meet.example.se/provrum",
                },
            ],
            "resources": [{"who": leader.name, "what": "Leder arbetet"}],
            "success_criteria": criteria[: 1 + p.index % 2],
            "indicators": [
                {"indicator": "Antal analyser", "measured_by": "Enkät efter sex månader"}
            ],
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
                {
                    "source": "organisation",
                    "organisation": leader.slug,
                    "label": "",
                    "amount": 30_000,
                },
                {
                    "source": "organisation",
                    "organisation": other.slug,
                    "label": "",
                    "amount": 20_000,
                },
            ],
        }

    def plans(self):
        from reglab.provrum.models import Decision, PlanVersion, ProjectPlan

        rng, office = self.rng, self.office_id
        decisions, plans, versions = [], [], []
        for p in self.plans_:
            if p.state in ("declined", "lapsed") or p.go_ahead_at:
                outcome = p.state if p.state in ("declined", "lapsed") else "go_ahead"
                decisions.append(
                    Decision(
                        provrum_id=p.pk,
                        outcome=outcome,
                        comment="Beslut i kansliets kö." if outcome != "lapsed" else "",
                        acknowledged_warnings=[],
                        decided_by_id=office,
                        decided_at=p.decided_at,
                    )
                )
            if not p.go_ahead_at or p.leader is None:
                continue
            if p.state == "go_ahead" and p.plan_submitted_at is None and rng.random() < 0.3:
                continue  # no plan written yet
            writer = rng.choice(self.reps[p.leader])
            number = 1 if p.state == "go_ahead" and p.plan_submitted_at is None else 2
            first_saved = p.go_ahead_at + _days(rng, 3, 15)
            last_saved = p.plan_submitted_at or first_saved + _days(rng, 1, 5)
            if p.plan_approved_at:
                status = ProjectPlan.Status.APPROVED
            elif p.plan_submitted_at:
                status = ProjectPlan.Status.SUBMITTED
            else:
                status = ProjectPlan.Status.DRAFT
            p._plan_final = self._plan_data(p, number)
            plans.append(
                ProjectPlan(
                    provrum_id=p.pk,
                    status=status,
                    version=number,
                    data=p._plan_final,
                    created_at=first_saved,
                    updated_at=last_saved,
                    updated_by_id=writer,
                    submitted_at=p.plan_submitted_at,
                    submitted_by_id=writer if p.plan_submitted_at else None,
                    decided_at=p.plan_approved_at,
                    decided_by_id=office if p.plan_approved_at else None,
                )
            )
            for version in range(1, number + 1):
                versions.append(
                    (
                        p.pk,
                        version,
                        self._plan_data(p, version) if version < number else p._plan_final,
                        writer,
                        first_saved if version == 1 else last_saved,
                    )
                )
        _bulk(Decision, decisions)
        plan_ids = {plan.provrum_id: plan.pk for plan in _bulk(ProjectPlan, plans, 2000)}
        _bulk(
            PlanVersion,
            [
                PlanVersion(
                    plan_id=plan_ids[pk], number=n, data=data, author_id=author, created_at=at
                )
                for pk, n, data, author, at in versions
            ],
            2000,
        )

    def reports(self):
        from reglab.provrum import models as pm

        rng, office = self.rng, self.office_id
        reports, versions, disseminations, invitations, responses = [], [], [], [], []
        channels = [c for c, _ in pm.Channel.choices]
        for p in self.plans_:
            has_draft = p.state == "running" and p.leader and rng.random() < 0.4
            if not (p.report_submitted_at or has_draft):
                continue
            plan = getattr(p, "_plan_final", None) or self._plan_data(p, 2)
            rows = [("criterion", text, "") for text in plan["success_criteria"]] + [
                ("indicator", item["indicator"], item["measured_by"]) for item in plan["indicators"]
            ]
            data = {
                "summary": f"Provrummet om {p.title.lower()} gav en gemensam bild av läget.",
                "results": [
                    {
                        "kind": kind,
                        "text": text,
                        "outcome": "" if has_draft else rng.choice(["met", "partly", "not_met"]),
                        "evidence": "" if has_draft else "Enkät och intervjuer visar det.",
                    }
                    for kind, text, _detail in rows
                ],
                "lessons": "" if has_draft else LESSONS,
                "recommendations": "" if has_draft else RECOMMENDATIONS,
                "follow_on": "" if has_draft else rng.choice(["learning_project", "none"]),
                "attachments": [],
            }
            leader_rep = rng.choice(self.reps[p.leader])
            saved = p.report_submitted_at or p.plan_approved_at + _days(rng, 30, 60)
            saved = min(saved, self.now)
            approved = p.report_approved_at
            status = (
                pm.FinalReport.Status.APPROVED
                if approved
                else pm.FinalReport.Status.SUBMITTED
                if p.report_submitted_at
                else pm.FinalReport.Status.DRAFT
            )
            reports.append(
                pm.FinalReport(
                    provrum_id=p.pk,
                    status=status,
                    version=1,
                    data=data,
                    created_at=saved - timedelta(days=10),
                    updated_at=saved,
                    updated_by_id=leader_rep,
                    submitted_at=p.report_submitted_at,
                    submitted_by_id=leader_rep if p.report_submitted_at else None,
                    decided_at=approved,
                    decided_by_id=office if approved else None,
                    published_at=approved,
                    search_text=search_text_of(
                        p.title, data["summary"], data["lessons"], data["recommendations"]
                    )
                    if approved
                    else "",
                )
            )
            versions.append((p.pk, data, leader_rep, saved))
            if p.state == "closed":
                used = rng.sample(channels, rng.randint(1, len(channels)))
                for channel in channels:
                    disseminations.append(
                        pm.Dissemination(
                            provrum_id=p.pk,
                            channel=channel,
                            date=p.disseminated_on.date() if channel in used else None,
                            responsible="Kansliet" if channel in used else "",
                            updated_at=p.disseminated_on,
                            updated_by_id=office,
                        )
                    )
                for org, _wants, person, _at in p.interests:
                    answered = rng.random() < 0.6
                    invitations.append(
                        pm.SurveyInvitation(
                            provrum_id=p.pk,
                            person_id=person,
                            organisation_id=org,
                            created_at=p.closed_at,
                            answered_at=p.closed_at + timedelta(days=3) if answered else None,
                        )
                    )
                    if answered:
                        responses.append(
                            pm.SurveyResponse(
                                provrum_id=p.pk,
                                organisation_id=org,
                                usefulness=rng.randint(2, 5),
                                take_part_again=rng.choice(["yes", "yes", "maybe", "no"]),
                                format_change="Mer tid för analys." if rng.random() < 0.3 else "",
                                created_at=p.closed_at + timedelta(days=3),
                            )
                        )
        report_ids = {r.provrum_id: r.pk for r in _bulk(pm.FinalReport, reports, 2000)}
        _bulk(
            pm.ReportVersion,
            [
                pm.ReportVersion(
                    report_id=report_ids[pk], number=1, data=data, author_id=author, created_at=at
                )
                for pk, data, author, at in versions
            ],
            2000,
        )
        _bulk(pm.Dissemination, disseminations)
        # One invitation per person and provrum: a person may represent two organisations
        # of the same group only in theory, but the constraint holds regardless.
        seen, unique = set(), []
        for invitation in invitations:
            key = (invitation.provrum_id, invitation.person_id)
            if key not in seen:
                seen.add(key)
                unique.append(invitation)
        _bulk(pm.SurveyInvitation, unique)
        _bulk(pm.SurveyResponse, responses)

    # Comments and events ---------------------------------------------------------------

    def _comment_counts(self) -> dict[int, int]:
        """Comments per published provrum: the big discussion's share, the rest skewed."""
        rng = self.rng
        published = [p for p in self.plans_ if p.published_at and p.pk != self.big.pk]
        rest = self.sizes["comments"] - self.sizes["big_discussion"]
        weights = [rng.expovariate(1.0) for _ in published]
        scale = rest / sum(weights)
        counts = {p.pk: int(w * scale) for p, w in zip(published, weights, strict=True)}
        # Hand out what the rounding left, one each.
        short = rest - sum(counts.values())
        for p in rng.sample(published, min(short, len(published))):
            counts[p.pk] += 1
        counts[self.big.pk] = self.sizes["big_discussion"]
        return counts

    def comments(self):
        from reglab.provrum.models import Comment

        rng = self.rng
        counts = self._comment_counts()
        everyone = self.people_ids
        self.comment_events = []  # (provrum pk, author, at)
        pending_roots, pending_replies = [], []  # (provrum pk, author, at, body, parent index)
        for pk, count in counts.items():
            if not count:
                continue
            p = self.by_pk[pk]
            end = min(p.ended_at or self.now, self.now)
            times = sorted(_between(rng, p.published_at, end) for _ in range(count))
            roots_here = []
            for at in times:
                author = rng.choice(everyone) if rng.random() < 0.95 else self.member_id
                body = " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3)))
                self.comment_events.append((pk, author, at))
                if roots_here and rng.random() < 0.3:
                    pending_replies.append((pk, author, at, body, rng.choice(roots_here)))
                else:
                    roots_here.append(len(pending_roots))
                    pending_roots.append((pk, author, at, body))
        removed_by = self.office_id
        root_rows = []
        for pk, author, at, body in pending_roots:
            removed = rng.random() < 0.01
            root_rows.append(
                Comment(
                    provrum_id=pk,
                    author_id=author,
                    body=body,
                    created_at=at,
                    removed_at=at + timedelta(hours=5) if removed else None,
                    removed_by_id=removed_by if removed else None,
                )
            )
        root_ids = [row.pk for row in _bulk(Comment, root_rows)]
        del root_rows
        _bulk(
            Comment,
            [
                Comment(
                    provrum_id=pk, author_id=author, body=body, created_at=at, parent_id=root_ids[i]
                )
                for pk, author, at, body, i in pending_replies
            ],
        )

    def events(self):
        """The history the services would have recorded, in time order per provrum."""
        from reglab.provrum.models import Event

        A = Event.Action
        office, rng = self.office_id, self.rng
        eligible = []  # (event pk, provrum pk, action, at) that notifications are made from
        notify = {
            A.PUBLISHED,
            A.INTEREST_REGISTERED,
            A.COMMENTED,
            A.BECAME_READY,
            A.GO_AHEAD,
            A.DECLINED,
            A.LAPSED,
            A.PLAN_SUBMITTED,
            A.PLAN_APPROVED,
            A.REPORTED,
            A.REPORT_APPROVED,
            A.CLOSED,
        }
        batch = []

        def flush():
            created = _bulk(Event, batch)
            for event in created:
                if event.action in notify:
                    eligible.append((event.pk, event.provrum_id, event.action, event.created_at))
            batch.clear()

        def add(p, action, at, actor, org=None, from_state="", to_state="", note=""):
            batch.append(
                Event(
                    provrum_id=p.pk,
                    action=action,
                    actor_id=actor,
                    organisation_id=org,
                    from_state=from_state,
                    to_state=to_state,
                    note=note,
                    created_at=at,
                )
            )
            if len(batch) >= BATCH:
                flush()

        for p in self.plans_:
            add(p, A.CREATED, p.created_at, p.created_by, p.proposer, to_state="draft")
            if not p.published_at:
                continue
            add(p, A.PUBLISHED, p.published_at, p.created_by, p.proposer, "draft", "proposed")
            for number, (org, _wants, person, at) in enumerate(p.interests):
                add(p, A.INTEREST_REGISTERED, at, person, org)
                if number == 1:
                    add(p, A.STATE_CHANGED, at, person, None, "proposed", "interest")
            if p.leader:
                last = p.interests[-1][3] if p.interests else p.published_at
                add(p, A.LEADER_CHOSEN, last + timedelta(hours=2), p.created_by, p.leader)
                add(p, A.BECAME_READY, last + timedelta(hours=2), p.created_by)
            before = "interest" if len(p.interests) >= 2 else "proposed"
            if p.state == "withdrawn":
                add(p, A.WITHDRAWN, p.ended_at, p.created_by, p.proposer, before, "withdrawn")
            if p.state in ("declined", "lapsed"):
                action = A.DECLINED if p.state == "declined" else A.LAPSED
                add(p, action, p.decided_at, office, None, before, p.state)
            if p.go_ahead_at:
                add(p, A.GO_AHEAD, p.go_ahead_at, office, None, "interest", "go_ahead", "Klart.")
            if p.plan_submitted_at and p.leader:
                add(p, A.PLAN_SUBMITTED, p.plan_submitted_at, rng.choice(self.reps[p.leader]))
            if p.plan_approved_at:
                add(p, A.PLAN_APPROVED, p.plan_approved_at, office)
                add(p, A.STARTED, p.plan_approved_at, office, None, "go_ahead", "running")
            if p.report_submitted_at:
                add(
                    p,
                    A.REPORTED,
                    p.report_submitted_at,
                    p.created_by,
                    p.leader,
                    "running",
                    "reported",
                )
            if p.report_approved_at:
                add(p, A.REPORT_APPROVED, p.report_approved_at, office)
            if p.closed_at:
                add(p, A.DISSEMINATED, p.disseminated_on, office)
                add(p, A.CLOSED, p.closed_at, office, None, "reported", "closed")
        for pk, author, at in self.comment_events:
            add(self.by_pk[pk], A.COMMENTED, at, author)
        flush()
        self.eligible_events = eligible
        del self.comment_events

    def notifications(self):
        """Notifications made from the events, for the people of the provrum's organisations."""
        from reglab.notifications.models import Notification

        rng = self.rng
        target = self.sizes["notifications"]
        events = self.eligible_events
        rows, seen = [], set()

        def add(event, recipient):
            pk, provrum_pk, action, at = event
            if (pk, recipient) in seen:
                return
            seen.add((pk, recipient))
            read = rng.random() < 0.7
            rows.append(
                Notification(
                    recipient_id=recipient,
                    provrum_id=provrum_pk,
                    event_id=pk,
                    kind=action,
                    created_at=at + timedelta(seconds=5),
                    read_at=at + timedelta(hours=rng.uniform(1, 72)) if read else None,
                    emailed_at=at + timedelta(minutes=1) if rng.random() < 0.5 else None,
                )
            )

        # The member account's own: the events of provrum its organisation takes part in.
        own = [e for e in events if self.home_org in self._orgs_of(e[1])]
        for event in rng.sample(own, min(len(own), max(20, target // 100))):
            add(event, self.member_id)
        office_kinds = {"became_ready", "plan_submitted", "reported"}
        office_events = [e for e in events if e[2] in office_kinds]
        for event in rng.sample(office_events, min(len(office_events), max(20, target // 100))):
            add(event, self.office_id)
        attempts = 0
        while len(rows) < target and attempts < target * 5:
            attempts += 1
            event = rng.choice(events)
            org = rng.choice(self._orgs_of(event[1]))
            add(event, rng.choice(self.reps[org]))
        _bulk(Notification, rows)

    def _orgs_of(self, provrum_pk: int) -> list[int]:
        p = self.by_pk[provrum_pk]
        return [p.proposer, *(org for org, *_ in p.interests)]

    def count(self):
        from reglab.accounts.models import Affiliation, User
        from reglab.notifications.models import Notification
        from reglab.organisations.models import Organisation
        from reglab.provrum import models as pm

        counted = {
            "organisations": Organisation,
            "people": User,
            "affiliations": Affiliation,
            "provrum": pm.Provrum,
            "interests": pm.Interest,
            "comments": pm.Comment,
            "events": pm.Event,
            "decisions": pm.Decision,
            "plans": pm.ProjectPlan,
            "plan versions": pm.PlanVersion,
            "final reports": pm.FinalReport,
            "disseminations": pm.Dissemination,
            "survey responses": pm.SurveyResponse,
            "notifications": Notification,
        }
        self.result.counts = {name: model.objects.count() for name, model in counted.items()}
        self.result.counts["big discussion"] = pm.Comment.objects.filter(
            provrum_id=self.big.pk
        ).count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1.0)))
    parser.add_argument("--password", default="", help="password of the two accounts")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(f"Building the bench data at scale {args.scale}: {sizes_for(args.scale)}")
    result = build(args.scale, password=args.password)
    print("Rows:", ", ".join(f"{name} {count}" for name, count in result.counts.items()))
    print(f"Accounts: {result.office_email} (office), {result.member_email} (member)")
    print(f"Password: {result.password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
