"""Every state change: allowed exactly when the table says so, in the rules and in the services.

``EXPECTED`` is the lifecycle of DESIGN.md written out by hand, so a change to
``models.TRANSITIONS`` has to be made on purpose in two places.
"""

from itertools import product

import pytest
from django.utils import timezone

from reglab.provrum import rules
from reglab.provrum.closing import services as closing
from reglab.provrum.models import TRANSITIONS, Channel, Event, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from reglab.provrum.report import services as reports
from reglab.provrum.rules import check_transition
from tests.provrum.conftest import proposal, ready_provrum

S = State
EXPECTED = {
    (S.DRAFT, S.PROPOSED),
    (S.PROPOSED, S.INTEREST),
    (S.PROPOSED, S.WITHDRAWN),
    (S.PROPOSED, S.DECLINED),
    (S.PROPOSED, S.LAPSED),
    (S.INTEREST, S.PROPOSED),
    (S.INTEREST, S.GO_AHEAD),
    (S.INTEREST, S.WITHDRAWN),
    (S.INTEREST, S.DECLINED),
    (S.INTEREST, S.LAPSED),
    (S.GO_AHEAD, S.RUNNING),
    (S.GO_AHEAD, S.WITHDRAWN),
    (S.RUNNING, S.REPORTED),
    (S.REPORTED, S.CLOSED),
    (S.REPORTED, S.RUNNING),  # the office returns the report for more work
}
ALL_PAIRS = list(product(State, State))


def pair_id(pair):
    return f"{pair[0].value}->{pair[1].value}"


def test_the_table_is_the_lifecycle():
    table = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert table == EXPECTED
    assert set(TRANSITIONS) == set(State)


@pytest.mark.parametrize("pair", ALL_PAIRS, ids=[pair_id(p) for p in ALL_PAIRS])
def test_check_transition_allows_exactly_the_table(pair):
    source, target = pair
    reasons = check_transition(current=source, target=target, allowed=TRANSITIONS)
    if pair in EXPECTED:
        assert reasons == []
    else:
        assert [(r.code, r.severity, r.params) for r in reasons] == [
            ("illegal_transition", "error", {"from": source, "to": target})
        ]


# Through the services ----------------------------------------------------------------------


def reach(cast, state):
    """A provrum in ``state``, taken there through the services (Skåne proposes and leads)."""
    office, skane = cast["office"], cast["people"]["skane"]
    if state == S.DRAFT:
        return proposal(cast, publish=False)
    if state in (S.PROPOSED, S.WITHDRAWN, S.DECLINED, S.LAPSED):
        provrum = proposal(cast)
        if state == S.WITHDRAWN:
            services.provrum_withdraw(provrum=provrum, by=skane)
        elif state == S.DECLINED:
            decisions.provrum_decline(
                provrum=provrum, by=office, comment="Ligger utanför formatet."
            )
        elif state == S.LAPSED:
            decisions.provrum_lapse(provrum=provrum, by=office, comment="Ingen grupp i tid.")
    else:
        provrum = ready_provrum(cast)
        if state != S.INTEREST:
            decisions.provrum_give_go_ahead(provrum=provrum, by=office, comment="Klartecken.")
        if state in (S.RUNNING, S.REPORTED, S.CLOSED):
            plans.provrum_start(provrum=provrum, by=office)
        if state in (S.REPORTED, S.CLOSED):
            submit_report(provrum, skane)
        if state == S.CLOSED:
            close(provrum, office)
    provrum.refresh_from_db()
    assert provrum.state == state
    return provrum


def submit_report(provrum, leader):
    """The leader writes a final report (no plan rows to answer here) and submits it."""
    report = reports.report_save(
        provrum=provrum,
        by=leader,
        data={"summary": "Resultatet i korthet.", "lessons": "Lärdomarna.", "results": []},
        version=0,
    )
    return reports.report_submit(provrum=provrum, by=leader, version=report.version)


def close(provrum, office):
    """The office closes the provrum. A reported one first gets its report approved and its
    results spread on the web (the other channels acknowledged as not used)."""
    provrum.refresh_from_db()
    if provrum.state == S.REPORTED:
        reports.report_approve(provrum=provrum, by=office)
        closing.dissemination_save(
            provrum=provrum, by=office, lines={"web": {"date": timezone.localdate()}}
        )
    return closing.provrum_close(
        provrum=provrum,
        by=office,
        acknowledged=[rules.not_disseminated_code(channel) for channel in Channel.values],
    )


def move(cast, provrum, target):
    """Ask for ``target`` through the service that leads there, as the one who may call it."""
    office, people, orgs = cast["office"], cast["people"], cast["orgs"]
    skane = people["skane"]
    if target == S.RUNNING and provrum.state == S.REPORTED:
        # Back to running: the office returns the final report.
        return reports.report_return(provrum=provrum, by=office, comment="Komplettera.")
    if target == S.REPORTED and provrum.state == S.RUNNING:
        return submit_report(provrum, skane)
    if target == S.PROPOSED and provrum.state == S.INTEREST:
        # Back to proposed: the group shrinks below two when Örebro withdraws.
        return services.interest_withdraw(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
    calls = {
        S.PROPOSED: lambda: services.provrum_publish(provrum=provrum, by=skane),
        S.INTEREST: lambda: services.interest_register(
            provrum=provrum, by=people["gavleborg"], organisation=orgs["gavleborg"]
        ),
        S.GO_AHEAD: lambda: decisions.provrum_give_go_ahead(
            provrum=provrum, by=office, comment="Klartecken."
        ),
        S.RUNNING: lambda: plans.provrum_start(provrum=provrum, by=office),
        S.REPORTED: lambda: reports.report_submit(provrum=provrum, by=skane),
        S.CLOSED: lambda: close(provrum, office),
        S.WITHDRAWN: lambda: services.provrum_withdraw(provrum=provrum, by=skane),
        S.DECLINED: lambda: decisions.provrum_decline(
            provrum=provrum, by=office, comment="Avböjs."
        ),
        S.LAPSED: lambda: decisions.provrum_lapse(provrum=provrum, by=office, comment="Förfallen."),
    }
    return calls[target]()


@pytest.mark.django_db
@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=[pair_id(p) for p in sorted(EXPECTED)])
def test_every_allowed_transition_has_a_service(cast, pair):
    source, target = pair
    provrum = reach(cast, source)
    move(cast, provrum, target)
    provrum.refresh_from_db()
    assert provrum.state == target
    last = provrum.events.exclude(to_state="").last()
    assert (last.from_state, last.to_state) == (source, target)


# Every refused pair for which a service leads to the target. Asking for the state the
# provrum is already in is not a transition (the services return quietly), and
# registering interest while gathering interest only changes the group.
ILLEGAL = [
    (source, target)
    for source, target in ALL_PAIRS
    if target != S.DRAFT and source != target and (source, target) not in EXPECTED
]


@pytest.mark.django_db
@pytest.mark.parametrize("pair", ILLEGAL, ids=[pair_id(p) for p in ILLEGAL])
def test_every_refused_transition_is_refused_by_the_service(cast, pair):
    source, target = pair
    provrum = reach(cast, source)
    version, events = provrum.version, provrum.events.count()
    with pytest.raises(services.RuleViolation) as refused:
        move(cast, provrum, target)
    assert [(r.code, r.params) for r in refused.value.reasons] == [
        ("illegal_transition", {"from": source, "to": target})
    ]
    provrum.refresh_from_db()
    assert provrum.state == source
    assert provrum.version == version
    assert provrum.events.count() == events


NAMED = [
    (S.DRAFT, S.GO_AHEAD),  # a go-ahead on a draft
    (S.DECLINED, S.PROPOSED),  # publishing a declined proposal
    (S.GO_AHEAD, S.INTEREST),  # interest once the go-ahead is given
    (S.CLOSED, S.DECLINED),  # declining a closed provrum
]


@pytest.mark.django_db
@pytest.mark.parametrize("pair", NAMED, ids=[pair_id(p) for p in NAMED])
def test_named_refusals(cast, pair):
    """The brief's examples, spelled out (they are also among ``ILLEGAL``)."""
    assert pair in ILLEGAL
    source, target = pair
    provrum = reach(cast, source)
    events = provrum.events.count()
    with pytest.raises(services.RuleViolation) as refused:
        move(cast, provrum, target)
    assert [r.code for r in refused.value.reasons] == ["illegal_transition"]
    provrum.refresh_from_db()
    assert provrum.state == source
    assert provrum.events.count() == events


@pytest.mark.django_db
def test_the_transition_is_checked_before_the_go_ahead_rules(cast):
    """A go-ahead on a draft says the state is wrong, not that the group is incomplete."""
    draft = reach(cast, S.DRAFT)
    with pytest.raises(services.RuleViolation) as refused:
        decisions.provrum_give_go_ahead(provrum=draft, by=cast["office"], comment="Klartecken.")
    assert [r.code for r in refused.value.reasons] == ["illegal_transition"]
    assert not Event.objects.filter(provrum=draft, action=Event.Action.GO_AHEAD).exists()
