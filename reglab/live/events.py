"""Live events to the screens and phones of a meeting, through the channel layer.

Sent after the commit (``transaction.on_commit``), so a screen never shows a
vote that was rolled back. With Redis as the channel layer (production) every
app process's sockets get every event; the in-memory layer reaches only the
sockets of the process that sent it. A failing layer never fails the vote: the
screens fall back to fetching the results every few seconds.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("reglab.live")


def screen_group(meeting_id: int) -> str:
    return f"live-screen-{meeting_id}"


def room_group(meeting_id: int) -> str:
    return f"live-room-{meeting_id}"


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # noqa: BLE001 - the vote is stored; the screens poll as a fallback
        logger.warning("Live event to %s not sent", group, exc_info=True)


def tally_changed(question) -> None:
    """After the commit: the question's tally to every screen of its meeting."""
    meeting_id, question_id = question.meeting_id, question.pk

    def send():
        from reglab.live.selectors import question_tally_by_id

        tally = question_tally_by_id(question_id)
        if tally is not None:
            _send(
                screen_group(meeting_id),
                {"type": "live.tally", "question": question_id, "tally": tally},
            )

    transaction.on_commit(send)


def question_changed(question) -> None:
    """After the commit: a question opened or closed; phones and screens move on."""
    meeting_id = question.meeting_id

    def send():
        from reglab.live.selectors import open_question_id

        current = open_question_id(meeting_id)
        _send(room_group(meeting_id), {"type": "live.question", "question": current})
        _send(screen_group(meeting_id), {"type": "live.question", "question": current})

    transaction.on_commit(send)
    tally_changed(question)


def screen_refresh(meeting_id: int) -> None:
    """After the commit: what the screens show changed (e.g. a survey's results); they fetch
    it again. Sent as a question event, which every screen answers by fetching."""

    def send():
        from reglab.live.selectors import open_question_id

        _send(
            screen_group(meeting_id),
            {"type": "live.question", "question": open_question_id(meeting_id)},
        )

    transaction.on_commit(send)
