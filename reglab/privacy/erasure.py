"""Erasing a person: the office carries out the person's request.

The person's row is kept, pseudonymised, so that what they wrote for their
organisation (proposals, comments, plan and report versions, decisions) stays,
now under "Tidigare representant": deleting the row is refused by PROTECT where
they have acted, and would take the organisation's work with it elsewhere.
Everything that is only about the person goes: tokens, sessions, notifications,
registrations, e-mail addresses, second factors, sign-in logs. Then every text
column, cache and stored file still naming them is rewritten or removed, and the
scan (``reglab.privacy.scan``) is run again and reported.
"""

import io
import uuid
import zipfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.privacy.models import ErasureRequest, ErasureStatus
from reglab.privacy.scan import (
    clean_needles,
    contains,
    media_hits,
    needle_forms,
    purge_saved_pages,
    residue_scan,
    scanned_models,
    text_fields,
)

PSEUDONYM = "Tidigare representant"
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never routable

# Rows that are only about the person: deleted. (app label, model, field to the person)
PERSONAL_ROWS = [
    ("api", "ApiToken", "person"),
    ("api", "IdempotencyKey", "person"),
    ("notifications", "Notification", "recipient"),
    ("notifications", "NotificationSettings", "user"),
    ("meetings", "Registration", "person"),
    ("meetings", "NetworkMembership", "person"),
    ("account", "EmailAddress", "user"),
    ("socialaccount", "SocialAccount", "user"),
    ("mfa", "Authenticator", "user"),
]
# django-axes' sign-in logs, found by the address signed in with.
SIGN_IN_LOGS = [("axes", "AccessAttempt"), ("axes", "AccessLog"), ("axes", "AccessFailureLog")]


class AlreadyErased(Exception):
    """The person has been erased already: nothing to do."""


def is_erased(person) -> bool:
    return person.email.endswith("@" + ERASED_DOMAIN)


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _delete_personal_rows(person, counts):
    for app_label, name, field in PERSONAL_ROWS:
        model = _model(app_label, name)
        if model is not None:
            counts[f"{app_label}.{name}"] = model._base_manager.filter(**{field: person}).delete()[
                0
            ]
    for app_label, name in SIGN_IN_LOGS:
        model = _model(app_label, name)
        if model is not None:
            deleted = model._base_manager.filter(username__iexact=person.email).delete()[0]
            counts[f"{app_label}.{name}"] = deleted
    sessions = [
        s.pk
        for s in Session.objects.iterator(chunk_size=500)
        if str(s.get_decoded().get("_auth_user_id")) == str(person.pk)
    ]
    counts["sessions.Session"] = Session.objects.filter(pk__in=sessions).delete()[0]


def _replaced(value, needles):
    if isinstance(value, str):
        for needle in needles:
            for form in needle_forms(needle):
                start = value.lower().find(form.lower())
                while start != -1:
                    value = value[:start] + PSEUDONYM + value[start + len(form) :]
                    start = value.lower().find(form.lower(), start + len(PSEUDONYM))
        return value
    if isinstance(value, list):
        return [_replaced(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, needles) for key, item in value.items()}
    return value


def _rewrite_text(needles, counts):
    """Replace the person's name and address wherever a text column still holds them."""
    for model in scanned_models():
        fields = text_fields(model)
        condition = Q()
        for field in fields:
            for needle in needles:
                for form in needle_forms(needle):
                    condition |= Q(**{f"{field.attname}__icontains": form})
        if not fields:
            continue
        changed = 0
        for obj in model._base_manager.filter(condition).iterator(chunk_size=200):
            updates = {}
            for field in fields:
                value = getattr(obj, field.attname)
                if field.get_internal_type() == "FileField":
                    if value and contains(value.name, needles):
                        updates[field.attname] = _renamed_file(value, needles)
                elif contains(value, needles):
                    updates[field.attname] = _replaced(value, needles)
            if updates:
                model._base_manager.filter(pk=obj.pk).update(**updates)
                changed += 1
        if changed:
            counts[f"rewritten:{model._meta.label}"] = changed


def _renamed_file(fieldfile, needles) -> str:
    """Store the file again under a name without the person's name; remove the old one."""
    storage = fieldfile.storage
    old = fieldfile.name
    folder, _, base = old.rpartition("/")
    new_base = _replaced(base, needles).replace(" ", "-")
    with storage.open(old, "rb") as handle:
        new = storage.save(f"{folder}/{new_base}" if folder else new_base, handle)
    transaction.on_commit(lambda: storage.delete(old))
    return new


REWRITTEN_TEXT_FILES = {".txt", ".csv", ".md", ".json", ".html", ".xml"}


def _rewrite_documents(needles, counts):
    """Replace the name inside stored files where that is safe: a .docx's XML, plain text.

    Other files (a PDF's text sits in compressed streams with byte offsets) are
    left as they are and show in the scan afterwards, for the office to replace.
    """
    rewritten = 0
    for hit in media_hits(needles):
        path = Path(hit.where)
        if hit.key != "text":
            continue
        suffix = path.suffix.lower()
        if suffix == ".docx" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                entries = [(info, archive.read(info)) for info in archive.infolist()]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for info, data in entries:
                    if info.filename.endswith(".xml"):
                        data = _replaced(data.decode("utf-8"), needles).encode("utf-8")
                    archive.writestr(info, data)
            path.write_bytes(buffer.getvalue())
            rewritten += 1
        elif suffix in REWRITTEN_TEXT_FILES:
            text = path.read_bytes().decode("utf-8", "replace")
            path.write_bytes(_replaced(text, needles).encode("utf-8"))
            rewritten += 1
    counts["documents rewritten"] = rewritten


def _pseudonymise(person):
    person.name = PSEUDONYM
    person.email = f"tidigare-{uuid.uuid4().hex}@{ERASED_DOMAIN}"
    person.title = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.is_office = False
    person.last_login = None
    person.set_unusable_password()
    person.calendar_feed_secret = uuid.uuid4().hex
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


def person_erase(*, person_id: int, by, request: ErasureRequest | None = None) -> dict:
    """Erase the person; returns what was removed and the scan before and after.

    Raises AlreadyErased if the person has been erased before.
    """
    User = get_user_model()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person_id)
        if is_erased(person):
            raise AlreadyErased
        needles = clean_needles([person.name, person.email])
        found_before = residue_scan(needles)
        counts = {}
        _delete_personal_rows(person, counts)
        affiliation = _model("accounts", "Affiliation")
        affiliation._base_manager.filter(person=person).update(message="", role_description="")
        _pseudonymise(person)
        _rewrite_text(needles, counts)
        _rewrite_documents(needles, counts)
        purge_saved_pages()
        transaction.on_commit(purge_saved_pages)
        found_after = residue_scan(needles)
        summary = {
            "removed": counts,
            "found_before": len(found_before),
            "found_after": [hit.as_dict() for hit in found_after],
        }
        ErasureRequest.objects.filter(person=person, status=ErasureStatus.PENDING).update(
            status=ErasureStatus.DONE, handled_at=timezone.now(), handled_by=by, summary=summary
        )
        if not ErasureRequest.objects.filter(person=person, status=ErasureStatus.DONE).exists():
            ErasureRequest.objects.create(
                person=person,
                status=ErasureStatus.DONE,
                handled_at=timezone.now(),
                handled_by=by,
                summary=summary,
            )
    return summary


def erasure_request(*, person) -> tuple[ErasureRequest, bool]:
    """The person asks to be erased; a second request while one waits is the same one."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=person.pk)
        existing = ErasureRequest.objects.filter(person=person, status=ErasureStatus.PENDING)
        if existing.exists():
            return existing.get(), False
        return ErasureRequest.objects.create(person=person), True


def already_erased_text() -> str:
    return _("This person has already been erased.")
