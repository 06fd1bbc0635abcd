"""Where the start page and the office inbox get their rows: a registry of sources.

A *person source* is a function ``(user) -> list[TodoItem]``: what needs this person
now. An *office source* is a function ``(user) -> InboxSection | list | None``: one kind of
case waiting for the office (or a few kinds counted together), with its count (one SQL
count) and its first rows.

Another app adds its own with the decorators, from its ``AppConfig.ready()``::

    from reglab.todo.registry import person_source

    @person_source(order=50)
    def survey_to_answer(user):
        return [TodoItem(kind="survey", title=..., context=..., url=..., action=...)]

Each source must run a bounded number of queries (constant in the data's size)
and must itself check that the person may see what it returns.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class TodoItem:
    kind: str  # a short key, e.g. "plan", "report", "meeting"
    title: str  # what to do, e.g. "Skriv projektplanen"
    context: str  # the provrum's or meeting's name (people's text: always escaped)
    url: str  # the one link
    action: str  # the link's text
    when: date | datetime | None = None  # a date that matters (the meeting's day)
    note: str = ""  # one short line more
    # What the date is, when it is not the day something happens: "stänger" for a survey.
    when_label: str = ""


@dataclass
class InboxSection:
    key: str
    title: str
    count: int
    url: str
    link_text: str
    rows: list[TodoItem] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    name: str
    order: int
    function: Callable


PERSON_SOURCES: dict[str, Source] = {}
OFFICE_SOURCES: dict[str, Source] = {}


def _register(table: dict, order: int, name: str | None):
    def decorator(function):
        key = name or f"{function.__module__}.{function.__qualname__}"
        table[key] = Source(name=key, order=order, function=function)
        return function

    return decorator


def person_source(order: int = 100, name: str | None = None):
    """Register ``function(user) -> list[TodoItem]`` for the personal start page."""
    return _register(PERSON_SOURCES, order, name)


def office_source(order: int = 100, name: str | None = None):
    """Register ``function(user) -> InboxSection | list[InboxSection] | None`` for the
    office inbox."""
    return _register(OFFICE_SOURCES, order, name)


def _ordered(table: dict) -> list[Source]:
    return sorted(table.values(), key=lambda source: (source.order, source.name))


def items_for(user) -> list[TodoItem]:
    """Everything that needs ``user`` now, source by source in their order."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    items = []
    for source in _ordered(PERSON_SOURCES):
        items.extend(source.function(user) or [])
    return items


def inbox_for(user) -> list[InboxSection]:
    sections = []
    for source in _ordered(OFFICE_SOURCES):
        found = source.function(user)
        if isinstance(found, list):
            sections.extend(found)
        elif found is not None:
            sections.append(found)
    return sections
