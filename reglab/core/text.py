"""Text helpers shared by the apps. No Django imports."""

import re
import unicodedata


def search_key(text: str) -> str:
    """Return text normalised for case-insensitive matching.

    Applies NFC (so a decomposed "å" equals a composed one), casefold and
    collapses whitespace; SQLite's own LIKE folds only ASCII letters.
    """
    normalised = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(normalised.split())


# Format characters (zero-width space and joiners, the BOM, direction marks), control
# characters and marks that combine with nothing: a text of only these shows nothing.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Mn", "Me"}


def has_visible_text(text: str) -> bool:
    """Whether text shows anything: not only white space (NBSP included), zero-width
    characters, direction marks or combining marks. Fields that must be filled in use it,
    so "\u200b\u200b" is refused as empty."""
    return any(
        not character.isspace() and unicodedata.category(character) not in _INVISIBLE_CATEGORIES
        for character in text or ""
    )


_VOWELS = set("aeiouyäåö")
_STEP1_SUFFIXES = sorted(
    (
        "a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er "
        "heter or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast"
    ).split(),
    key=len,
    reverse=True,
)
_S_ENDINGS = set("bcdfghjklmnoprtvy")
_STEP2_SUFFIXES = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def _r1_start(word: str) -> int:
    for index in range(1, len(word)):
        if word[index] not in _VOWELS and word[index - 1] in _VOWELS:
            return max(index + 1, 3)
    return len(word)


def swedish_stem(word: str) -> str:
    """Return the Snowball (Porter) Swedish stem of one lower-case word.

    "regionerna", "regionens" and "region" all become "region", so a search
    for one finds the others. PostgreSQL's "swedish" text search configuration
    uses the same algorithm; this is the fallback for SQLite.
    """
    r1 = _r1_start(word)
    # Step 1: the longest main suffix in R1.
    for suffix in _STEP1_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1:
            if word[-2] in _S_ENDINGS:
                word = word[:-1]
    # Step 2: undouble consonant endings in R1.
    for suffix in _STEP2_SUFFIXES:
        if word.endswith(suffix) and len(word) - 2 >= r1:
            word = word[:-1]
            break
    # Step 3: a few derivational suffixes in R1.
    for suffix, replacement in (
        ("fullt", "full"),
        ("löst", "lös"),
        ("lig", ""),
        ("els", ""),
        ("ig", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)] + replacement
            break
    return word


def words(text: str) -> list[str]:
    """The words of a text, normalised with ``search_key``; punctuation dropped."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in search_key(text))
    return cleaned.split()


def stems(text: str) -> list[str]:
    """The Swedish stems of a text's words, in order, without duplicates."""
    return list(dict.fromkeys(swedish_stem(word) for word in words(text)))


def similarity(first: set[str], second: set[str]) -> float:
    """Jaccard overlap of two sets of stems (0 to 1)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


# Characters no text on the platform may hold: NUL (PostgreSQL refuses it in
# text and JSON), the other C0 control characters except tab, line feed and
# carriage return, and U+FFFE/U+FFFF (XML cannot hold them, so the DOCX, XLSX and
# Atom exports would fail), and lone surrogates (they cannot be encoded as UTF-8).
_UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# The largest value of a signed 64-bit column: ids and counts beyond it cannot be
# stored or looked up (SQLite raises OverflowError, PostgreSQL "out of range").
MAX_DB_INTEGER = 2**63 - 1


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that the platform refuses to store, or None.

    The one check for every text that comes in: the API (``reglab.api.input_guard``)
    and every form and query value of the pages (``reglab.core.middleware``).
    """
    match = _UNSAFE_CHARACTER.search(text)
    return match.group() if match else None


def code_point(character: str) -> str:
    """``U+0000``: how a refused character is named in a message."""
    return f"U+{ord(character):04X}"


def single_line(text) -> str:
    """Text for one line (a title, a name, a mail subject): every run of white space,
    line breaks included, becomes one space, and the ends are trimmed. A title
    with CR/LF would otherwise split an e-mail header or a file name in two."""
    return " ".join(str(text or "").split())
