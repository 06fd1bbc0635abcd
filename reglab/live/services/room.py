"""A meeting's live room: its join code and presenter link."""

from django.db import IntegrityError, transaction

from reglab.live import limits, rules
from reglab.live.models import Room
from reglab.live.models.question import new_presenter_token


def _fresh_code() -> str:
    code = rules.new_code()
    while Room.objects.filter(code=code).exists():
        code = rules.new_code()
    return code


def room_get_or_create(*, meeting) -> Room:
    """The meeting's room, made with a fresh join code on first use.

    Two requests may make it at once: the unique constraints let one win and
    the other reads the winner's room.
    """
    room = Room.objects.filter(meeting=meeting).first()
    if room is not None:
        return room
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Room.objects.create(meeting=meeting, code=_fresh_code())
        except IntegrityError:
            room = Room.objects.filter(meeting=meeting).first()
            if room is not None:
                return room
    raise RuntimeError("No free join code found")  # 31**6 codes: not in practice


@transaction.atomic
def room_renew(*, meeting) -> Room:
    """A new join code and presenter link; the old ones stop working at once."""
    room = room_get_or_create(meeting=meeting)
    room = Room.objects.select_for_update().get(pk=room.pk)
    limits.replaced_code_record(room.code)
    room.code = _fresh_code()
    room.presenter_token = new_presenter_token()
    room.save(update_fields=["code", "presenter_token"])
    return room


def room_for_new_meeting(sender, meeting, **kwargs) -> None:
    """Receiver of ``meetings.signals.meeting_published``: the new meeting's room."""
    room_get_or_create(meeting=meeting)
