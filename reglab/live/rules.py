"""The live dialog's rules, pure: which answers are valid, and how a room's answers add up.

Nothing here imports Django. A check returns every reason code that applies
(an empty list when the answer is valid), as the provrum rules do; the
Swedish sentence for each code is in ``messages``.
"""

import re
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Join codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

QUESTION_MAX_LENGTH = 300
OPTION_MAX_LENGTH = 200
OPTIONS_MAX = 30
TEXT_MAX_LENGTH = 500
NAME_MAX_LENGTH = 150
ORGANISATION_MAX_LENGTH = 200
DOTS_MAX = 20
SCALE_MAXIMA = (5, 10)
DATE_REPLIES = ("yes", "maybe", "no")
WORD_CLOUD_SIZE = 40

KINDS = ("single", "multiple", "text", "prioritise", "scale", "dates")

# Reason codes.
ANSWER_MISSING = "answer_missing"
CHOOSE_ONE = "choose_one"
CHOOSE_AT_LEAST_ONE = "choose_at_least_one"
UNKNOWN_OPTION = "unknown_option"
DUPLICATE_OPTION = "duplicate_option"
TEXT_EMPTY = "text_empty"
TEXT_TOO_LONG = "text_too_long"
NO_DOTS = "no_dots"
TOO_MANY_DOTS = "too_many_dots"
DOTS_NOT_WHOLE = "dots_not_whole"
VALUE_OUT_OF_RANGE = "value_out_of_range"
DATE_REPLY_UNKNOWN = "date_reply_unknown"
DATES_EMPTY = "dates_empty"
NAME_TOO_LONG = "name_too_long"
ORGANISATION_TOO_LONG = "organisation_too_long"
# Reasons about a question as the host writes it.
QUESTION_EMPTY = "question_empty"
QUESTION_TOO_LONG = "question_too_long"
TOO_FEW_OPTIONS = "too_few_options"
TOO_MANY_OPTIONS = "too_many_options"
OPTION_EMPTY = "option_empty"
OPTION_TOO_LONG = "option_too_long"
DOTS_OUT_OF_RANGE = "dots_out_of_range"
SCALE_NOT_ALLOWED = "scale_not_allowed"
DATE_INVALID = "date_invalid"

# Common Swedish words that say nothing on their own in a word cloud.
STOP_WORDS = frozenset(
    """
    alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din
    dina ditt du där då efter ej eller en er era ert ett från för ha hade han hans har hen
    henne hennes hon honom hur här i icke ingen inom inte jag ju kan kunde man med mellan men
    mig min mina mitt mot mycket ni nu när någon något några och om oss på samma sedan sig
    sin sina sitt själv skulle som så sådan sådana sådant till under upp ut utan vad var vara
    varför varit varje vars vart vem vi vid vilka vilken vilket vår våra vårt än är åt över
    också bara få får mer mest även ska kommer kan väl lite mycket
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def normalise_code(text: str) -> str:
    """What a person typed as a join code, upper case without spaces or hyphens."""
    return "".join(text.split()).replace("-", "").upper()


def is_well_formed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def new_code(choice=secrets.choice) -> str:
    """A fresh random join code (uniqueness is the database's to check)."""
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class QuestionFacts:
    """What the checks need to know about a question."""

    kind: str
    option_ids: frozenset[int] = frozenset()
    dots: int = 3
    scale_max: int = 5
    ask_why: bool = False


@dataclass(frozen=True)
class AnswerIn:
    """An answer as sent: one of the fields, by kind, and perhaps a text."""

    options: Sequence | None = None
    text: str | None = None
    dots: Mapping | None = None
    value: object = None
    dates: Mapping | None = None
    volunteer_name: str = ""
    volunteer_organisation: str = ""


@dataclass(frozen=True)
class CleanAnswer:
    choice: object = None
    text: str = ""
    volunteer_name: str = ""
    volunteer_organisation: str = ""


@dataclass(frozen=True)
class Checked:
    reasons: list[str] = field(default_factory=list)
    answer: CleanAnswer | None = None


def _option_id(value) -> int | None:
    """An option id sent as a number or a string of ASCII digits, else None.

    ``str.isdigit`` alone lets "²" and "①" through, which ``int`` refuses.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _check_text(text: str, *, required: bool) -> list[str]:
    if required and not text:
        return [TEXT_EMPTY]
    if len(text) > TEXT_MAX_LENGTH:
        return [TEXT_TOO_LONG]
    return []


def check_answer(*, question: QuestionFacts, answer: AnswerIn) -> Checked:
    """Check an answer against its question; the reasons, and the answer as it is stored."""
    kind = question.kind
    text = (answer.text or "").strip()
    reasons: list[str] = []
    if kind in ("single", "multiple"):
        if answer.options is None or not isinstance(answer.options, list | tuple):
            return Checked([ANSWER_MISSING])
        ids = [_option_id(value) for value in answer.options]
        if any(i is None or i not in question.option_ids for i in ids):
            reasons.append(UNKNOWN_OPTION)
        if len(set(ids)) != len(ids):
            reasons.append(DUPLICATE_OPTION)
        if kind == "single" and len(ids) != 1:
            reasons.append(CHOOSE_ONE)
        if kind == "multiple" and not ids:
            reasons.append(CHOOSE_AT_LEAST_ONE)
        if question.ask_why:
            reasons += _check_text(text, required=False)
        else:
            text = ""
        return Checked(reasons, None if reasons else CleanAnswer(sorted(ids), text))
    if kind == "text":
        if answer.text is None:
            return Checked([ANSWER_MISSING])
        reasons = _check_text(text, required=True)
        return Checked(reasons, None if reasons else CleanAnswer(None, text))
    if kind == "prioritise":
        if not isinstance(answer.dots, Mapping):
            return Checked([ANSWER_MISSING])
        spread = {}
        for key, value in answer.dots.items():
            option, count = _option_id(key), _whole(value)
            if option is None or option not in question.option_ids:
                reasons.append(UNKNOWN_OPTION)
            elif count is None or count < 0:
                reasons.append(DOTS_NOT_WHOLE)
            elif count:
                spread[option] = count
        reasons += check_dots(spread, limit=question.dots) if not reasons else []
        clean = {str(k): v for k, v in sorted(spread.items())}
        return Checked(sorted(set(reasons)), None if reasons else CleanAnswer(clean))
    if kind == "scale":
        value = _whole(answer.value)
        if value is None:
            return Checked([ANSWER_MISSING] if answer.value is None else [VALUE_OUT_OF_RANGE])
        if not 1 <= value <= question.scale_max:
            return Checked([VALUE_OUT_OF_RANGE])
        return Checked([], CleanAnswer(value))
    if kind == "dates":
        if not isinstance(answer.dates, Mapping):
            return Checked([ANSWER_MISSING])
        replies = {}
        for key, value in answer.dates.items():
            option = _option_id(key)
            if option is None or option not in question.option_ids:
                reasons.append(UNKNOWN_OPTION)
            elif value not in DATE_REPLIES:
                reasons.append(DATE_REPLY_UNKNOWN)
            else:
                replies[str(option)] = value
        if not answer.dates:
            reasons.append(DATES_EMPTY)
        name = (answer.volunteer_name or "").strip()
        organisation = (answer.volunteer_organisation or "").strip()
        if len(name) > NAME_MAX_LENGTH:
            reasons.append(NAME_TOO_LONG)
        if len(organisation) > ORGANISATION_MAX_LENGTH:
            reasons.append(ORGANISATION_TOO_LONG)
        clean = CleanAnswer(dict(sorted(replies.items())), "", name, organisation if name else "")
        return Checked(sorted(set(reasons)), None if reasons else clean)
    return Checked([ANSWER_MISSING])


def check_dots(spread: Mapping[int, int], *, limit: int) -> list[str]:
    """A participant spreads at least one and at most ``limit`` dots."""
    total = sum(spread.values())
    if total < 1:
        return [NO_DOTS]
    if total > limit:
        return [TOO_MANY_DOTS]
    return []


def check_question(
    *, kind: str, text: str, options: Sequence[str], dots: int = 3, scale_max: int = 5
) -> list[str]:
    """A question as the host writes it: its text, and options where the kind has them.

    A date poll's options are dates (checked where they are parsed); a reflection
    and a scale have none (any sent are ignored).
    """
    reasons = []
    text = text.strip()
    if not text:
        reasons.append(QUESTION_EMPTY)
    elif len(text) > QUESTION_MAX_LENGTH:
        reasons.append(QUESTION_TOO_LONG)
    if kind in ("single", "multiple", "prioritise", "dates"):
        minimum = 1 if kind in ("prioritise", "dates") else 2
        if len(options) < minimum:
            reasons.append(TOO_FEW_OPTIONS)
        if len(options) > OPTIONS_MAX:
            reasons.append(TOO_MANY_OPTIONS)
        if any(not option.strip() for option in options):
            reasons.append(OPTION_EMPTY)
        if any(len(option.strip()) > OPTION_MAX_LENGTH for option in options):
            reasons.append(OPTION_TOO_LONG)
    if kind == "prioritise" and not 1 <= dots <= DOTS_MAX:
        reasons.append(DOTS_OUT_OF_RANGE)
    if kind == "scale" and scale_max not in SCALE_MAXIMA:
        reasons.append(SCALE_NOT_ALLOWED)
    return reasons


def tally_options(option_ids: Sequence[int], chosen: Iterable[Sequence[int]]) -> dict[int, int]:
    """How many answers chose each option (every option listed, zeros too)."""
    counts = dict.fromkeys(option_ids, 0)
    for ids in chosen:
        for option in set(ids):
            if option in counts:
                counts[option] += 1
    return counts


def tally_dots(option_ids: Sequence[int], spreads: Iterable[Mapping]) -> dict[int, int]:
    """The dots each option got, adding up every participant's spread."""
    counts = dict.fromkeys(option_ids, 0)
    for spread in spreads:
        for key, value in spread.items():
            option = _option_id(key)
            if option in counts and _whole(value) is not None and value > 0:
                counts[option] += value
    return counts


@dataclass(frozen=True)
class ScaleTally:
    counts: dict[int, int]
    mean: float | None


def tally_scale(values: Iterable[int], *, maximum: int) -> ScaleTally:
    """How many chose each step from 1 to ``maximum``, and the mean (None with no answers)."""
    counts = dict.fromkeys(range(1, maximum + 1), 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    total = sum(counts.values())
    mean = round(sum(k * n for k, n in counts.items()) / total, 2) if total else None
    return ScaleTally(counts, mean)


@dataclass(frozen=True)
class DateRow:
    option_id: int
    date: object
    yes: int = 0
    maybe: int = 0
    no: int = 0


def tally_dates(dates: Sequence[tuple[int, object]], replies: Iterable[Mapping]) -> list[DateRow]:
    """For each proposed (option id, date): how many said yes, if need be, and no."""
    counts = {option: Counter() for option, _date in dates}
    for reply in replies:
        for key, value in reply.items():
            option = _option_id(key)
            if option in counts and value in DATE_REPLIES:
                counts[option][value] += 1
    return [
        DateRow(option, date, counts[option]["yes"], counts[option]["maybe"], counts[option]["no"])
        for option, date in dates
    ]


def date_winner(rows: Sequence[DateRow]) -> int | None:
    """The date most can come to: most yes, then most yes or if-need-be, then fewest no,
    then the earliest. None while nobody can come to any date."""
    candidates = [row for row in rows if row.yes + row.maybe > 0]
    if not candidates:
        return None
    best = min(candidates, key=lambda r: (-r.yes, -(r.yes + r.maybe), r.no, r.date, r.option_id))
    return best.option_id


def word_counts(texts: Iterable[str], *, size: int = WORD_CLOUD_SIZE) -> list[tuple[str, int]]:
    """The words of the reflections for a word cloud: counted case-insensitively, Swedish
    stop words and one-letter words left out, the most frequent first (ties alphabetically)."""
    counts = Counter()
    for text in texts:
        for word in _WORD.findall(text.casefold()):
            if len(word) > 1 and word not in STOP_WORDS:
                counts[word] += 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:size]


def cloud_weight(count: int, top: int) -> int:
    """A word's size in the cloud, 1 to 5, relative to the most frequent word."""
    if top <= 0:
        return 1
    return max(1, min(5, 1 + round(4 * (count - 1) / max(top - 1, 1))))
