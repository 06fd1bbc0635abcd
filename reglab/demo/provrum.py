"""The demo provrum (``data/provrum*.toml``): a living board in every state.

Every step goes through the provrum services, as the demo representatives
(``<organisation slug>@reglab.example``) and the office would take it, so the
history, the decisions and the notifications are the real ones. The provrum
with the go-ahead have project plans, written through the plan services: a
draft in two versions for the one waiting to start, and for the others a plan
the office approved, which is what started them; what their groups did after
the start is built by ``reglab.demo.provrum_work``.

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
from reglab.demo.provrum_work import build_work
from reglab.demo.specs import DemoComment, DemoProvrum, demo_provrum
from reglab.organisations.models import Organisation
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.models import Decision, Event, FinalReport, Provrum, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
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
            build_work(provrum, spec, office=office, person_for=person_for)
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
        Provrum.objects.filter(title__in=[spec.title for spec in demo_provrum()]).values_list(
            "title", flat=True
        )
    )
    result = DemoResult(created=[], skipped={}, states=Counter())
    for spec in demo_provrum():
        if spec.title in existing:
            continue
        try:
            with email_quiet(), transaction.atomic():
                _build(
                    spec, office=office, person_for=person_for, organisation=organisation, now=now
                )
        except RuleViolation as refused:
            result.skipped[spec.title] = ", ".join(reason.code for reason in refused.reasons)
        except (PermissionDenied, ValidationError, _Skip) as refused:
            result.skipped[spec.title] = str(refused)
        else:
            result.created.append(spec.title)

    limits = format_rules_get().to_limits()
    board = Provrum.objects.select_related("leader").prefetch_related("interests__organisation")
    result.states = Counter(provrum_display_state(provrum, limits) for provrum in board)
    return result
