"""Demo live dialog for ``seed_demo``; never imported by the running platform.

The questions the seed's RUS network meeting asked the room (seed 000): the
check-in, the two dialog questions with "why?", the wishes for the next
meeting's content (eight themes, and "Annat?" from the room), the check-out
reflection and the date poll for the next meeting with its planning group.
They are prepared (not open), so a host can run them live with ``make run``.
The meeting is looked up by network and title, whatever its date; running
this again adds nothing.
"""

import datetime as dt
from dataclasses import dataclass

from reglab.live.models import Question
from reglab.live.services.question import question_create
from reglab.live.services.room import room_get_or_create
from reglab.meetings.demo.data import RUS_MEETING
from reglab.meetings.models import Meeting

RUS_NETWORK = "rus-natverket"

THEMES = [
    "Processen och dess delar",
    "Lärande uppföljning och utvärdering",
    "Koppling till nationella och internationella strategier",
    "Deltagande av externa aktörer",
    "Rumsliga dimensioner",
    "Praktiskt internt arbete",
    "Ledning och styrning",
    "Framtagandefasen",
]

# (programme item's title or None, kind, text, options, extra)
QUESTIONS = [
    ("Välkommen!", "text", "Dela med dig: Då har jag roligt på jobbet!", [], {}),
    (
        "Dialog: Vad säger idealtypen om RUSen som styrinstrument i din region?",
        "single",
        "Är RUSen styrande för vår egen verksamhet?",
        ["Ja!", "Nja…", "Nej"],
        {"ask_why": True},
    ),
    (
        "Dialog: Finns ett behov av att kunna göra förändringar av RUSen löpande?",
        "single",
        "Finns ett behov av att kunna göra förändringar av RUSen löpande?",
        ["JA!", "Nej", "Det beror på…"],
        {"ask_why": True},
    ),
    (
        "Summering, reflektion & nästa möte",
        "prioritise",
        "Önskemål om innehåll till nästa träff",
        THEMES,
        {"dots": 3},
    ),
    (
        "Summering, reflektion & nästa möte",
        "text",
        "Det här har jag blivit klokare på idag…",
        [],
        {},
    ),
    (
        "Summering, reflektion & nästa möte",
        "dates",
        "Nästa träff – när? Anmäl dig gärna till planeringsgruppen.",
        None,
        {},
    ),
]


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
    meeting = (
        Meeting.objects.filter(network__slug=RUS_NETWORK, title=RUS_MEETING["title"])
        .order_by("-date")
        .first()
    )
    if meeting is None:
        return result
    result.code = room_get_or_create(meeting=meeting).code
    if Question.objects.filter(meeting=meeting).exists():
        return result
    items = {item.title: item for item in meeting.items.all()}
    for item_title, kind, text, options, extra in QUESTIONS:
        question_create(
            meeting=meeting,
            by=office,
            kind=kind,
            text=text,
            options=next_meeting_dates(meeting) if options is None else options,
            item=items.get(item_title),
            **extra,
        )
        result.questions += 1
    return result
