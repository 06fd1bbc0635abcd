"""Text helpers shared by the apps. No Django imports."""

import unicodedata


def search_key(text: str) -> str:
    """Return text normalised for case-insensitive matching.

    Applies NFC (so a decomposed "å" equals a composed one), casefold and
    collapses whitespace; SQLite's own LIKE folds only ASCII letters.
    """
    normalised = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(normalised.split())
