"""The "Nästa träff" date poll makes the next meeting: a draft on the winning date.

The draft is the network's meeting again (kind, times, place, visibility), on
the date that won the poll, with the planning group's volunteers written in its
description. Only the meeting's hosts may make it; the question row is locked
and remembers the draft, so a double submit (or two hosts at once) makes one.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reglab.live.access import can_host_live
from reglab.live.messages import (
    DRAFT_NOT_POSSIBLE,
    NO_WINNING_DATE,
    NOT_A_DATE_POLL,
    NOT_ALLOWED,
    POLL_NOT_CLOSED,
    Refused,
)
from reglab.live.models import Question, QuestionKind, QuestionStatus
from reglab.live.selectors import question_tally
from reglab.meetings.models import Meeting
from reglab.meetings.services import meeting as meeting_services


def next_meeting_proposal(question: Question) -> dict:
    """What the draft would be: the winning date and the planning group (volunteers).

    Raises ``Refused`` when the question is not a closed date poll with a winner.
    """
    if question.kind != QuestionKind.DATES:
        raise Refused(NOT_A_DATE_POLL)
    if question.status != QuestionStatus.CLOSED:
        raise Refused(POLL_NOT_CLOSED, status=409)
    tally = question_tally(question)
    winner = next((row for row in tally["dates"] if row["date"] == tally["winner"]), None)
    if winner is None or not (winner["yes"] or winner["maybe"]):
        raise Refused(NO_WINNING_DATE, status=409)
    return {"date": winner["date"], "row": winner, "volunteers": tally["volunteers"]}


def draft_title(meeting: Meeting) -> str:
    if meeting.network_id:
        return _("Next meeting of %(network)s") % {"network": meeting.network.name}
    return _("Next meeting: %(title)s") % {"title": meeting.title}


def draft_description(volunteers: list[dict]) -> str:
    if not volunteers:
        return ""
    lines = [
        f"- {v['name']}" + (f" ({v['organisation']})" if v["organisation"] else "")
        for v in volunteers
    ]
    return _("Planning group (volunteered in the date poll):") + "\n" + "\n".join(lines)


@transaction.atomic
def next_meeting_create(*, question: Question, by) -> tuple[Meeting, bool]:
    """The next meeting as a draft, on the poll's winning date; ``(meeting, created)``.

    Made once per poll: asked again, it gives the draft already made.
    """
    meeting = Meeting.objects.select_related("network").get(pk=question.meeting_id)
    if not can_host_live(by, meeting):
        raise Refused(NOT_ALLOWED, status=403)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.next_meeting_id:
        existing = Meeting.objects.filter(pk=question.next_meeting_id).first()
        if existing is not None:
            return existing, False
    proposal = next_meeting_proposal(question)
    fields = {
        "network": meeting.network,
        "kind": meeting.kind,
        "title": draft_title(meeting)[:200],
        "date": dt.date.fromisoformat(proposal["date"]),
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "address": meeting.address,
        "digital_link": meeting.digital_link,
        "visibility": meeting.visibility,
        "capacity": meeting.capacity,
        "description": draft_description(proposal["volunteers"]),
        "is_draft": True,
    }
    try:
        draft = meeting_services.meeting_create(by=by, **fields)
    except PermissionDenied:
        raise Refused(NOT_ALLOWED, status=403) from None
    except ValidationError as error:
        # The meeting it copies no longer holds together (say, no place): the host fixes it.
        raise Refused(DRAFT_NOT_POSSIBLE, status=409) from error
    question.next_meeting = draft
    question.save(update_fields=["next_meeting"])
    return draft, True
