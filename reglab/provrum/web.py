"""What the provrum pages and the provrum API share about a service's answer.

A service refuses with ``PermissionDenied`` (403), ``RuleViolation`` (409),
``ValidationError`` (422) or, behind a person's write limit, ``RateLimited``
(429); an edit based on an older version is a ``ValidationError`` with the
code ``stale_version``, answered as 409 with the current version. Here that
mapping is written once:

- for the pages: ``Feedback`` (a message next to the form that caused it),
  ``refusal`` and ``run_action``, ``stale_feedback`` and ``error_dict``,
  ``form_errors`` and ``limited``; who may reach them: ``provrum_area`` (a
  representative or the office) and ``provrum_action`` (a POST on one provrum);
  ``page_or_fragment`` for a page whose part htmx asks for alone;
- for the API: the refusal schemas, ``REFUSALS`` for an endpoint's
  ``response``, ``with_stale`` and ``stale_answer``. The JSON bodies of the
  refusals themselves are written by ``reglab.api.api``'s exception handlers.
"""

from dataclasses import dataclass, field
from functools import wraps
from typing import Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from ninja import Schema, Status

from reglab.accounts.models import Affiliation
from reglab.core.limits import RateLimited, limit_take
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.selectors import provrum_get_for

STALE_VERSION = "stale_version"


# Pages -------------------------------------------------------------------------------


@dataclass
class Feedback:
    """The outcome of an action, shown next to the form that caused it."""

    ok: bool
    message: str
    target: str
    codes: list = field(default_factory=list)
    status: int = 200
    comment_id: int | None = None


def refusal(error: Exception, target: str, comment_id: int | None = None) -> Feedback:
    """A service's refusal as a message, its codes and the API's status code."""
    if isinstance(error, RateLimited):
        return Feedback(False, error.message, target, [error.code], 429, comment_id)
    if isinstance(error, PermissionDenied):
        message = str(error) or _("You are not allowed to do this.")
        return Feedback(False, message, target, ["not_allowed"], 403, comment_id)
    if isinstance(error, RuleViolation):
        codes = [reason.code for reason in error.reasons]
        return Feedback(False, error.message, target, codes, 409, comment_id)
    if isinstance(error, ValidationError):
        code = getattr(error, "code", None) or "invalid"
        return Feedback(False, " ".join(error.messages), target, [code], 422, comment_id)
    raise TypeError(f"Not a refusal: {error!r}")


def run_action(target: str, action, success: str, comment_id: int | None = None) -> Feedback:
    """Call a service; turn its refusal into a message with the API's status code."""
    try:
        action()
    except (RateLimited, PermissionDenied, RuleViolation, ValidationError) as error:
        return refusal(error, target, comment_id)
    return Feedback(True, success, target, comment_id=comment_id)


def is_stale(error: ValidationError) -> bool:
    """The edit was based on an older version than the saved one."""
    return getattr(error, "code", None) == STALE_VERSION


def stale_feedback(message: str, target: str) -> Feedback:
    """Someone else saved in between: 409, and the page keeps what was typed."""
    return Feedback(False, message, target, [STALE_VERSION], 409)


def error_dict(error: ValidationError) -> dict:
    """A ValidationError's messages by field; ``__all__`` for those without one."""
    if hasattr(error, "error_dict"):
        return {
            key: [message for item in items for message in item.messages]
            for key, items in error.error_dict.items()
        }
    return {"__all__": list(error.messages)}


# Access and refusals on the pages ---------------------------------------------------


def _no_access(request):
    """The provrum pages are for confirmed representatives and the office: say
    how to become one, and whether a request is already waiting."""
    pending = (
        Affiliation.objects.pending()
        .filter(person=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "provrum/no_access.html", {"pending": pending}, status=403)


def provrum_area(view):
    """Signed in (else the sign-in page), and a representative or the office (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("provrum.view_board"):
            return _no_access(request)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def provrum_action(view):
    """A POST on one provrum the person may see (else 404, as for a missing one)."""

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        provrum = provrum_get_for(user=request.user, pk=pk)
        return view(request, provrum, *args, **kwargs)

    return provrum_area(require_POST(wrapped))


def page_or_fragment(request, *, page: str, fragment: str, context: dict) -> HttpResponse:
    """The ``fragment`` template for an htmx request that is not boosted (it swaps that
    part in), else the whole ``page``. The answer varies with HX-Request, so a cache
    never serves the one for the other."""
    template = fragment if request.htmx and not request.htmx.boosted else page
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def limited(person, action: str, service):
    """``service`` behind the person's limit for ``action`` (``reglab.core.limits``),
    for ``run_action``: the limit's refusal is shown like any other."""

    def run():
        limit_take(person, action)
        return service()

    return run


def form_errors(form, error) -> None:
    """Put a service's refusal on the form, on its field where there is one."""
    if isinstance(error, RuleViolation):
        form.add_error(None, error.message)
        form.reason_codes = [reason.code for reason in error.reasons]
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error) or _("You are not allowed to do this."))


# API ---------------------------------------------------------------------------------


class ReasonOut(Schema):
    code: str
    severity: Literal["error", "warning"]
    message: str


# A refusal: 403 (not allowed) or 409 (a format rule or the state table). Schema
# docstrings would become untranslated descriptions in the OpenAPI schema.
class RefusalOut(Schema):
    detail: str
    reasons: list[ReasonOut]


# 409 for an edit based on an older version; ``version`` is the current one.
class StaleOut(RefusalOut):
    version: int


# 422: the input is not valid. ``fields`` maps a field to its messages.
class InvalidOut(Schema):
    detail: str
    errors: list[dict] = []
    fields: dict[str, list[str]] = {}


class NotFoundOut(Schema):
    detail: str


# The office's decision, or a withdrawal, with its comment.
class DecisionIn(Schema):
    comment: str = ""


# The refusals a write can answer with, for an endpoint's ``response``.
REFUSALS = {403: RefusalOut, 404: NotFoundOut, 409: RefusalOut, 422: InvalidOut}
# 429 rate_limited: the person's limit for this kind of write (reglab.core.limits).
LIMITED = {429: RefusalOut}


def with_stale(answers: dict) -> dict:
    """``answers`` and the refusals, where 409 may also be ``stale_version``."""
    return {**answers, 409: StaleOut, **{k: v for k, v in REFUSALS.items() if k != 409}}


def unless_stale(write, answer):
    """``answer(write())``, for an API write that sends the version it started from.

    If someone saved in between, 409 ``stale_version`` with the current version
    instead (``stale_answer``); any other ValidationError goes on (422).
    """
    try:
        written = write()
    except ValidationError as error:
        if not is_stale(error):
            raise
        return stale_answer(error)
    return answer(written)


def stale_answer(error: ValidationError, *, version: int | None = None) -> Status:
    """409 ``stale_version`` with the current version (``error.params`` unless given)."""
    message = error.messages[0]
    return Status(
        409,
        {
            "detail": message,
            "reasons": [{"code": STALE_VERSION, "severity": "error", "message": message}],
            "version": error.params["version"] if version is None else version,
        },
    )
