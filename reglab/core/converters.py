"""The ``<id:…>`` path converter for database ids in the pages' addresses.

Django's ``<int:…>`` matches any number of digits, so ``/resultat/<25 digits>/``
reached the view and the database, where SQLite raises OverflowError (a 500).
``<id:…>`` matches 1 to 2**63 − 1 only; anything else is no match, a 404 like
any other address that does not exist.
"""

from reglab.core.text import MAX_DB_INTEGER


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_DB_INTEGER:
            # A ValueError makes the resolver treat the pattern as not matching.
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))
