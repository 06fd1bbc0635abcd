"""The WebSockets of the live dialog (Django Channels).

``/ws/meetings/{id}/screen/``: the presenter's screen. A signed-in host of the
meeting, or whoever holds the presenter link's token (``?token=``), is let in;
anyone else is refused at the handshake; a session past the idle or absolute
limit (reglab.accounts.sessions) counts as signed out, as on the pages. It gets
the current state on connect and then
``{"type": "tally", "question": id, "tally": {...}}`` on every change of a
question's answers (without the suggestions no host has approved, unless a host
is watching), and ``{"type": "question", "question": id|null}`` when
the host opens or closes one. A screen let in by the presenter link closes
(4403) at the next event once the host has renewed the link.

``/ws/live/{code}/``: a phone in the room, for anyone with the join code. It
gets only ``{"type": "question", "question": id|null}``, so the page moves to
the next question. Wrong codes count towards the same limit as on the pages.
"""

import hmac
from types import SimpleNamespace
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import SESSION_KEY

from reglab.accounts.sessions import socket_session_current, socket_user
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


BY_LINK = "presenter link"
AS_HOST = "host"


def screen_admission(user, meeting_id: int, token: str) -> str | None:
    """How the screen's socket is let in: BY_LINK (the presenter link), AS_HOST (a
    signed-in host) or None (refused)."""
    room = (
        Room.objects.select_related("meeting", "meeting__network")
        .filter(meeting_id=meeting_id)
        .first()
    )
    if room is None:
        from reglab.meetings.models import Meeting

        meeting = Meeting.objects.select_related("network").filter(pk=meeting_id).first()
        return AS_HOST if meeting and user is not None and can_host_live(user, meeting) else None
    if token and hmac.compare_digest(token.encode(), room.presenter_token.encode()):
        return BY_LINK
    if user is not None and user.is_authenticated and can_host_live(user, room.meeting):
        return AS_HOST
    return None


def shown_to(admission: str, tally: dict) -> dict:
    """The tally as a screen may get it: the room's suggestions that no host has approved
    (``pending``) go to a signed-in host only, never to a screen let in by the presenter
    link (a projector's browser, the pages show them to hosts only)."""
    if admission == AS_HOST or "pending" not in tally:
        return tally
    return {key: value for key, value in tally.items() if key != "pending"}


def screen_state(meeting_id: int, admission: str = BY_LINK) -> dict:
    question = selectors.open_question(meeting_id)
    if question is None:
        return {"type": "question", "question": None}
    tally = shown_to(admission, selectors.question_tally(question))
    return {"type": "tally", "question": question.pk, "tally": tally}


def presenter_link_current(meeting_id: int, token: str) -> bool:
    """Whether ``token`` is still the meeting's presenter link (``room_renew`` replaces it)."""
    return Room.objects.filter(meeting_id=meeting_id, presenter_token=token).exists()


def _screen_connect(scope, meeting_id: int, token: str) -> tuple[str | None, tuple | str | None]:
    """The admission, and what is checked again before every event: for a host let in by
    their session, what ``socket_session_current`` needs (its key and whom it is signed
    in as); for the presenter link, the token."""
    user = socket_user(scope)
    admission = screen_admission(user, meeting_id, token)
    if admission == BY_LINK:
        return admission, token
    if admission != AS_HOST:
        return admission, None
    session = scope["session"]
    return admission, (session.session_key, session.get(SESSION_KEY))


class ScreenConsumer(AsyncJsonWebsocketConsumer):
    """The presenter's screen.

    At the handshake a session past either limit is signed out (``socket_user``). A host
    let in by their session is checked again before every event the socket would pass on:
    the session is read again from the store, and if it has been signed out or has passed
    either limit meanwhile, the socket closes (4401) instead of sending. Checking there,
    rather than on a timer, covers both limits and a sign-out elsewhere with one rule,
    needs no task to cancel, and nothing reaches an expired session. The idle clock is the
    pages' own: the screen fetches over HTTP on each event, which counts as activity as
    any page does. What the screen itself sends is ignored and answered with nothing, so
    it is not checked (it would only let a client make the server read sessions). A socket
    let in by the presenter link's token has no session: before every event the token is
    checked against the room instead, so renewing the link ("the old one stops working at
    once") also ends the screens opened with it (4403), not only its pages.
    """

    group = None
    admission = BY_LINK  # BY_LINK or AS_HOST, once let in
    session = None  # (session key, signed in as) for a host let in by their session
    link = None  # the presenter link's token, for a screen let in by it

    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        query = parse_qs((self.scope.get("query_string") or b"").decode("latin-1"))
        token = (query.get("token") or [""])[0][:100]
        admission, recheck = await database_sync_to_async(_screen_connect)(
            self.scope, self.meeting_id, token
        )
        if admission is None:
            await self.close(code=4403)
            return
        if admission == BY_LINK:
            self.link = recheck
        else:
            self.session = recheck
        self.admission = admission
        self.group = screen_group(self.meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(await database_sync_to_async(screen_state)(self.meeting_id, admission))

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """The screen only listens; anything it sends is ignored."""

    async def _still_signed_in(self) -> bool:
        """For a host's session, whether it is still current; for the presenter link, whether
        it is still the room's. If not, leaves the group and closes (4401 for the session,
        4403 for a renewed link), so no further event is passed on."""
        if self.link is not None:
            if await database_sync_to_async(presenter_link_current)(self.meeting_id, self.link):
                return True
            code = 4403
        elif self.session is None:
            return True
        elif await database_sync_to_async(socket_session_current)(*self.session):
            return True
        else:
            code = 4401
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
        await self.close(code=code)
        return False

    async def live_tally(self, event):
        if await self._still_signed_in():
            tally = shown_to(self.admission, event["tally"])
            await self.send_json({"type": "tally", "question": event["question"], "tally": tally})

    async def live_question(self, event):
        if await self._still_signed_in():
            await self.send_json({"type": "question", "question": event["question"]})


def room_meeting_id(scope, code: str) -> int | None:
    request = _request_like(scope)
    if limits.code_guessing_blocked(request):
        return None
    found = selectors.room_for_code(code)
    if found is None:
        limits.wrong_code_record(request, code)
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
