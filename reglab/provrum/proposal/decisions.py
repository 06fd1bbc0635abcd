"""The office's decision on a proposal: the go-ahead (klartecken), declined or
lapsed. Each is recorded as a ``Decision`` and an ``Event``; refusals as in
``reglab.provrum.proposal.services``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.provrum import lifecycle, rules
from reglab.provrum.facts import go_aheads_in_year, provrum_facts
from reglab.provrum.models import (
    Decision,
    Event,
    FormatRules,
    Provrum,
    State,
)
from reglab.provrum.selectors import (
    format_rules_get,
)


@transaction.atomic
def provrum_give_go_ahead(
    *, provrum: Provrum, by, comment: str = "", acknowledge_warnings: bool = False
) -> Decision:
    """The office's go-ahead (klartecken).

    Refused while an error remains among the readiness rules, when the year's
    go-aheads are used up (``capacity_reached``), and while warnings are not
    acknowledged with a comment. The FormatRules row is locked first, so two
    go-aheads for the year's last place are serialised: exactly one succeeds.
    """
    if not by.has_perm("provrum.decide", provrum):
        lifecycle.deny(_("Only the office can give the go-ahead."))
    format_rules_get()
    limits = FormatRules.objects.select_for_update().get(pk=1).to_limits()
    provrum = lifecycle.lock(provrum)
    if provrum.state == State.GO_AHEAD:
        return provrum.decisions.filter(outcome=Decision.Outcome.GO_AHEAD).last()
    lifecycle.check_transition(provrum, State.GO_AHEAD)
    now = timezone.now()
    reasons = rules.check_go_ahead(
        facts=provrum_facts(provrum),
        limits=limits,
        go_aheads_this_year=go_aheads_in_year(timezone.localdate(now).year),
        acknowledged=acknowledge_warnings,
        comment=comment,
    )
    lifecycle.refuse(reasons)
    warnings = [reason.code for reason in reasons if not reason.is_error]
    old = lifecycle.transition(provrum, State.GO_AHEAD)
    provrum.go_ahead_at = now
    provrum.decided_at = now
    lifecycle.save(provrum, reason="go-ahead")
    decision = Decision.objects.create(
        provrum=provrum,
        outcome=Decision.Outcome.GO_AHEAD,
        comment=comment.strip(),
        acknowledged_warnings=warnings,
        decided_by=by,
    )
    lifecycle.record(
        provrum,
        Event.Action.GO_AHEAD,
        by=by,
        from_state=old,
        to_state=provrum.state,
        note=comment.strip(),
    )
    return decision


def _office_close(*, provrum, by, comment, target, outcome, action, permission_message):
    if not by.has_perm("provrum.decide", provrum):
        lifecycle.deny(permission_message)
    provrum = lifecycle.lock(provrum)
    if provrum.state == target:
        return provrum.decisions.filter(outcome=outcome).last()
    comment = (comment or "").strip()
    lifecycle.check_transition(provrum, target)
    if not comment:
        raise ValidationError({"comment": _("Explain the decision in a comment.")})
    old = lifecycle.transition(provrum, target)
    provrum.decided_at = timezone.now()
    lifecycle.save(provrum, reason=target)
    decision = Decision.objects.create(
        provrum=provrum, outcome=outcome, comment=comment, decided_by=by
    )
    lifecycle.record(provrum, action, by=by, from_state=old, to_state=target, note=comment)
    return decision


@transaction.atomic
def provrum_decline(*, provrum: Provrum, by, comment: str) -> Decision:
    """The office declines a proposal, with a comment that says why."""
    return _office_close(
        provrum=provrum,
        by=by,
        comment=comment,
        target=State.DECLINED,
        outcome=Decision.Outcome.DECLINED,
        action=Event.Action.DECLINED,
        permission_message=_("Only the office can decline a provrum."),
    )


@transaction.atomic
def provrum_lapse(*, provrum: Provrum, by, comment: str) -> Decision:
    """The office marks a proposal as lapsed: no group formed in time."""
    return _office_close(
        provrum=provrum,
        by=by,
        comment=comment,
        target=State.LAPSED,
        outcome=Decision.Outcome.LAPSED,
        action=Event.Action.LAPSED,
        permission_message=_("Only the office can mark a provrum as lapsed."),
    )
