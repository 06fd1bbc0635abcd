"""The demo live dialog (``data/live.toml``): the questions the seed's RUS network
meeting asked the room (seed 000), on that meeting in the demo (``data/meetings.toml``).

They are prepared (not open), so a host can run them live with ``make run``.
The meeting is looked up by network and title, whatever its date; running
this again adds nothing.
"""

import datetime as dt
from dataclasses import dataclass

from reglab.demo.datafiles import load
from reglab.live.models import Question
from reglab.live.services.question import question_create
from reglab.live.services.room import room_get_or_create
from reglab.meetings.models import Meeting


@dataclass
class DemoLive:
    questions: int = 0
    code: str = ""

    def summary_line(self) -> str:
        return f"Livedialog: {self.questions} nya frågor, kod {self.code or '–'}."


def next_meeting_dates(meeting) -> list[str]:
    """Three Tuesdays about three months after the meeting, as the date poll's options."""
    start = meeting.date + dt.timedelta(days=90)
    first = start + dt.timedelta(days=(1 - start.weekday()) % 7)
    return [(first + dt.timedelta(weeks=n)).isoformat() for n in range(3)]


def seed_demo_live(*, office) -> DemoLive:
    result = DemoLive()
    rus = load("meetings")["rus_meeting"]
    meeting = (
        Meeting.objects.filter(network__slug=rus["network"], title=rus["title"])
        .order_by("-date")
        .first()
    )
    if meeting is None:
        return result
    result.code = room_get_or_create(meeting=meeting).code
    if Question.objects.filter(meeting=meeting).exists():
        return result
    items = {item.title: item for item in meeting.items.all()}
    for spec in load("live")["questions"]:
        # Besides the item, the kind, the text and the options: ``ask_why``, ``dots``.
        extra = {k: v for k, v in spec.items() if k not in {"item", "kind", "text", "options"}}
        options = spec.get("options")
        question_create(
            meeting=meeting,
            by=office,
            kind=spec["kind"],
            text=spec["text"],
            options=next_meeting_dates(meeting) if options is None else options,
            item=items.get(spec.get("item")),
            **extra,
        )
        result.questions += 1
    return result
