"""What the bench data builder's parts share: the sizes, the result, the timer, the
provrum being planned, and bulk inserts that keep the dates given."""

import contextlib
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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


def bulk(model, rows: list, batch: int = BATCH) -> list:
    """Insert in batches (below 60,000 parameters per statement, whatever the driver's
    binding); returns the rows with their primary keys."""
    batch = min(batch, 60_000 // len(model._meta.concrete_fields))
    return model.objects.bulk_create(rows, batch_size=batch) if rows else []


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def random_days(rng: random.Random, low: float, high: float) -> timedelta:
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
