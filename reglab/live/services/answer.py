"""Joining a meeting's room, answering, suggesting, and the host hiding an answer."""

import secrets

from django.db import transaction

from reglab.live import events, rules
from reglab.live.access import can_host_live
from reglab.live.messages import (
    NOT_ALLOWED,
    PROPOSALS_NOT_ALLOWED,
    QUESTION_CLOSED,
    QUESTION_NOT_OPEN,
    WRONG_MEETING,
    Refused,
)
from reglab.live.models import Answer, Option, Participant, QuestionKind, QuestionStatus
from reglab.live.models.answer import token_hash

SUGGESTIONS_PER_PARTICIPANT = 3


def participant_join(*, meeting, person=None) -> tuple[Participant, str]:
    """A participant of the meeting and its new token (shown only now).

    A signed-in person is one participant per meeting: joining again gives the
    same participant a new token, and the earlier token stops working.
    """
    token = secrets.token_urlsafe(24)
    if person is not None and person.is_authenticated:
        with transaction.atomic():
            participant, created = Participant.objects.select_for_update().get_or_create(
                meeting=meeting, person=person, defaults={"token_hash": token_hash(token)}
            )
            if not created:
                participant.token_hash = token_hash(token)
                participant.save(update_fields=["token_hash"])
        return participant, token
    participant = Participant.objects.create(meeting=meeting, token_hash=token_hash(token))
    return participant, token


def participant_for_person(*, meeting, person) -> Participant:
    """The signed-in person's participant in the meeting (made on first use)."""
    participant = Participant.objects.filter(meeting=meeting, person=person).first()
    return participant or participant_join(meeting=meeting, person=person)[0]


def question_facts(question) -> rules.QuestionFacts:
    ids = frozenset(option.pk for option in question.options.all() if option.approved)
    return rules.QuestionFacts(
        kind=question.kind,
        option_ids=ids,
        dots=question.dots,
        scale_max=question.scale_max,
        ask_why=question.ask_why,
    )


def _require_open(question, participant) -> None:
    if question.meeting_id != participant.meeting_id:
        raise Refused(WRONG_MEETING, status=404)
    if question.status == QuestionStatus.CLOSED:
        raise Refused(QUESTION_CLOSED, status=409)
    if question.status != QuestionStatus.OPEN:
        raise Refused(QUESTION_NOT_OPEN, status=409)


def answer_submit(*, question, participant, answer: rules.AnswerIn) -> Answer:
    """Store the participant's answer to an open question, replacing an earlier one.

    One row per participant and question, kept by a unique constraint: the row
    is written with one INSERT … ON CONFLICT DO UPDATE, so answers sent twice,
    or twenty times at once, leave one answer, the last one written. Raises
    ``Refused``: 404 ``wrong_meeting``, 409 ``question_closed`` or
    ``question_not_open``, 422 with the rules' reasons. An answer the host hid
    stays hidden when it is sent again (only the host shows it again).
    """
    _require_open(question, participant)
    checked = rules.check_answer(question=question_facts(question), answer=answer)
    if checked.reasons:
        raise Refused(checked.reasons[0], codes=checked.reasons)
    clean = checked.answer
    with transaction.atomic():
        # Read the status again, locked against a close running at the same
        # moment: an answer is counted only while the question is open. Answers
        # to one question queue here for the length of one short upsert.
        status = (
            type(question)
            .objects.select_for_update()
            .filter(pk=question.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status != QuestionStatus.OPEN:
            raise Refused(QUESTION_CLOSED, status=409)
        Answer.objects.bulk_create(
            [
                Answer(
                    question=question,
                    participant=participant,
                    choice=clean.choice,
                    text=clean.text,
                    volunteer_name=clean.volunteer_name,
                    volunteer_organisation=clean.volunteer_organisation,
                    hidden=False,
                )
            ],
            update_conflicts=True,
            unique_fields=["question", "participant"],
            update_fields=[
                "choice",
                "text",
                "volunteer_name",
                "volunteer_organisation",
                "updated_at",
            ],
        )
        events.tally_changed(question)
    return Answer.objects.get(question=question, participant=participant)


@transaction.atomic
def option_suggest(*, question, participant, text: str) -> Option:
    """The room's own item for a list to prioritise ("Annat?"), waiting for the host.

    At most ``SUGGESTIONS_PER_PARTICIPANT`` per participant and question.
    """
    _require_open(question, participant)
    if question.kind != QuestionKind.PRIORITISE:
        raise Refused(PROPOSALS_NOT_ALLOWED)
    text = text.strip()
    reasons = rules.check_question(kind="prioritise", text="-", options=[text])
    if reasons:
        raise Refused(reasons[0], codes=reasons)
    made = Option.objects.filter(question=question, proposed_by=participant).count()
    if made >= SUGGESTIONS_PER_PARTICIPANT:
        raise Refused(rules.TOO_MANY_OPTIONS)
    position = question.options.count()
    option = Option.objects.create(
        question=question, text=text, approved=False, proposed_by=participant, position=position
    )
    events.tally_changed(question)
    return option


@transaction.atomic
def answer_hide(*, answer, by, hidden: bool = True) -> Answer:
    """Hide an inappropriate answer from every screen, the results and the exports (or
    show it again). Raises ``Refused`` (403) for someone who does not host the meeting."""
    if not can_host_live(by, answer.question.meeting):
        raise Refused(NOT_ALLOWED, status=403)
    if answer.hidden != hidden:
        answer.hidden = hidden
        answer.save(update_fields=["hidden"])
        events.tally_changed(answer.question)
    return answer
