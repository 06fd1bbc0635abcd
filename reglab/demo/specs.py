"""The demo provrum as the builder reads them: dataclasses made from ``data/provrum*.toml``.

``data/provrum.toml`` has the provrum in the order they are built, each in the
state the demo takes it to; a provrum with the go-ahead names its project plan
in ``data/provrum_plans.toml`` and what its group did after the start in
``data/provrum_work.toml``.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from reglab.demo.datafiles import load
from reglab.provrum.models import IntendedUse, Kind, State
from reglab.provrum.rules import add_months


@dataclass(frozen=True)
class DemoComment:
    author: str  # slug of the organisation whose representative writes it
    body: str
    replies: tuple["DemoComment", ...] = ()


def holiday(day: date) -> bool:
    """July and the weeks around Christmas and New Year, when Swedish offices are on leave."""
    return day.month == 7 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6)


def workday(day: date, *, later: bool = True) -> date:
    """``day``, or the nearest weekday outside the holidays after it (or before it)."""
    step = timedelta(days=1 if later else -1)
    while day.weekday() >= 5 or holiday(day):
        day += step
    return day


@dataclass(frozen=True)
class DemoPlan:
    """A project plan on Reglab's template, dated from the provrum's go-ahead.

    The plan starts on the first Monday at least ``start_weeks`` weeks after the
    go-ahead and ends about ``months`` calendar months later. A milestone is
    dated ``days`` after the start, or on the last day when ``days`` is None;
    every date is moved to a weekday outside the holidays.
    """

    purpose: str
    expected_result: str
    main_question: str
    delimitations: str
    start_weeks: int
    months: int
    # (days after the start or None for the end, title, meeting, place or link)
    milestones: tuple[tuple[int | None, str, str, str], ...]
    resources: tuple[tuple[str, str], ...]  # (who, what)
    success_criteria: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]  # (indicator, measured by)
    budget_lines: tuple[tuple[str, str, int], ...]  # (category, description, amount)
    # (source, organisation slug, label, amount)
    financing: tuple[tuple[str, str, str, int], ...]
    # The first version, if the plan grew in two saves: these fields as given here.
    first_version: dict = field(default_factory=dict)
    second_author: str = ""  # the organisation whose representative saves the second version
    return_comment: str = ""  # the office returned the first version with this comment
    approval_comment: str = ""

    def data(self, go_ahead_day: date) -> dict:
        """The plan in its JSON shape, for a provrum that got the go-ahead on ``go_ahead_day``.

        Nothing falls in the summer holidays or around Christmas, nor on a weekend.
        """
        start = go_ahead_day + timedelta(weeks=self.start_weeks)
        while start.weekday() != 0 or holiday(start):  # a Monday at work
            start += timedelta(days=1)
        end = workday(add_months(start, self.months), later=False)

        def on(days: int | None) -> str:
            return (end if days is None else min(workday(start + timedelta(days)), end)).isoformat()

        return {
            "purpose": self.purpose,
            "expected_result": self.expected_result,
            "main_question": self.main_question,
            "delimitations": self.delimitations,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "milestones": [
                {"date": on(days), "title": title, "meeting": meeting, "place": place}
                for days, title, meeting, place in self.milestones
            ],
            "resources": [{"who": who, "what": what} for who, what in self.resources],
            "success_criteria": list(self.success_criteria),
            "indicators": [
                {"indicator": indicator, "measured_by": measured_by}
                for indicator, measured_by in self.indicators
            ],
            "budget_lines": [
                {
                    "category": category,
                    "description": description,
                    "amount": amount,
                    "is_working_time": category == "working_time",
                }
                for category, description, amount in self.budget_lines
            ],
            "financing": [
                {"source": source, "organisation": slug, "label": label, "amount": amount}
                for source, slug, label, amount in self.financing
            ],
        }


@dataclass(frozen=True)
class DemoMeeting:
    days: int  # after the plan's start
    title: str
    mode: str  # "physical" or "digital"
    place: str
    agenda: str = ""
    notes: str = ""  # written afterwards; empty for a meeting still to come
    from_today: bool = False  # ``days`` counts from the day the demo is loaded


@dataclass(frozen=True)
class DemoDocument:
    name: str  # the file name the group gave it
    heading: str
    paragraphs: tuple[str, ...]
    description: str
    attach: bool = True  # attached to the final report


@dataclass(frozen=True)
class DemoReport:
    summary: str
    # (outcome, evidence) for each criterion, then each indicator, of the plan, in order.
    outcomes: tuple[tuple[str, str], ...]
    lessons: str
    recommendations: str
    follow_on: str
    approval_comment: str = ""  # empty: submitted, waiting for the office
    submitted_days: int = 10  # after the plan's end
    approved_days: int = 14  # after the submission


@dataclass(frozen=True)
class DemoWork:
    meetings: tuple[DemoMeeting, ...] = ()
    # (days after the plan's start, progress, text) by the leader
    status_updates: tuple[tuple[int, str, str], ...] = ()
    documents: tuple[DemoDocument, ...] = ()
    report: DemoReport | None = None
    # (channel, days after the approval, link, who, note)
    disseminations: tuple[tuple[str, int, str, str, str], ...] = ()
    # (organisation slug, usefulness 1–5, take part again, what should change)
    survey_answers: tuple[tuple[str, int, str, str], ...] = ()


@dataclass(frozen=True)
class DemoProvrum:
    state: str  # the display state the demo takes it to
    title: str
    summary: str
    question: str
    kind: str
    intended_use: str
    themes: tuple[str, ...]
    proposer: str
    proposer_leads: bool = False
    # (organisation slug, wants to lead), in the order they register.
    interests: tuple[tuple[str, bool], ...] = ()
    leader: str = ""
    comments: tuple[DemoComment, ...] = ()
    # The office's comment on its decision, or the proposer's on a withdrawal.
    decision_comment: str = ""
    acknowledge_warnings: bool = False
    # Where the go-ahead is dated: (years before this one, month, day).
    go_ahead_on: tuple[int, int, int] | None = None
    close_note: str = ""
    plan: DemoPlan | None = None
    work: DemoWork | None = None


def rows(records: list[dict], keys: tuple[str, ...], **defaults) -> tuple[tuple, ...]:
    """Each record of a data file as a tuple of its ``keys``; ``defaults`` for those it may omit."""
    return tuple(
        tuple(record[key] if key in record else defaults[key] for key in keys) for record in records
    )


def comment(record: dict) -> DemoComment:
    replies = tuple(comment(reply) for reply in record.get("replies", ()))
    return DemoComment(record["author"], record["body"], replies)


def plan(record: dict) -> DemoPlan:
    return DemoPlan(
        **{
            **record,
            "milestones": rows(
                record["milestones"], ("days", "title", "meeting", "place"), days=None
            ),
            "resources": rows(record["resources"], ("who", "what")),
            "success_criteria": tuple(record["success_criteria"]),
            "indicators": rows(record["indicators"], ("indicator", "measured_by")),
            "budget_lines": rows(record["budget_lines"], ("category", "description", "amount")),
            "financing": rows(
                record["financing"],
                ("source", "organisation", "label", "amount"),
                organisation="",
                label="",
            ),
        }
    )


def work(record: dict) -> DemoWork:
    report = record.get("report")
    return DemoWork(
        meetings=tuple(DemoMeeting(**meeting) for meeting in record.get("meetings", ())),
        status_updates=rows(record.get("status_updates", []), ("days", "progress", "text")),
        documents=tuple(
            DemoDocument(**{**document, "paragraphs": tuple(document["paragraphs"])})
            for document in record.get("documents", ())
        ),
        report=report
        and DemoReport(**{**report, "outcomes": rows(report["outcomes"], ("outcome", "evidence"))}),
        disseminations=rows(
            record.get("disseminations", []), ("channel", "days", "link", "who", "note"), note=""
        ),
        survey_answers=rows(
            record.get("survey_answers", []),
            ("organisation", "usefulness", "again", "change"),
            change="",
        ),
    )


def provrum(record: dict, plans: dict[str, DemoPlan], works: dict[str, DemoWork]) -> DemoProvrum:
    go_ahead_on = record.get("go_ahead_on")
    return DemoProvrum(
        **{
            **record,
            # "ready" is no state of the model: a provrum in interest that the rules let go ahead.
            "state": State(record["state"]) if record["state"] in State.values else record["state"],
            "kind": Kind(record["kind"]),
            "intended_use": IntendedUse(record["intended_use"]),
            "themes": tuple(record["themes"]),
            "interests": rows(record.get("interests", []), ("organisation", "wants_to_lead")),
            "comments": tuple(comment(each) for each in record.get("comments", ())),
            "go_ahead_on": go_ahead_on
            and (go_ahead_on["years_back"], go_ahead_on["month"], go_ahead_on["day"]),
            "plan": plans[record["plan"]] if "plan" in record else None,
            "work": works[record["work"]] if "work" in record else None,
        }
    )


@cache
def demo_provrum() -> tuple[DemoProvrum, ...]:
    """Every demo provrum, in the order they are built."""
    plans = {name: plan(record) for name, record in load("provrum_plans").items()}
    works = {name: work(record) for name, record in load("provrum_work").items()}
    return tuple(provrum(record, plans, works) for record in load("provrum")["provrum"])
