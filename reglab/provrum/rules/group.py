"""The group's rules: proposer, participants, regions, leader, interest, capacity and go-ahead."""

from dataclasses import dataclass

from reglab.provrum.rules.base import ERROR, WARNING, FormatLimits, Reason


@dataclass(frozen=True)
class Participant:
    """An organisation taking part in a provrum."""

    slug: str
    is_member: bool
    is_region: bool
    wants_to_lead: bool = False


@dataclass(frozen=True)
class ProvrumFacts:
    """What the rules need to know about one provrum."""

    participants: tuple[Participant, ...] = ()
    leader: str | None = None  # slug of the leader organisation


def check_proposer(*, proposer_is_member: bool) -> list[Reason]:
    """Only member organisations may propose; partners may only register interest."""
    if proposer_is_member:
        return []
    return [Reason("partner_cannot_propose", ERROR)]


def check_participant_count(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """2 to 6 participating organisations, the leader included (must)."""
    count = len({p.slug for p in facts.participants})
    if count < limits.min_organisations:
        return [
            Reason(
                "too_few_organisations",
                ERROR,
                {"count": count, "minimum": limits.min_organisations},
            )
        ]
    if count > limits.max_organisations:
        return [
            Reason(
                "too_many_organisations",
                ERROR,
                {"count": count, "maximum": limits.max_organisations},
            )
        ]
    return []


def check_regions(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """At least two regions (must) and at least half regions (should).

    Exactly half passes: the share is compared in whole numbers, so no
    rounding can turn 3 of 6 into a failure.
    """
    unique = {p.slug: p for p in facts.participants}.values()
    total = len(unique)
    regions = sum(1 for p in unique if p.is_region)
    reasons = []
    if regions < limits.min_regions:
        reasons.append(
            Reason("too_few_regions", ERROR, {"count": regions, "minimum": limits.min_regions})
        )
    if total and regions * 100 < limits.min_region_share_percent * total:
        reasons.append(
            Reason(
                "region_share_below_half",
                WARNING,
                {"regions": regions, "total": total, "percent": limits.min_region_share_percent},
            )
        )
    return reasons


def check_leader(*, facts: ProvrumFacts) -> list[Reason]:
    """Exactly one leader, a participating member organisation (must)."""
    if not facts.leader:
        return [Reason("no_leader", ERROR)]
    leader = next((p for p in facts.participants if p.slug == facts.leader), None)
    if leader is None:
        return [Reason("leader_not_participant", ERROR, {"leader": facts.leader})]
    if not leader.is_member:
        return [Reason("leader_not_member", ERROR, {"leader": facts.leader})]
    return []


def check_capacity(*, go_aheads_this_year: int, limits: FormatLimits) -> list[Reason]:
    """At most N provrum given the go-ahead per calendar year (must)."""
    if go_aheads_this_year >= limits.max_go_aheads_per_year:
        return [
            Reason(
                "capacity_reached",
                ERROR,
                {"count": go_aheads_this_year, "maximum": limits.max_go_aheads_per_year},
            )
        ]
    return []


def check_readiness(*, facts: ProvrumFacts, limits: FormatLimits) -> list[Reason]:
    """Every rule that decides whether a provrum is ready ("redo").

    Ready means no error among the reasons; warnings must be acknowledged by
    the office when it gives the go-ahead.
    """
    return [
        *check_participant_count(facts=facts, limits=limits),
        *check_regions(facts=facts, limits=limits),
        *check_leader(facts=facts),
    ]


def check_interest(
    *, facts: ProvrumFacts, candidate: Participant, limits: FormatLimits
) -> list[Reason]:
    """May ``candidate`` register (or change) its interest in taking part?

    A new organisation must not take the group past the maximum (must), and only
    a member may offer to lead (must). Changing an existing interest never
    counts twice.
    """
    reasons = []
    slugs = {p.slug for p in facts.participants}
    if candidate.slug not in slugs and len(slugs) + 1 > limits.max_organisations:
        reasons.append(
            Reason(
                "too_many_organisations",
                ERROR,
                {"count": len(slugs) + 1, "maximum": limits.max_organisations},
            )
        )
    if candidate.wants_to_lead and not candidate.is_member:
        reasons.append(Reason("leader_not_member", ERROR, {"leader": candidate.slug}))
    return reasons


def check_leader_choice(*, facts: ProvrumFacts, candidate: str) -> list[Reason]:
    """The leader is chosen among participating members that offered to lead (must)."""
    participant = next((p for p in facts.participants if p.slug == candidate), None)
    if participant is None:
        return [Reason("leader_not_participant", ERROR, {"leader": candidate})]
    if not participant.is_member:
        return [Reason("leader_not_member", ERROR, {"leader": candidate})]
    if not participant.wants_to_lead:
        return [Reason("leader_not_volunteer", ERROR, {"leader": candidate})]
    return []


def check_go_ahead(
    *,
    facts: ProvrumFacts,
    limits: FormatLimits,
    go_aheads_this_year: int,
    acknowledged: bool,
    comment: str,
) -> list[Reason]:
    """Everything that stands between a provrum and the office's go-ahead.

    The readiness rules and the yearly capacity; warnings (should rules) turn
    into the error ``warnings_not_acknowledged`` until the office acknowledges
    them with a comment.
    """
    reasons = [
        *check_readiness(facts=facts, limits=limits),
        *check_capacity(go_aheads_this_year=go_aheads_this_year, limits=limits),
    ]
    warnings = [reason.code for reason in reasons if not reason.is_error]
    if warnings and not (acknowledged and comment.strip()):
        reasons.append(Reason("warnings_not_acknowledged", ERROR, {"codes": ", ".join(warnings)}))
    return reasons
