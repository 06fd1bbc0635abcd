"""The review workflow's writes, written once for every kind of reviewed document.

A kind's services (``plans.plan_save`` … ``reports.report_comment``) lock the
provrum, check who may act and what the provrum's state allows, and record the
event; the steps in between are these, in this order:

- ``version_number`` and ``refuse_if_stale``: the optimistic lock. A save or a
  submit based on an older version is refused with
  ``ValidationError(code="stale_version")`` and ``params["version"]`` the
  current version, so nobody overwrites another's edit unseen;
- ``version_save``: the cleaned data as a new numbered version (nothing when it
  did not change);
- ``mark_submitted``; ``decide`` (the office's approval or return, with its
  comment); ``clean_comment`` and ``comment_add`` (a double submit within a
  minute returns the first comment);
- ``lines_diff``: two versions compared line by line, as the pages show them.

None of them commits or records an event: the caller's transaction and
``lifecycle.record`` do.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.core.text import has_visible_text
from reglab.provrum import lifecycle
from reglab.provrum.lifecycle import DOUBLE_SUBMIT_SECONDS
from reglab.provrum.models import Provrum
from reglab.provrum.reviewed.models import CommentKind, ReviewedDocument, ReviewStatus

COMMENT_LIMIT = 5000


@dataclass(frozen=True)
class ReviewKind:
    """What tells one kind of reviewed document from another.

    ``document_field`` names the document on its versions and comments
    (``plan``, ``report``) and, for a provrum's document, on its provrum
    (``provrum.plan``); the messages are the kind's own wording. A provrum's
    document also names its model (``document_model``) and how a provrum's
    document is read, new and unsaved before the first save (``document_of``);
    the permissions are ``provrum.<verb>_<name>``.
    """

    name: str
    version_model: type[models.Model]
    comment_model: type[models.Model]
    document_field: str
    stale_message: Callable[[], str]
    version_missing_message: Callable[[], str]
    return_needs_comment_message: Callable[[], str]
    document_model: type[models.Model] | None = None
    document_of: Callable | None = None


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: ``op`` is "equal", "insert" (only in the newer) or "delete"."""

    op: str
    text: str


def lines_diff(old_lines: list[str], new_lines: list[str]) -> list[DiffLine]:
    """Two texts compared line by line: unchanged lines, then what went and what came."""
    result = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("equal", line) for line in old_lines[i1:i2])
            continue
        result.extend(DiffLine("delete", line) for line in old_lines[i1:i2])
        result.extend(DiffLine("insert", line) for line in new_lines[j1:j2])
    return result


def version_number(kind: ReviewKind, version) -> int:
    """The version the person started from, as a number; ``ValidationError`` otherwise."""
    try:
        return int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": kind.version_missing_message()}) from None


def stale(kind: ReviewKind, document: ReviewedDocument) -> ValidationError:
    """The refusal of an edit based on an older version, naming the current one."""
    return ValidationError(
        kind.stale_message(), code="stale_version", params={"version": document.version}
    )


def refuse_if_stale(kind: ReviewKind, document: ReviewedDocument, version: int) -> None:
    """Raise ``stale`` unless ``version`` is the document's current version."""
    if version != document.version:
        raise stale(kind, document)


def version_save(kind: ReviewKind, document: ReviewedDocument, *, by, data: dict):
    """Keep ``data`` (already cleaned) as the document's next version.

    A save that changes nothing returns the document as it is, except the very
    first, which makes version 1 even of an empty document.
    """
    if data == document.data and document.version > 0:
        return document
    document.data = data
    document.version += 1
    document.updated_at = timezone.now()
    document.updated_by = by
    document.save()
    kind.version_model.objects.create(
        **{kind.document_field: document}, number=document.version, data=data, author=by
    )
    return document


def mark_submitted(document: ReviewedDocument, *, by) -> None:
    """The document is submitted to the office by ``by``, now."""
    document.status = ReviewStatus.SUBMITTED
    document.submitted_at = timezone.now()
    document.submitted_by = by
    document.save()


def comment_too_long(comment: str) -> str:
    return _("A comment may be at most 5000 characters (now %(count)s).") % {"count": len(comment)}


def clean_comment(comment: str, *, field: str = "comment") -> str:
    """The comment trimmed; ``ValidationError`` on ``field`` when it is too long."""
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError({field: comment_too_long(comment)})
    return comment


def return_comment(kind: ReviewKind, comment: str) -> str:
    """A return's comment: required, since it tells the group what to change."""
    comment = clean_comment(comment)
    if not comment:
        raise ValidationError({"comment": kind.return_needs_comment_message()})
    return comment


def decide(
    kind: ReviewKind,
    document: ReviewedDocument,
    *,
    by,
    status: str,
    comment: str,
    now=None,
    **changes,
) -> None:
    """The office's decision (approved or returned) on the current version.

    ``changes`` are further fields the kind sets with the decision (a report is
    published when approved). The comment, when there is one, is kept with the
    decision's kind and the version it was made on.
    """
    document.status = status
    document.decided_at = now or timezone.now()
    document.decided_by = by
    for name, value in changes.items():
        setattr(document, name, value)
    document.save()
    if comment:
        comment_kind = (
            CommentKind.APPROVED if status == ReviewStatus.APPROVED else CommentKind.RETURNED
        )
        kind.comment_model.objects.create(
            **{kind.document_field: document},
            author=by,
            body=comment,
            kind=comment_kind,
            version_number=document.version,
        )


def comment_body(body: str) -> str:
    """A comment's text, trimmed; ``ValidationError`` when empty or too long."""
    body = clean_comment(body, field="body")
    if not has_visible_text(body):
        raise ValidationError({"body": _("Write a comment first.")})
    return body


def comment_add(kind: ReviewKind, document: ReviewedDocument, *, by, body: str):
    """A comment on the document's current version (``body`` from ``comment_body``).

    The same comment by the same person within a minute is a double submit and
    returns the first one. The caller holds the provrum's lock.
    """
    recent = kind.comment_model.objects.filter(
        **{kind.document_field: document},
        author=by,
        body=body,
        created_at__gte=timezone.now() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
    ).first()
    if recent is not None:
        return recent
    return kind.comment_model.objects.create(
        **{kind.document_field: document}, author=by, body=body, version_number=document.version
    )


# A provrum's document -------------------------------------------------------------


def locked(kind: ReviewKind, provrum: Provrum) -> Provrum:
    """The provrum under its row lock, with participants and its document (also locked) fresh."""
    provrum = (
        Provrum.objects.select_related("leader", "proposer_organisation")
        .prefetch_related("interests__organisation")
        .get(pk=lifecycle.lock(provrum).pk)
    )
    document = kind.document_model.objects.select_for_update().filter(provrum=provrum).first()
    if document is not None:
        # The permission rules read the document's status through the provrum.
        setattr(provrum, kind.document_field, document)
    return provrum


def for_update(kind: ReviewKind, provrum: Provrum):
    """The document (read by ``locked``), created (version 0) on first use.

    The caller holds the provrum's lock, so two first saves cannot both create it.
    """
    document = kind.document_of(provrum)
    if document.pk is None:
        document.save()
        setattr(provrum, kind.document_field, document)
    return document


def save(kind: ReviewKind, *, provrum: Provrum, by, data, version, require, clean):
    """Save the provrum's document as a new version, under the provrum's lock.

    ``version`` is the version the person started from (0 for a new document).
    An older one is refused with ``ValidationError(code="stale_version")`` whose
    ``params["version"]`` is the current version: nobody overwrites another's
    edit unseen. ``require(provrum, by)`` refuses who may not write now;
    ``clean(provrum, data)`` gives the cleaned data and the messages per field
    path, which refuse the save. A save that changes nothing returns the document.
    """
    version = version_number(kind, version)
    provrum = locked(kind, provrum)
    require(provrum, by)
    document = for_update(kind, provrum)
    refuse_if_stale(kind, document, version)
    cleaned, errors = clean(provrum, data)
    if errors:
        raise ValidationError(errors)
    return version_save(kind, document, by=by, data=cleaned)


def office_document(kind: ReviewKind, provrum: Provrum, by, permission: str, message: str):
    """The locked provrum and its document, for the office's decision; 403 for others."""
    if not by.has_perm(permission, provrum):
        raise PermissionDenied(message)
    provrum = locked(kind, provrum)
    return provrum, kind.document_of(provrum)


def comment(kind: ReviewKind, *, provrum: Provrum, by, body: str, message: str):
    """A comment on the document by the office or the group, tied to the current version.

    403 with ``message`` for those who may not comment (``provrum.comment_<name>``).
    """
    if not by.has_perm(f"provrum.comment_{kind.name}", provrum):
        raise PermissionDenied(message)
    body = comment_body(body)
    provrum = locked(kind, provrum)
    return comment_add(kind, for_update(kind, provrum), by=by, body=body)
