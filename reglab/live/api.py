"""The live-dialog API, in the common OpenAPI schema, so other tools can drive a meeting.

Hosts (a session or an API token of the office or the network's coordinator):
prepare questions, open and close them, read the join code and the results.
The room (no account): join with the code for a participant token, then answer
with ``Authorization: Bearer <participant token>``. A participant token works
only in its own meeting; wrong join codes are throttled per address
(``reglab.live.limits``). Every refusal has a stable ``code`` and a Swedish
``detail``: 403 ``not_allowed`` / ``wrong_meeting``, 404, 409
``question_closed`` / ``question_not_open``, 422 with the rules' codes, 429
``join_throttled``.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from reglab.live import limits, selectors
from reglab.live.access import can_host_live
from reglab.live.messages import (
    JOIN_THROTTLED,
    NOT_ALLOWED,
    UNKNOWN_CODE,
    WRONG_MEETING,
    Refused,
    message,
)
from reglab.live.models import QuestionKind, QuestionStatus
from reglab.live.rules import AnswerIn
from reglab.live.services import answer as answer_services
from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create
from reglab.meetings import selectors as meeting_selectors
from reglab.meetings.api import SIGNED_IN, CodedRefusalOut, NotFoundOut, viewer
from reglab.meetings.models import ProgrammeItem

router = Router(tags=["live"])


class ParticipantToken(HttpBearer):
    """``Authorization: Bearer <participant token>`` from POST /live/{code}/participants."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        participant = selectors.participant_by_token(token)
        if participant is not None:
            request.participant = participant
        return participant


class QuestionIn(Schema):
    kind: str = Field(description=gettext_lazy("One of: %s.") % ", ".join(QuestionKind.values))
    text: str
    options: list[str] = Field(
        default_factory=list,
        description=gettext_lazy(
            "The options; for a date poll the dates (YYYY-MM-DD). None for text and scale."
        ),
    )
    item: int | None = Field(None, description=gettext_lazy("A programme item of the meeting."))
    anonymous: bool = True
    ask_why: bool = False
    dots: int = 3
    scale_max: int = 5


class IdOut(Schema):
    id: int


class QuestionStatusOut(Schema):
    id: int
    status: str


class CodeOut(Schema):
    code: str
    join_url: str


class TokenOut(Schema):
    token: str
    meeting: int


class OptionOut(Schema):
    id: int
    text: str
    date: str | None


class OpenQuestionOut(Schema):
    id: int
    kind: str
    text: str
    options: list[OptionOut]
    ask_why: bool
    dots: int
    scale_max: int


class RoomOut(Schema):
    meeting: int
    title: str
    question: OpenQuestionOut | None


class AnswerBody(Schema):
    options: list[Any] | None = None
    text: str | None = None
    dots: dict[str, Any] | None = None
    value: Any = None
    dates: dict[str, Any] | None = None
    volunteer_name: str = ""
    volunteer_organisation: str = ""


class SuggestionIn(Schema):
    text: str


def refused(error: Refused):
    return Status(error.status, {"detail": error.message, "code": error.code})


def refusal(code: str, status: int):
    return Status(status, {"detail": message(code), "code": code})


def hosted_meeting(request, id: int):
    """The meeting if visible (else Http404, answered 404); None when not hosted."""
    meeting = meeting_selectors.meeting_get_for(user=request.user, pk=id)
    return meeting if can_host_live(request.user, meeting) else None


@router.post(
    "/meetings/{id}/questions",
    response={201: IdOut, 403: CodedRefusalOut, 404: NotFoundOut, 422: CodedRefusalOut},
    auth=SIGNED_IN,
)
def create_question(request, id: int, payload: QuestionIn):
    """Prepare a live question for the meeting (hosts). It opens with …/open."""
    meeting = hosted_meeting(request, id)
    if meeting is None:
        return refusal(NOT_ALLOWED, 403)
    item = None
    if payload.item is not None:
        item = ProgrammeItem.objects.filter(meeting=meeting, pk=payload.item).first()
        if item is None:
            return refusal("item_not_in_meeting", 422)
    try:
        question = question_services.question_create(
            meeting=meeting,
            by=request.user,
            kind=payload.kind,
            text=payload.text,
            options=payload.options,
            item=item,
            anonymous=payload.anonymous,
            ask_why=payload.ask_why,
            dots=payload.dots,
            scale_max=payload.scale_max,
        )
    except Refused as error:
        return refused(error)
    return Status(201, {"id": question.pk})


# Opening and closing a question answer alike.
SWITCH_RESPONSES = {200: QuestionStatusOut, 403: CodedRefusalOut, 404: NotFoundOut}


def _switch(request, id: int, qid: int, service):
    meeting = hosted_meeting(request, id)
    if meeting is None:
        return refusal(NOT_ALLOWED, 403)
    question = selectors.question_get(meeting=meeting, pk=qid)
    try:
        question = service(question=question, by=request.user)
    except Refused as error:
        return refused(error)
    return Status(200, {"id": question.pk, "status": question.status})


@router.post("/meetings/{id}/questions/{qid}/open", response=SWITCH_RESPONSES, auth=SIGNED_IN)
def open_question(request, id: int, qid: int):
    """Open the question (hosts); the question open before it closes."""
    return _switch(request, id, qid, question_services.question_open)


@router.post("/meetings/{id}/questions/{qid}/close", response=SWITCH_RESPONSES, auth=SIGNED_IN)
def close_question(request, id: int, qid: int):
    """Close the question (hosts): no more answers are taken."""
    return _switch(request, id, qid, question_services.question_close)


@router.get(
    "/meetings/{id}/join-code",
    response={200: CodeOut, 403: CodedRefusalOut, 404: NotFoundOut},
    auth=SIGNED_IN,
)
def join_code(request, id: int):
    """The meeting's join code for the room (hosts)."""
    meeting = hosted_meeting(request, id)
    if meeting is None:
        return refusal(NOT_ALLOWED, 403)
    room = room_get_or_create(meeting=meeting)
    url = request.build_absolute_uri(reverse("live:room", kwargs={"code": room.code}))
    return {"code": room.code, "join_url": url}


@router.get(
    "/meetings/{id}/questions/{qid}/results",
    response={200: dict[str, Any], 403: CodedRefusalOut, 404: NotFoundOut},
    auth=viewer,
)
def results(request, id: int, qid: int):
    """The question's tally: hosts always; whoever may see the meeting once it is closed.

    Hidden answers are left out; names only for questions that are not anonymous.
    """
    meeting = meeting_selectors.meeting_get_for(user=request.user, pk=id)
    question = selectors.question_get(meeting=meeting, pk=qid)
    hosting = can_host_live(request.user, meeting)
    if question.status != QuestionStatus.CLOSED and not hosting:
        return refusal(NOT_ALLOWED, 403)
    tally = selectors.question_tally(question)
    if not hosting:
        # A suggestion nobody has approved is unmoderated text: the pages show it to the
        # hosts only (live/partials/tally.html), and so does the API.
        tally.pop("pending", None)
    return tally


def room_or_refusal(request, code: str):
    """The room for ``code``, or a refusal: 429 while the address is throttled, 404."""
    if limits.code_guessing_blocked(request):
        return None, refusal(JOIN_THROTTLED, 429)
    room = selectors.room_for_code(code)
    if room is None:
        limits.wrong_code_record(request, code)
        return None, refusal(UNKNOWN_CODE, 404)
    return room, None


@router.get(
    "/live/{code}",
    response={200: RoomOut, 404: CodedRefusalOut, 429: CodedRefusalOut},
    auth=None,
)
def room(request, code: str):
    """The meeting behind a join code and its open question, if any (anyone)."""
    found, refusal_response = room_or_refusal(request, code)
    if refusal_response:
        return refusal_response
    question = selectors.open_question(found.meeting_id)
    return {
        "meeting": found.meeting_id,
        "title": found.meeting.title,
        "question": None
        if question is None
        else {
            "id": question.pk,
            "kind": question.kind,
            "text": question.text,
            "options": [
                {"id": o.pk, "text": o.text, "date": o.date.isoformat() if o.date else None}
                for o in question.options.all()
                if o.approved
            ],
            "ask_why": question.ask_why,
            "dots": question.dots,
            "scale_max": question.scale_max,
        },
    }


@router.post(
    "/live/{code}/participants",
    response={201: TokenOut, 404: CodedRefusalOut, 429: CodedRefusalOut},
    auth=None,
)
def join(request, code: str):
    """Join the meeting with its code (anyone): a participant token, shown only now.

    Send it as ``Authorization: Bearer <token>`` with each answer. The API's
    participants are guests; signed-in people answer as themselves on the pages.
    """
    found, refusal_response = room_or_refusal(request, code)
    if refusal_response:
        return refusal_response
    participant, token = answer_services.participant_join(meeting=found.meeting)
    return Status(201, {"token": token, "meeting": participant.meeting_id})


def participant_question(request, code: str, qid: int):
    """(room, question, None) or (None, None, refusal) for a participant's request."""
    found, refusal_response = room_or_refusal(request, code)
    if refusal_response:
        return None, refusal_response
    if request.participant.meeting_id != found.meeting_id:
        return None, refusal(WRONG_MEETING, 403)
    return selectors.question_get(meeting=found.meeting, pk=qid), None


# What a participant's answer or suggestion may meet (an answer may also be throttled).
PARTICIPANT_POST_RESPONSES = {
    201: IdOut,
    403: CodedRefusalOut,
    404: CodedRefusalOut,
    409: CodedRefusalOut,
    422: CodedRefusalOut,
}


@router.post(
    "/live/{code}/questions/{qid}/answers",
    response={**PARTICIPANT_POST_RESPONSES, 429: CodedRefusalOut},
    auth=ParticipantToken(),
)
def answer(request, code: str, qid: int, payload: AnswerBody):
    """Answer the open question; answering again replaces the earlier answer.

    Send the field of the question's kind: ``options`` (ids; single, multiple, with
    ``text`` for "why?"), ``text`` (reflection), ``dots`` ({option id: dots}),
    ``value`` (scale) or ``dates`` ({option id: "yes"|"maybe"|"no"}, with
    ``volunteer_name`` and ``volunteer_organisation`` for the planning group).
    """
    question, refusal_response = participant_question(request, code, qid)
    if refusal_response:
        return refusal_response
    try:
        stored = answer_services.answer_submit(
            question=question,
            participant=request.participant,
            answer=AnswerIn(**payload.dict()),
        )
    except Refused as error:
        return refused(error)
    return Status(201, {"id": stored.pk})


@router.post(
    "/live/{code}/questions/{qid}/suggestions",
    response=PARTICIPANT_POST_RESPONSES,
    auth=ParticipantToken(),
)
def suggest(request, code: str, qid: int, payload: SuggestionIn):
    """Suggest an item ("Annat?") for a list to prioritise; voted on once the host approves."""
    question, refusal_response = participant_question(request, code, qid)
    if refusal_response:
        return refusal_response
    try:
        option = answer_services.option_suggest(
            question=question, participant=request.participant, text=payload.text
        )
    except Refused as error:
        return refused(error)
    return Status(201, {"id": option.pk})
