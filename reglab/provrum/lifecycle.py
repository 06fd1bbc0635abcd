"""The kernel every provrum service writes through: lock, check, move, save, record.

A service (``services``, ``plans``, ``reports``, ``work``, ``closing``) does, in
order: ``lock`` the row; check the permission (``deny``) and the rules
(``refuse``); ``transition`` the state against ``models.TRANSITIONS``; ``save``;
``record`` an ``Event``, announced after the commit (``signals.event_recorded``,
which the notifications app hears).

These are the public face of that order, so no service reaches into another
module's private helpers. Refusals:

- ``PermissionDenied`` (``deny``) – the person may not do this (HTTP 403);
- ``RuleViolation`` (``refuse``) – a format rule or the state table says no;
  carries the reasons (HTTP 409).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from reglab.provrum import rules, signals
from reglab.provrum.messages import reason_message
from reglab.provrum.models import TRANSITIONS, Event, Provrum
from reglab.provrum.readiness import readiness_of

# A second identical submit within this many seconds is a double submit: the
# services return what the first one wrote instead of writing it again.
DOUBLE_SUBMIT_SECONDS = 60


class RuleViolation(Exception):
    """A format rule or the state table refuses the action; ``reasons`` say why."""

    def __init__(self, reasons: list[rules.Reason]):
        self.reasons = reasons
        super().__init__("; ".join(reason_message(reason) for reason in reasons))

    @property
    def message(self) -> str:
        return " ".join(reason_message(reason) for reason in self.reasons)


def refuse(reasons: list[rules.Reason]) -> None:
    """Raise ``RuleViolation`` with the errors among ``reasons``; warnings pass."""
    errors = [reason for reason in reasons if reason.is_error]
    if errors:
        raise RuleViolation(errors)


def deny(message: str):
    """Raise ``PermissionDenied`` with the message the person sees."""
    raise PermissionDenied(message)


def lock(provrum: Provrum) -> Provrum:
    """Re-read the provrum under a row lock (PostgreSQL; SQLite locks the whole file)."""
    return (
        # Only the provrum row: PostgreSQL cannot lock the nullable side of the
        # outer join to the leader.
        Provrum.objects.select_for_update(of=("self",))
        .select_related("proposer_organisation", "leader")
        .get(pk=provrum.pk)
    )


def dispatch(event_id: int, *, email: bool) -> None:
    """Announce a committed event to the apps that listen (called by ``record`` on commit)."""
    signals.event_recorded.send(sender=Event, event_id=event_id, email=email)


def record(
    provrum: Provrum,
    action: str,
    *,
    by,
    organisation=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> Event:
    """Write the ``Event`` (who, what, from which state to which) and send
    ``signals.event_recorded`` after the commit, so a rolled-back write notifies nobody."""
    event = Event.objects.create(
        provrum=provrum,
        action=action,
        actor=by,
        organisation=organisation,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    # Whether e-mail is quiet is read now, inside the request that caused the event.
    email = not signals.email_is_quiet()
    transaction.on_commit(lambda: dispatch(event.pk, email=email))
    return event


def check_transition(provrum: Provrum, target: str) -> None:
    """Refuse (``illegal_transition``) a move the state table does not allow."""
    refuse(rules.check_transition(current=provrum.state, target=target, allowed=TRANSITIONS))


def transition(provrum: Provrum, target: str) -> str:
    """Move to ``target`` if the state table allows it; returns the old state."""
    check_transition(provrum, target)
    old = provrum.state
    provrum.state = target
    return old


def save(provrum: Provrum, *, reason: str = "") -> None:
    """Save the provrum: a new version, its readiness, and ``reason`` for its history."""
    provrum.version += 1
    provrum.is_ready = readiness_of(provrum)
    provrum._change_reason = reason
    provrum.save()
