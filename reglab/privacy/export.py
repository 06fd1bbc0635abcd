"""Everything about a person, for the person: GET /api/v1/me/export and the HTML page.

Found through the app registry: every model with a foreign key to the person
(history tables included), the rows hanging on a row that is only the person's
(their live participations' answers, for example), and django-axes' sign-in logs
by their address. Secrets never leave: passwords, token hashes, TOTP secrets,
calendar secrets and session data are left out by field name.
"""

import json
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

# Columns never exported, whatever the table.
SECRET_FIELD = re.compile(r"secret|password|hash|^key$|^data$|session_data", re.I)
# Tables not exported at all (their rows are secrets or Django's own bookkeeping).
SKIPPED_MODELS = {"sessions.Session", "mfa.Authenticator", "admin.LogEntry"}
# A person's own rows (a participation, a registration) whose children are theirs too.
OWN_ROW_FIELDS = {"person", "recipient", "user"}
SIGN_IN_LOGS = [("axes", "AccessAttempt"), ("axes", "AccessLog"), ("axes", "AccessFailureLog")]
CHUNK = 500


def _user_links(model):
    User = get_user_model()
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def _row(obj, fields) -> dict:
    row = {}
    for field in fields:
        if SECRET_FIELD.search(field.name) or SECRET_FIELD.search(field.attname):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        row[field.attname] = value
    return row


def export_sections(person):
    """(section name, row iterator) pairs: one section per table that holds the person."""
    User = get_user_model()
    yield "profile", iter([_row(person, User._meta.concrete_fields)])
    for model in apps.get_models():
        label = model._meta.label
        if label in SKIPPED_MODELS or model is User:
            continue
        links = _user_links(model)
        if not links:
            continue
        condition = models.Q()
        for field in links:
            condition |= models.Q(**{field.name: person})
        rows = model._base_manager.filter(condition).order_by("pk")
        fields = model._meta.concrete_fields
        yield label, (_row(obj, fields) for obj in rows.iterator(chunk_size=CHUNK))
        own = [
            f
            for f in links
            if f.name in OWN_ROW_FIELDS and f.remote_field.on_delete is models.CASCADE
        ]
        if own:
            yield from _children(model, person, own)
    for app_label, name in SIGN_IN_LOGS:
        try:
            model = apps.get_model(app_label, name)
        except LookupError:
            continue
        rows = model._base_manager.filter(username__iexact=person.email).order_by("pk")
        fields = model._meta.concrete_fields
        yield model._meta.label, (_row(obj, fields) for obj in rows.iterator(chunk_size=CHUNK))


def _children(parent, person, links):
    """Rows of other tables that point to the person's own rows (one level)."""
    condition = models.Q()
    for field in links:
        condition |= models.Q(**{field.name: person})
    for model in apps.get_models():
        if model is parent or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is parent and not _user_links(model):
                rows = model._base_manager.filter(
                    **{f"{field.name}__in": parent._base_manager.filter(condition).values("pk")}
                ).order_by("pk")
                fields = model._meta.concrete_fields
                yield (
                    f"{model._meta.label} ({field.name})",
                    (_row(obj, fields) for obj in rows.iterator(chunk_size=CHUNK)),
                )


def export_json_chunks(person):
    """The export as JSON text, piece by piece (a streaming answer: bounded memory)."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield '{"format": "reglab-export-1", "sections": {'
    first_section = True
    for name, rows in export_sections(person):
        yield ("" if first_section else ", ") + encoder.encode(name) + ": ["
        first_section = False
        first_row = True
        for row in rows:
            yield ("" if first_row else ", ") + encoder.encode(row)
            first_row = False
        yield "]"
    yield "}}"


# simple_history's columns on every history table, in words.
HISTORY_COLUMNS = {
    "history_id": gettext_lazy("History entry"),
    "history_date": gettext_lazy("Changed"),
    "history_change_reason": gettext_lazy("Reason"),
    "history_type": gettext_lazy("Kind of change"),
    "history_user_id": gettext_lazy("Changed by"),
}
HISTORY_TYPES = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


def _section_labels(name):
    """A section's heading and, per column, its label and its choices' labels."""
    User = get_user_model()
    label, _, via = name.partition(" (")
    model = User if name == "profile" else apps.get_model(label)
    original = getattr(model, "instance_type", None)  # a simple_history table
    if model is User:
        title = capfirst(model._meta.verbose_name)
    elif original is not None:
        title = gettext("History: %(name)s") % {"name": original._meta.verbose_name_plural}
    else:
        title = capfirst(model._meta.verbose_name_plural)
    columns = {}
    for field in model._meta.concrete_fields:
        text = HISTORY_COLUMNS.get(field.attname, field.verbose_name)
        choices = dict(field.flatchoices) if field.choices else {}
        if field.attname == "history_type":
            choices = HISTORY_TYPES
        columns[field.attname] = (str(capfirst(text)), choices)
    return str(title), columns


def _readable(value, choices):
    if isinstance(value, (list, dict)):  # a JSON column: plan data, a live answer's choice
        return json.dumps(value, ensure_ascii=False) if value else "–"
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value in (None, ""):
        return "–"
    return value


def export_summary(person) -> list[tuple[str, str, list[list[tuple[str, object]]]]]:
    """For the HTML page: each section's heading, its table's name and its rows as
    (column label, value) pairs (at most 50 rows shown per section)."""
    summary = []
    for name, rows in export_sections(person):
        shown = []
        for index, row in enumerate(rows):
            if index >= 50:
                break
            shown.append(row)
        if shown:
            title, columns = _section_labels(name)
            summary.append(
                (
                    title,
                    name,
                    [
                        [
                            (columns[key][0], _readable(value, columns[key][1]))
                            for key, value in row.items()
                        ]
                        for row in shown
                    ],
                )
            )
    return summary
