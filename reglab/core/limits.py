"""Per-person limits on writes that reach other people: proposals, publishing,
comments, uploads, answers and survey reminders; and on exports (documents built on
request). Per-subject limits (``limit_take_for``) count what one thing causes, whoever
does it: the "meeting changed" e-mails of one meeting, the reminders of one survey.

One person with a script could otherwise post 40 comments in four seconds or
publish 15 proposals, each of which notifies every member. A limit counts one
person's writes of one kind in a fixed window (an hour, a minute, a day) in
Django's cache: Redis in production (``REDIS_URL``), so every process counts
together, and process memory otherwise. ``cache.add`` and ``cache.incr`` are
atomic on both, so concurrent requests cannot all slip under the limit.

The HTML view and the API endpoint of an action both call ``limit_take`` at
their entry, before the service (the services themselves stay unlimited: the
demo builder and the tests' setup act for many people at once). A refusal is
``RateLimited``, a ``PermissionDenied``: the API answers 429 with the code
``rate_limited``; the pages answer 429 with the form and the person's text.
Anything that does not know it still refuses (403), never a 500.

Exports (a plan as PDF, a budget as XLSX, a survey's or a meeting's list) are
reads, but each one builds a file: a script fetching them in a loop costs the
server far more than a page. ``export_limited`` wraps those views: past the
limit they answer 429 with the Swedish message (``429.html``) and Retry-After.

The office is limited on comments like everyone (a discussion is a discussion)
and on survey reminders (each one e-mails people outside it), not on the rest: its
work there (uploading a group's documents, registering on an organisation's behalf)
can be legitimately bulky, and its accounts need a second factor.
"""

import math
import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    """At most ``count`` writes of one kind per ``seconds``, per person."""

    count: int
    seconds: int


@dataclass(frozen=True)
class Action:
    limits: tuple[Limit, ...]
    message: str
    office_too: bool = False


# One table for every limited write. The numbers are far above what a person
# does by hand and far below what a script does.
ACTIONS = {
    "proposal": Action(
        (Limit(5, HOUR), Limit(20, DAY)),
        _("You have written too many proposals in a short time. Wait a while and try again."),
    ),
    "publish": Action(
        (Limit(5, HOUR), Limit(20, DAY)),
        _("You have published too many proposals in a short time. Wait a while and try again."),
    ),
    "comment": Action(
        (Limit(10, MINUTE), Limit(100, DAY)),
        _("You have written too many comments in a short time. Wait a while and try again."),
        office_too=True,
    ),
    "upload": Action(
        (Limit(30, HOUR), Limit(200, DAY)),
        _("You have uploaded too many documents in a short time. Wait a while and try again."),
    ),
    "interest": Action(
        (Limit(20, HOUR),),
        _("You have registered too many interests in a short time. Wait a while and try again."),
    ),
    "answer": Action(
        (Limit(20, HOUR),),
        _("You have sent too many answers in a short time. Wait a while and try again."),
    ),
    # A reminder e-mails every representative of every organisation that has not answered:
    # the office too, as the mail reaches people outside it whoever sends it.
    "remind": Action(
        (Limit(5, HOUR), Limit(20, DAY)),
        _("You have sent too many reminders in a short time. Wait a while and try again."),
        office_too=True,
    ),
    # Per survey (``limit_take_for``): however many people manage a survey, its recipients
    # get no more reminders than one person may send.
    "survey_reminders": Action(
        (Limit(5, HOUR), Limit(20, DAY)),
        _(
            "The organisations have already been reminded of this survey many times in a "
            "short time. Wait a while and try again."
        ),
    ),
    # Per meeting (``limit_take_for``): each change of time or place e-mails everyone
    # registered. Past the limit the change is saved and the e-mail is not sent.
    "meeting_change_mail": Action(
        (Limit(5, HOUR),),
        _(
            "The change is saved, but those registered were not e-mailed about it: the "
            "meeting has already been changed five times within the hour. They see the "
            "change on the platform; write to them yourself if it matters."
        ),
    ),
    "export": Action(
        (Limit(60, HOUR), Limit(300, DAY)),
        _("You have downloaded too many files in a short time. Wait a while and try again."),
    ),
}


class RateLimited(PermissionDenied):
    """The person has reached a limit; ``retry_after`` is the seconds until it lifts."""

    code = "rate_limited"

    def __init__(self, action: str, retry_after: int):
        self.action = action
        self.retry_after = retry_after
        super().__init__(str(ACTIONS[action].message))

    @property
    def message(self) -> str:
        return str(ACTIONS[self.action].message)


def _count(key: str, seconds: int) -> int:
    """Add one to the counter at ``key``, which lives ``seconds``; the new count."""
    # add() only creates a missing key; incr() is atomic (INCR on Redis).
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this write starts a new window.
        cache.add(key, 1, timeout=seconds + 1)
        return 1


def limit_take(person, action: str) -> None:
    """Count one write of ``action`` by ``person``; ``RateLimited`` when over a limit.

    Anonymous callers are left to the permission checks (they may write nothing).
    """
    rule = ACTIONS[action]
    if person is None or not person.is_authenticated:
        return
    if getattr(person, "is_office", False) and not rule.office_too:
        return
    _take(action, person.pk)


def limit_take_for(action: str, subject: str) -> None:
    """Count one occurrence of ``action`` for ``subject`` (such as ``"meeting:12"``), whoever
    caused it; ``RateLimited`` when over a limit. Unlike ``limit_take`` nobody is exempt."""
    _take(action, subject)


def _take(action: str, subject) -> None:
    now = time.time()
    for limit in ACTIONS[action].limits:
        window = int(now // limit.seconds)
        count = _count(f"reglab:limit:{action}:{subject}:{limit.seconds}:{window}", limit.seconds)
        if count > limit.count:
            raise RateLimited(action, max(1, math.ceil((window + 1) * limit.seconds - now)))


def limited_response(request, error: RateLimited):
    """The 429 page for ``error``: its message, in the person's language, and Retry-After."""
    response = render(request, "429.html", {"message": error.message}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def export_limited(view):
    """Count one ``export`` by the person before ``view`` builds its file; 429 past the limit.

    Put it below the decorators that decide who the person is (a bearer token)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            limit_take(getattr(request, "user", None), "export")
        except RateLimited as error:
            return limited_response(request, error)
        return view(request, *args, **kwargs)

    return wrapper
