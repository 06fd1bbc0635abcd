"""Preparing, opening and closing questions; approving the room's suggestions."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from reglab.live import events, rules
from reglab.live.access import can_host_live
from reglab.live.messages import (
    ITEM_NOT_IN_MEETING,
    NOT_ALLOWED,
    UNKNOWN_KIND,
    Refused,
)
from reglab.live.models import Option, Question, QuestionKind, QuestionStatus
from reglab.meetings.models import Meeting


def _require_host(by, meeting) -> None:
    if not can_host_live(by, meeting):
        raise Refused(NOT_ALLOWED, status=403)


def _parse_dates(options: list[str]) -> list[dt.date]:
    try:
        return [dt.date.fromisoformat(text.strip()) for text in options]
    except ValueError:
        raise Refused(rules.DATE_INVALID) from None


@transaction.atomic
def question_create(
    *,
    meeting,
    by,
    kind: str,
    text: str,
    options: list[str] = (),
    item=None,
    anonymous: bool = True,
    ask_why: bool = False,
    dots: int = 3,
    scale_max: int = 5,
) -> Question:
    """A prepared question (not yet open) at the end of the meeting's list.

    Raises ``Refused`` with every reason from ``rules.check_question`` (422),
    ``not_allowed`` (403) for someone who does not host the meeting.
    """
    _require_host(by, meeting)
    if kind not in QuestionKind.values:
        raise Refused(UNKNOWN_KIND)
    options = [str(option) for option in options or ()]
    reasons = rules.check_question(
        kind=kind, text=text, options=options, dots=dots, scale_max=scale_max
    )
    if reasons:
        raise Refused(reasons[0], codes=reasons)
    if item is not None and item.meeting_id != meeting.pk:
        raise Refused(ITEM_NOT_IN_MEETING)
    dates = _parse_dates(options) if kind == QuestionKind.DATES else []
    position = Question.objects.filter(meeting=meeting).count() + 1
    question = Question.objects.create(
        meeting=meeting,
        item=item,
        kind=kind,
        text=text.strip(),
        anonymous=anonymous,
        ask_why=ask_why and kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE),
        dots=dots if kind == QuestionKind.PRIORITISE else 3,
        scale_max=scale_max if kind == QuestionKind.SCALE else 5,
        position=position,
    )
    if kind == QuestionKind.DATES:
        Option.objects.bulk_create(
            Option(question=question, date=day, position=n) for n, day in enumerate(sorted(dates))
        )
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.PRIORITISE):
        Option.objects.bulk_create(
            Option(question=question, text=option.strip(), position=n)
            for n, option in enumerate(options)
        )
    return question


def _locked_for_host(question, by) -> Question:
    """The question as it is now, under its row lock, for a host of its meeting.

    The meeting's row is locked first: questions of one meeting open and close one
    at a time. Raises ``Refused`` (403) for someone who does not host the meeting.
    """
    _require_host(by, question.meeting)
    Meeting.objects.select_for_update().filter(pk=question.meeting_id).first()
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def question_open(*, question, by) -> Question:
    """Open the question; the one open before it closes. Opening an open one changes nothing.

    A closed question can be opened again: its answers are kept and may be changed.
    """
    question = _locked_for_host(question, by)
    if question.status == QuestionStatus.OPEN:
        return question
    now = timezone.now()
    for other in Question.objects.select_for_update().filter(
        meeting_id=question.meeting_id, status=QuestionStatus.OPEN
    ):
        other.status, other.closed_at = QuestionStatus.CLOSED, now
        other.save(update_fields=["status", "closed_at"])
    question.status, question.opened_at = QuestionStatus.OPEN, now
    question.save(update_fields=["status", "opened_at"])
    events.question_changed(question)
    return question


@transaction.atomic
def question_close(*, question, by) -> Question:
    """Close the question: answers are no longer taken. Closing a closed one changes nothing."""
    question = _locked_for_host(question, by)
    if question.status != QuestionStatus.OPEN:
        return question
    question.status, question.closed_at = QuestionStatus.CLOSED, timezone.now()
    question.save(update_fields=["status", "closed_at"])
    events.question_changed(question)
    return question


@transaction.atomic
def question_show_results(*, question, by, shown: bool) -> Question:
    """Show or hide the question's results on the big screen."""
    _require_host(by, question.meeting)
    if question.show_results != shown:
        question.show_results = shown
        question.save(update_fields=["show_results"])
        events.tally_changed(question)
    return question


@transaction.atomic
def question_remove(*, question, by) -> None:
    """Remove a prepared question that nobody has answered (others are kept as history)."""
    _require_host(by, question.meeting)
    if question.status == QuestionStatus.DRAFT and not question.answers.exists():
        question.delete()


@transaction.atomic
def option_approve(*, option, by, approved: bool = True) -> None:
    """Approve a suggestion from the room ("Annat?") so it can be voted on, or remove it."""
    question = option.question
    _require_host(by, question.meeting)
    if approved:
        if not option.approved:
            option.approved = True
            option.save(update_fields=["approved"])
    else:
        option.delete()
    events.tally_changed(question)
