"""Stored readiness: ``Provrum.is_ready``, kept equal to what the rules say.

Ready ("redo") is what ``rules.check_readiness`` says of a provrum gathering
interest. Its inputs are the group (interests and whether each organisation
wants to lead), the leader, each participant's membership and region status,
and the format rules' thresholds; none depends on the date (the year's
go-ahead capacity is checked at the go-ahead, not here), so no daily task is
needed. The column is written only here, called by:

- ``lifecycle.save`` (every state change, leader change and edit of a provrum);
- ``services.interest_register``, ``interest_withdraw`` and ``leader_choose``
  (interest registered, changed or withdrawn);
- ``services.format_rules_update`` (every provrum, when the thresholds change);
- the ``post_save`` signal of ``Organisation`` (membership or region status);
- ``manage.py provrum_readiness``, which reports and repairs drift.

Everything runs inside the caller's transaction, so the queue never sees a
provrum half changed.
"""

from collections.abc import Iterable

from django.db.models import Prefetch

from reglab.provrum import rules
from reglab.provrum.models import Interest, Provrum, State
from reglab.provrum.selectors import format_rules_get, provrum_is_ready

CHUNK = 500


def _with_group(queryset):
    return queryset.select_related("leader").prefetch_related(
        Prefetch("interests", queryset=Interest.objects.select_related("organisation"))
    )


def readiness_of(provrum: Provrum, limits: rules.FormatLimits | None = None) -> bool:
    """What the rules say now of ``provrum``: its state and leader as held in
    memory (perhaps not saved yet), its group as the database holds it."""
    if provrum.state != State.INTEREST:
        return False
    group = _with_group(Provrum.objects.filter(pk=provrum.pk)).get()
    group.state = provrum.state
    group.leader = provrum.leader
    return provrum_is_ready(group, limits)


def readiness_store(provrum: Provrum, limits: rules.FormatLimits | None = None) -> bool:
    """Store the readiness of one provrum when it changed; returns it."""
    ready = readiness_of(provrum, limits)
    if ready != provrum.is_ready:
        Provrum.objects.filter(pk=provrum.pk).update(is_ready=ready)
        provrum.is_ready = ready
    return ready


def readiness_drift(
    *, provrum_ids: Iterable[int] | None = None, limits: rules.FormatLimits | None = None
) -> list[tuple[int, bool, bool]]:
    """The provrum whose stored readiness differs from the rules' answer, as
    (id, stored, computed), by id. ``provrum_ids`` limits the check (default: all).

    A fixed number of queries per 500 provrum gathering interest; the others
    are checked by one query (they cannot be ready).
    """
    limits = limits or format_rules_get().to_limits()
    queryset = Provrum.objects.order_by("pk")
    if provrum_ids is not None:
        queryset = queryset.filter(pk__in=list(provrum_ids))
    drift = [
        (pk, True, False)
        for pk in queryset.exclude(state=State.INTEREST)
        .filter(is_ready=True)
        .values_list("pk", flat=True)
    ]
    forming = _with_group(queryset.filter(state=State.INTEREST))
    for provrum in forming.iterator(chunk_size=CHUNK):
        ready = provrum_is_ready(provrum, limits)
        if ready != provrum.is_ready:
            drift.append((provrum.pk, provrum.is_ready, ready))
    return sorted(drift)


def readiness_refresh(
    *, provrum_ids: Iterable[int] | None = None, limits: rules.FormatLimits | None = None
) -> list[tuple[int, bool, bool]]:
    """Store the rules' answer wherever the stored readiness differs; returns the drift
    that was repaired (see ``readiness_drift``)."""
    drift = readiness_drift(provrum_ids=provrum_ids, limits=limits)
    for value in (True, False):
        ids = [pk for pk, _, computed in drift if computed is value]
        for start in range(0, len(ids), CHUNK):
            Provrum.objects.filter(pk__in=ids[start : start + CHUNK]).update(is_ready=value)
    return drift


def readiness_refresh_for_organisation(organisation) -> None:
    """After an organisation changed (membership, region): the provrum it takes part in."""
    ids = Interest.objects.filter(
        organisation=organisation, provrum__state=State.INTEREST
    ).values_list("provrum_id", flat=True)
    ids = list(ids)
    if ids:
        readiness_refresh(provrum_ids=ids)
