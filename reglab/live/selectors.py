"""Reads of the live dialog: rooms, questions, participants and the tallies.

A tally leaves hidden answers out, so a hidden answer vanishes from every
screen, the results and the exports at once. Names are given only for
questions that are not anonymous, and only for signed-in participants.
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from reglab.live import rules
from reglab.live.models import (
    Answer,
    Option,
    Participant,
    Question,
    QuestionKind,
    QuestionStatus,
    Room,
)
from reglab.live.models.answer import token_hash


def room_for_code(code: str) -> Room | None:
    """The room with the join code (as typed: case and spaces do not matter), or None."""
    code = rules.normalise_code(code or "")
    if not rules.is_well_formed_code(code):
        return None
    return Room.objects.select_related("meeting", "meeting__network").filter(code=code).first()


def room_for_presenter(token: str) -> Room | None:
    if not token or len(token) > 64:
        return None
    return (
        Room.objects.select_related("meeting", "meeting__network")
        .filter(presenter_token=token)
        .first()
    )


def participant_by_token(token: str) -> Participant | None:
    if not token or len(token) > 100:
        return None
    return Participant.objects.select_related("person").filter(token_hash=token_hash(token)).first()


def options_prefetch():
    return Prefetch("options", queryset=Option.objects.order_by("position", "pk"))


def question_list(*, meeting, closed_only: bool = False):
    """The meeting's live questions in order, with options, programme item and answer count."""
    questions = (
        Question.objects.filter(meeting=meeting)
        .select_related("item")
        .prefetch_related(options_prefetch())
        .annotate(answer_count=Count("answers", filter=Q(answers__hidden=False)))
        .order_by("position", "pk")
    )
    if closed_only:
        questions = questions.filter(status=QuestionStatus.CLOSED)
    return questions


def question_get(*, meeting, pk) -> Question:
    """One question of the meeting; 404 for a missing one and another meeting's alike."""
    question = (
        Question.objects.select_related("meeting", "meeting__network", "item")
        .prefetch_related(options_prefetch())
        .filter(meeting=meeting, pk=pk)
        .first()
    )
    if question is None:
        raise Http404
    return question


def open_question(meeting_id: int) -> Question | None:
    return (
        Question.objects.select_related("meeting")
        .prefetch_related(options_prefetch())
        .filter(meeting_id=meeting_id, status=QuestionStatus.OPEN)
        .first()
    )


def open_question_id(meeting_id: int) -> int | None:
    return (
        Question.objects.filter(meeting_id=meeting_id, status=QuestionStatus.OPEN)
        .values_list("pk", flat=True)
        .first()
    )


def answer_for(*, question, participant) -> Answer | None:
    if participant is None:
        return None
    return Answer.objects.filter(question=question, participant=participant).first()


def question_tally(question, *, answers=None, with_hidden: bool = False) -> dict:
    """The question's results as plain data (JSON for the API, the screens and the pages).

    ``answers`` (the question's answers, already fetched) saves the query. Hidden
    answers count nowhere; ``with_hidden`` lists them, marked, among the texts for
    the host's page.
    """
    if answers is None:
        answers = (
            Answer.objects.filter(question=question)
            .select_related("participant__person")
            .order_by("created_at", "pk")
        )
        if not with_hidden:
            answers = answers.filter(hidden=False)
    answers = [a for a in answers if with_hidden or not a.hidden]
    shown = [a for a in answers if not a.hidden]
    options = [o for o in question.options.all()]
    approved = [o for o in options if o.approved]
    named = not question.anonymous
    result = {
        "question": question.pk,
        "kind": question.kind,
        "text": question.text,
        "status": question.status,
        "show_results": question.show_results,
        "answers": len(shown),
    }
    ids = [o.pk for o in approved]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        counts = rules.tally_options(ids, (a.choice or [] for a in shown))
        result["options"] = [{"id": o.pk, "text": o.text, "count": counts[o.pk]} for o in approved]
        if question.ask_why:
            result["why"] = [_text_row(a, named) for a in answers if a.text]
    elif question.kind == QuestionKind.PRIORITISE:
        counts = rules.tally_dots(ids, (a.choice or {} for a in shown))
        result["options"] = [{"id": o.pk, "text": o.text, "count": counts[o.pk]} for o in approved]
        result["dots"] = question.dots
        result["pending"] = [{"id": o.pk, "text": o.text} for o in options if not o.approved]
    elif question.kind == QuestionKind.TEXT:
        result["texts"] = [_text_row(a, named) for a in answers]
        words = rules.word_counts(a.text for a in shown)
        top = words[0][1] if words else 0
        result["words"] = [
            {"word": word, "count": count, "weight": rules.cloud_weight(count, top)}
            for word, count in words
        ]
    elif question.kind == QuestionKind.SCALE:
        scale = rules.tally_scale(
            (a.choice for a in shown if isinstance(a.choice, int)), maximum=question.scale_max
        )
        result["scale"] = {
            "max": question.scale_max,
            "counts": [{"value": k, "count": n} for k, n in scale.counts.items()],
            "mean": scale.mean,
        }
    elif question.kind == QuestionKind.DATES:
        rows = rules.tally_dates(
            [(o.pk, o.date) for o in approved], (a.choice or {} for a in shown)
        )
        result["dates"] = [
            {
                "id": r.option_id,
                "date": r.date.isoformat(),
                "yes": r.yes,
                "maybe": r.maybe,
                "no": r.no,
            }
            for r in rows
        ]
        winner = rules.date_winner(rows)
        result["winner"] = next((r.date.isoformat() for r in rows if r.option_id == winner), None)
        result["volunteers"] = [
            {"name": a.volunteer_name, "organisation": a.volunteer_organisation}
            for a in shown
            if a.volunteer_name
        ]
    return result


def _text_row(answer, named: bool) -> dict:
    row = {"id": answer.pk, "text": answer.text}
    if answer.hidden:
        row["hidden"] = True
    if named and answer.participant.person_id:
        row["name"] = answer.participant.person.name
    return row


def question_tally_by_id(question_id: int) -> dict | None:
    question = Question.objects.prefetch_related(options_prefetch()).filter(pk=question_id).first()
    return question_tally(question) if question else None


def meeting_results(*, meeting, closed_only: bool = True, with_hidden: bool = False) -> list[dict]:
    """Every question's tally, for the meeting page (closed questions) and the host's page
    (all, ``with_hidden``), in three queries whatever the number of questions."""
    questions = question_list(meeting=meeting, closed_only=closed_only)
    rows = Answer.objects.filter(question__meeting=meeting)
    if not with_hidden:
        rows = rows.filter(hidden=False)
    answers = {}
    for answer in rows.select_related("participant__person").order_by("created_at", "pk"):
        answers.setdefault(answer.question_id, []).append(answer)
    return [
        {
            "question": question,
            "tally": question_tally(
                question, answers=answers.get(question.pk, []), with_hidden=with_hidden
            ),
        }
        for question in questions
    ]


def lookback_results(meetings) -> dict[int, list[dict]]:
    """What the room answered at each of ``meetings`` (closed questions, hidden answers left
    out), by meeting id, for the network's look back: at most three queries for them all."""
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return {}
    questions = list(
        Question.objects.filter(meeting_id__in=ids, status=QuestionStatus.CLOSED)
        .prefetch_related(options_prefetch())
        .order_by("meeting_id", "position", "pk")
    )
    if not questions:
        return {}
    answers = {}
    rows = Answer.objects.filter(
        question__meeting_id__in=ids, question__status=QuestionStatus.CLOSED, hidden=False
    )
    for answer in rows.select_related("participant__person").order_by("created_at", "pk"):
        answers.setdefault(answer.question_id, []).append(answer)
    results: dict[int, list[dict]] = {}
    for question in questions:
        results.setdefault(question.meeting_id, []).append(
            {
                "question": question,
                "tally": question_tally(question, answers=answers.get(question.pk, [])),
            }
        )
    return results
