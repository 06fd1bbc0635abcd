"""The evaluation's computed figures, cached per period until the data changes.

Computing the figures reads every provrum, decision, plan and report, so the
result for each period is kept in Django's cache (Redis in production, local
memory otherwise) under a version token. Any save or delete of a row the figures
are computed from replaces the token once the transaction commits
(``transaction.on_commit``), so the next view computes afresh and the old
entries are never read again; they expire after ``TIMEOUT``. With local memory
and several processes each process has its own cache, so the timeout bounds
how long another process may show older figures: production uses Redis.

The version is read before the data, so figures computed while a change
commits are stored under the token that change replaces, never under the new one.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from reglab.core.cache import CacheUnavailable

VERSION_KEY = "evaluation:version"
TIMEOUT = 60 * 60


def evaluation_version() -> str:
    """The current version token (made on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        try:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        except CacheUnavailable:
            # Redis is down: a version of this request's own, so nothing cached is reused.
            return uuid.uuid4().hex
        version = cache.get(VERSION_KEY) or "none"
    return version


def evaluation_invalidate() -> None:
    """Forget every cached figure now: the next view computes them again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def evaluation_invalidate_on_commit() -> None:
    """Forget the cached figures once the current transaction commits (now without one)."""
    transaction.on_commit(evaluation_invalidate)


def cached(version: str, name: str, compute):
    """``compute()`` cached under ``name`` for ``version``."""
    key = f"evaluation:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender.__name__ == "Event" and not _event_counts(instance):
        return
    evaluation_invalidate_on_commit()


def _event_counts(event) -> bool:
    # Only the history's withdrawn and closed events are read; comments and the
    # other events that come with every action change no figure.
    counted = {"withdrawn", "closed"}
    return event.action in counted or event.to_state in counted


def connect_signals() -> None:
    """Invalidate on every model the figures are read from (called from ``ready``)."""
    from reglab.organisations.models import Organisation
    from reglab.provrum.models import (
        Decision,
        Dissemination,
        Event,
        FinalReport,
        FormatRules,
        Interest,
        ProjectPlan,
        Provrum,
        SurveyInvitation,
        SurveyResponse,
    )

    for model in (
        Organisation,
        Provrum,
        Event,
        Decision,
        Interest,
        ProjectPlan,
        FinalReport,
        Dissemination,
        SurveyInvitation,
        SurveyResponse,
        FormatRules,
    ):
        uid = f"evaluation_invalidate_{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_delete")
