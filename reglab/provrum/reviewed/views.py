"""The review workflow's pages, written once for every kind of reviewed document.

A kind's views (``plan_views``, ``report_views``) build its page and read its
form; these do the rest the same way for both: the editor's save and submit
(``edit``), the office's approval and return (``decide``), a comment
(``comment``), the choice of two versions to compare (``compared``) and the
parts of the editor and of the page that do not depend on the kind (``field``,
``review_context``). What differs by kind is in its ``PageKind``.

Nothing typed is lost: a refused save shows the form again with every value as
typed; an edit based on an older version is 409 and keeps what was typed; a
refused decision or comment shows the page again with the refusal beside the
form that caused it and the API's status code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.reviewed.models import CommentKind
from reglab.provrum.selectors import provrum_get_for
from reglab.provrum.web import (
    Feedback,
    error_dict,
    is_stale,
    provrum_area,
    refusal,
    run_action,
    stale_feedback,
)

COMMENT_LIMIT = 10_000


@dataclass(frozen=True)
class PageKind:
    """One kind's part of the pages.

    ``name`` is the page's URL name (``provrum:<name>``) and the feedback target
    of the editor (comments: ``<name>_comment``). ``page(request, provrum,
    **extra)`` renders the kind's page with ``extra`` in its context (``data``,
    ``errors``, ``version``, ``status``, ``feedback`` and what was typed in a
    refused form). ``read(provrum, post, *, complete)`` gives the data as
    typed and its errors. ``submit(provrum=, by=, saved=)`` submits the
    document just saved. ``texts`` holds the kind's messages: ``not_editable``,
    ``stale``, ``saved``, ``submitted``, ``approved``, ``returned``.
    ``check_template`` and ``check_context(provrum, data)`` give the fragment
    htmx asks for while the person types (the rules, or what is missing).
    """

    name: str
    get_for: Callable
    page: Callable
    read: Callable
    edit_permission: str
    save: Callable
    submit: Callable
    approve: Callable
    return_: Callable
    comment: Callable
    decision_limit: int
    texts: dict
    check_template: str
    check_context: Callable


def document_provrum(kind: PageKind, request, pk):
    """The provrum, if the person may read its document; 404 as for a missing one (as the API)."""
    return kind.get_for(user=request.user, pk=pk).provrum


def _version(post) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        return -1


def edit(kind: PageKind, request, pk):
    """The editor: GET shows the page, POST saves and, with ``action=submit``, submits."""
    provrum = document_provrum(kind, request, pk)
    if request.method != "POST":
        return kind.page(request, provrum)
    if not request.user.has_perm(kind.edit_permission, provrum):
        raise PermissionDenied(kind.texts["not_editable"]())
    submitting = request.POST.get("action") == "submit"
    data, errors = kind.read(provrum, request.POST, complete=submitting)
    version = _version(request.POST)
    if errors:
        return kind.page(request, provrum, data=data, errors=errors, version=version, status=400)

    def again(**extra):
        # The provrum as it is now: the state may have changed since the page was opened.
        return kind.page(request, provrum_get_for(user=request.user, pk=pk), data=data, **extra)

    try:
        saved = kind.save(provrum=provrum, by=request.user, data=data, version=version)
    except ValidationError as error:
        if is_stale(error):
            # Keep what the person typed; the next save builds on the saved version.
            return again(
                version=error.params["version"],
                status=409,
                feedback=stale_feedback(kind.texts["stale"](), kind.name),
            )
        return kind.page(
            request, provrum, data=data, errors=error_dict(error), version=version, status=400
        )
    except RuleViolation as error:
        # The document was submitted or the state changed since the page was opened.
        return again(version=version, status=409, feedback=refusal(error, kind.name))
    except PermissionDenied as error:
        return again(version=version, status=403, feedback=refusal(error, kind.name))
    provrum.refresh_from_db()
    if submitting:
        feedback = run_action(
            kind.name,
            lambda: kind.submit(provrum=provrum, by=request.user, saved=saved),
            kind.texts["submitted"](),
        )
        if not feedback.ok:
            provrum = provrum_get_for(user=request.user, pk=pk)
            return kind.page(request, provrum, status=feedback.status, feedback=feedback)
        messages.success(request, feedback.message)
    else:
        messages.success(request, kind.texts["saved"]())
    return redirect(f"provrum:{kind.name}", pk=provrum.pk)


def decide(kind: PageKind, request, pk, *, approve: bool):
    """The office approves or returns the submitted document, with its comment."""
    provrum = document_provrum(kind, request, pk)
    comment = request.POST.get("comment", "")[: kind.decision_limit]
    service = kind.approve if approve else kind.return_
    feedback = run_action(
        "decision",
        lambda: service(provrum=provrum, by=request.user, comment=comment),
        kind.texts["approved" if approve else "returned"](),
    )
    if approve:
        return decided(kind, request, pk, feedback, approve_comment=comment)
    return decided(
        kind, request, pk, feedback, return_comment=comment, return_error=not feedback.ok
    )


def comment(kind: PageKind, request, pk):
    """A comment on the document, by the office or the group."""
    provrum = document_provrum(kind, request, pk)
    body = request.POST.get("body", "")[:COMMENT_LIMIT]
    feedback = run_action(
        f"{kind.name}_comment",
        lambda: kind.comment(provrum=provrum, by=request.user, body=body),
        _("Your comment is posted."),
    )
    if feedback.ok:
        messages.success(request, feedback.message)
        return redirect(
            reverse(f"provrum:{kind.name}", kwargs={"pk": pk}) + f"#{kind.name}-comments"
        )
    provrum = provrum_get_for(user=request.user, pk=pk)
    return kind.page(request, provrum, status=feedback.status, feedback=feedback, comment_body=body)


def decided(kind: PageKind, request, pk, feedback: Feedback, **extra):
    """Back to the page after an action: with its message, or with its refusal and 4xx."""
    if feedback.ok:
        messages.success(request, feedback.message)
        return redirect(f"provrum:{kind.name}", pk=pk)
    provrum = provrum_get_for(user=request.user, pk=pk)
    return kind.page(request, provrum, status=feedback.status, feedback=feedback, **extra)


def check(kind: PageKind, request, pk):
    """The fragment for the document as typed (htmx, while the person types)."""
    provrum = document_provrum(kind, request, pk)
    data, _errors = kind.read(provrum, request.POST)
    return render(
        request, kind.check_template, {"provrum": provrum, **kind.check_context(provrum, data)}
    )


class Pages(NamedTuple):
    """A kind's views, for its URLs: the editor, the check, the decisions and the comment."""

    edit: Callable
    check: Callable
    approve: Callable
    return_: Callable
    comment: Callable


def pages(kind: PageKind) -> Pages:
    """The kind's views, in the provrum area (signed in, a representative or the office).

    Every one but the editor takes only POST. The approval starts what the kind's
    approval starts; the return says what needs to change.
    """

    def view(verb, answer, *, post=True):
        # Named as the kind's own views were (``plan_edit`` …), for tracebacks and logs.
        answer.__name__ = answer.__qualname__ = f"{kind.name}_{verb}"
        return provrum_area(require_POST(answer) if post else answer)

    return Pages(
        edit=view("edit", lambda request, pk: edit(kind, request, pk), post=False),
        check=view("check_fragment", lambda request, pk: check(kind, request, pk)),
        approve=view("approve", lambda request, pk: decide(kind, request, pk, approve=True)),
        return_=view("return", lambda request, pk: decide(kind, request, pk, approve=False)),
        comment=view("comment", lambda request, pk: comment(kind, request, pk)),
    )


# The page -----------------------------------------------------------------------------


def field(name, label, widget, value, errors, *, key=None, **extra) -> dict:
    """A field as ``partials/plan_field.html`` shows it, with its messages tied to it."""
    field_id = f"id_{name}"
    described = [f"{field_id}_help"] if extra.get("help") else []
    described += [f"{field_id}_error"] if errors else []
    return {
        "key": name if key is None else key,
        "name": name,
        "id": field_id,
        "label": label,
        "widget": widget,
        "value": "" if value is None else value,
        "errors": errors,
        "describedby": " ".join(described),
        **extra,
    }


def review_context(document, comments: list, *, editable: bool, version, errors: dict) -> dict:
    """What every kind's page shows the same way: the version, the last return, the errors."""
    context = {
        "editable": editable,
        "version": document.version if version is None else version,
        "last_return": next(
            (c for c in reversed(comments) if c.kind == CommentKind.RETURNED),
            None,
        ),
        "form_errors": [],
        "error_codes": [],
    }
    if editable and errors:
        context["form_errors"] = errors.get("__all__", []) or [
            _("Some fields need to be corrected. See the messages by each field.")
        ]
        context["error_codes"] = ["invalid"]
    return context


# Versions -----------------------------------------------------------------------------


def _number(value, numbers, *, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in numbers else default


def compared(query, numbers: list[int]) -> tuple[int | None, int | None]:
    """The two versions to compare (older, newer), from ``fran`` and ``till`` in ``query``.

    ``numbers`` are the saved versions, newest first. By default the newest and
    the one before it; a number that is not a saved version is the default.
    ``(None, None)`` while there are fewer than two versions.
    """
    if len(numbers) < 2:
        return None, None
    newer = _number(query.get("till"), numbers, default=numbers[0])
    older = _number(
        query.get("fran"),
        numbers,
        default=max((n for n in numbers if n < newer), default=numbers[-1]),
    )
    return older, newer
