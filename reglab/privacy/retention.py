"""Retention: sign-in logs and history rows are kept for a set time, then deleted.

Settings (days): RETENTION_SIGN_IN_DAYS (default 90) for django-axes' sign-in
logs, RETENTION_HISTORY_DAYS (default 730, two years) for the history tables
(django-simple-history's Historical* models, found through the app registry).
Run daily by ``manage.py apply_retention`` (deploy/systemd/reglab-digest.service).
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

SIGN_IN_LOGS = [
    ("axes", "AccessAttempt", "attempt_time"),
    ("axes", "AccessLog", "attempt_time"),
    ("axes", "AccessFailureLog", "attempt_time"),
]


def sign_in_days() -> int:
    return getattr(settings, "RETENTION_SIGN_IN_DAYS", 90)


def history_days() -> int:
    return getattr(settings, "RETENTION_HISTORY_DAYS", 730)


def history_models():
    """Every simple-history table: a model with history_id, history_date and history_type."""
    names = {"history_id", "history_date", "history_type"}
    return [
        model
        for model in apps.get_models()
        if names <= {field.name for field in model._meta.concrete_fields}
    ]


def apply_retention(now=None) -> dict[str, int]:
    """Delete what is older than its retention period; return the counts per table."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        cutoff = now - timedelta(days=sign_in_days())
        for app_label, name, field in SIGN_IN_LOGS:
            try:
                model = apps.get_model(app_label, name)
            except LookupError:
                continue
            counts[model._meta.label] = model._base_manager.filter(
                **{f"{field}__lt": cutoff}
            ).delete()[0]
        cutoff = now - timedelta(days=history_days())
        for model in history_models():
            counts[model._meta.label] = model._base_manager.filter(
                history_date__lt=cutoff
            ).delete()[0]
    return counts
