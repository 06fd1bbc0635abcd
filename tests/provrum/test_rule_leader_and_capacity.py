import pytest

from reglab.provrum.rules import (
    FormatLimits,
    Participant,
    ProvrumFacts,
    check_capacity,
    check_leader,
    check_proposer,
    check_readiness,
    is_ready,
)

SKANE = Participant("region-skane", is_member=True, is_region=True, wants_to_lead=True)
HALLAND = Participant("region-halland", is_member=True, is_region=True)
KONTIGO = Participant("kontigo", is_member=False, is_region=False, wants_to_lead=True)


@pytest.mark.parametrize(
    ("leader", "codes"),
    [
        (None, ["no_leader"]),
        ("", ["no_leader"]),
        ("region-skane", []),
        ("kontigo", ["leader_not_member"]),
        ("vinnova", ["leader_not_participant"]),
    ],
)
def test_leader(leader, codes):
    facts = ProvrumFacts(participants=(SKANE, HALLAND, KONTIGO), leader=leader)
    assert [r.code for r in check_leader(facts=facts)] == codes


def test_partner_cannot_propose():
    assert [r.code for r in check_proposer(proposer_is_member=False)] == ["partner_cannot_propose"]
    assert check_proposer(proposer_is_member=True) == []


@pytest.mark.parametrize(("started", "codes"), [(0, []), (1, []), (2, ["capacity_reached"])])
def test_the_third_go_ahead_of_a_year_is_refused(started, codes):
    assert [
        r.code for r in check_capacity(go_aheads_this_year=started, limits=FormatLimits())
    ] == codes


def test_ready_with_leader_and_two_regions_and_a_partner():
    facts = ProvrumFacts(participants=(SKANE, HALLAND, KONTIGO), leader="region-skane")
    reasons = check_readiness(facts=facts, limits=FormatLimits())
    assert reasons == []
    assert is_ready(reasons)


def test_every_failing_rule_is_reported_at_once():
    facts = ProvrumFacts(participants=(KONTIGO,), leader=None)
    codes = [r.code for r in check_readiness(facts=facts, limits=FormatLimits())]
    assert codes == [
        "too_few_organisations",
        "too_few_regions",
        "region_share_below_half",
        "no_leader",
    ]
    assert not is_ready(check_readiness(facts=facts, limits=FormatLimits()))


def test_warnings_alone_do_not_block_readiness():
    others = tuple(Participant(f"agency-{i}", True, False) for i in range(3))
    facts = ProvrumFacts(participants=(SKANE, HALLAND, *others), leader="region-skane")
    reasons = check_readiness(facts=facts, limits=FormatLimits())
    assert [r.code for r in reasons] == ["region_share_below_half"]
    assert is_ready(reasons)


def test_rules_module_imports_nothing_from_django():
    import ast
    import inspect

    import reglab.provrum.rules as module

    tree = ast.parse(inspect.getsource(module))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name and name.startswith("django")]


def test_every_code_has_a_message():
    from reglab.provrum.messages import MESSAGES, reason_message
    from reglab.provrum.rules import Reason

    codes = {
        "partner_cannot_propose",
        "too_few_organisations",
        "too_many_organisations",
        "too_few_regions",
        "region_share_below_half",
        "no_leader",
        "leader_not_member",
        "leader_not_participant",
        "capacity_reached",
    }
    assert codes <= set(MESSAGES)
    text = reason_message(Reason("too_few_regions", "error", {"count": 1, "minimum": 2}))
    assert "1" in text and "2" in text
