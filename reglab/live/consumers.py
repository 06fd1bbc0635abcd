"""The WebSockets of the live dialog (Django Channels).

``/ws/meetings/{id}/screen/``: the presenter's screen. A signed-in host of the
meeting, or whoever holds the presenter link's token (``?token=``), is let in;
anyone else is refused at the handshake. It gets the current state on connect
and then ``{"type": "tally", "question": id, "tally": {...}}`` on every change
of a question's answers, and ``{"type": "question", "question": id|null}`` when
the host opens or closes one.

``/ws/live/{code}/``: a phone in the room, for anyone with the join code. It
gets only ``{"type": "question", "question": id|null}``, so the page moves to
the next question. Wrong codes count towards the same limit as on the pages.
"""

import hmac
from types import SimpleNamespace
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from reglab.live import limits, selectors
from reglab.live.access import can_host_live
from reglab.live.events import room_group, screen_group
from reglab.live.models import Room


def _request_like(scope):
    """Enough of a request for ``client_ip``: REMOTE_ADDR and X-Forwarded-For."""
    headers = dict(scope.get("headers") or [])
    client = scope.get("client") or ("", 0)
    meta = {
        "REMOTE_ADDR": client[0] or "",
        "HTTP_X_FORWARDED_FOR": headers.get(b"x-forwarded-for", b"").decode("latin-1"),
    }
    return SimpleNamespace(META=meta)


def screen_allowed(user, meeting_id: int, token: str) -> bool:
    room = (
        Room.objects.select_related("meeting", "meeting__network")
        .filter(meeting_id=meeting_id)
        .first()
    )
    if room is None:
        from reglab.meetings.models import Meeting

        meeting = Meeting.objects.select_related("network").filter(pk=meeting_id).first()
        return bool(meeting and user is not None and can_host_live(user, meeting))
    if token and hmac.compare_digest(token.encode(), room.presenter_token.encode()):
        return True
    return bool(user is not None and user.is_authenticated and can_host_live(user, room.meeting))


def screen_state(meeting_id: int) -> dict:
    question = selectors.open_question(meeting_id)
    if question is None:
        return {"type": "question", "question": None}
    return {"type": "tally", "question": question.pk, "tally": selectors.question_tally(question)}


class ScreenConsumer(AsyncJsonWebsocketConsumer):
    group = None

    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        query = parse_qs((self.scope.get("query_string") or b"").decode("latin-1"))
        token = (query.get("token") or [""])[0][:100]
        allowed = await database_sync_to_async(screen_allowed)(
            self.scope.get("user"), self.meeting_id, token
        )
        if not allowed:
            await self.close(code=4403)
            return
        self.group = screen_group(self.meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(await database_sync_to_async(screen_state)(self.meeting_id))

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """The screen only listens; anything it sends is ignored."""

    async def live_tally(self, event):
        await self.send_json(
            {"type": "tally", "question": event["question"], "tally": event["tally"]}
        )

    async def live_question(self, event):
        await self.send_json({"type": "question", "question": event["question"]})


def room_meeting_id(scope, code: str) -> int | None:
    request = _request_like(scope)
    if limits.code_guessing_blocked(request):
        return None
    found = selectors.room_for_code(code)
    if found is None:
        limits.wrong_code_record(request)
        return None
    return found.meeting_id


class RoomConsumer(AsyncJsonWebsocketConsumer):
    group = None

    async def connect(self):
        code = self.scope["url_route"]["kwargs"]["code"]
        meeting_id = await database_sync_to_async(room_meeting_id)(self.scope, code)
        if meeting_id is None:
            await self.close(code=4404)
            return
        self.group = room_group(meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        current = await database_sync_to_async(selectors.open_question_id)(meeting_id)
        await self.send_json({"type": "question", "question": current})

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """A phone answers over HTTP; anything it sends here is ignored."""

    async def live_question(self, event):
        await self.send_json({"type": "question", "question": event["question"]})
