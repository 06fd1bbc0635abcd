"""Password rules beyond Django's own (AUTH_PASSWORD_VALIDATORS).

Length is what makes a password strong, so there are no composition rules (no
demands for digits, capitals or signs, ASVS V6.2.5): a minimum length, longer
for the office and the admin, and refusals of the words an attacker tries first
for this platform.
"""

import re
import unicodedata

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _has_wide_rights(user) -> bool:
    return bool(
        user is not None
        and (
            getattr(user, "is_office", False)
            or getattr(user, "is_staff", False)
            or getattr(user, "is_superuser", False)
        )
    )


class RoleMinimumLengthValidator(MinimumLengthValidator):
    """At least ``min_length`` characters; ``office_min_length`` for the office, staff
    and superusers, whose accounts reach everyone's data."""

    def __init__(self, min_length=12, office_min_length=15):
        super().__init__(min_length=min_length)
        self.office_min_length = office_min_length

    def validate(self, password, user=None):
        length = self.office_min_length if _has_wide_rights(user) else self.min_length
        MinimumLengthValidator(min_length=length).validate(password, user)


# The platform's own words and the names of Sweden's 21 regions, folded (see _fold).
PLATFORM_WORDS = (
    "reglab",
    "provrum",
    "kansliet",
    "kansli",
    "region",
    "losenord",
    "password",
    "blekinge",
    "dalarna",
    "gotland",
    "gavleborg",
    "halland",
    "jamtland",
    "harjedalen",
    "jonkoping",
    "jonkopingslan",
    "kalmar",
    "kronoberg",
    "norrbotten",
    "skane",
    "stockholm",
    "sormland",
    "uppsala",
    "varmland",
    "vasterbotten",
    "vasternorrland",
    "vastmanland",
    "vastragotaland",
    "orebro",
    "orebrolan",
    "ostergotland",
    "sverige",
)

# Fewer letters than this beside the platform's words, and the password is only those words.
OWN_LETTERS = 6


def _fold(text: str) -> str:
    """Lower case, accents dropped (å → a), letters a–z only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z]", "", decomposed)


class PlatformWordsValidator:
    """Refuses a password that is only the platform's or a region's name with digits
    or signs around it ("Reglab2026!", "RegionSkåne123456")."""

    def __init__(self, words=PLATFORM_WORDS, own_letters=OWN_LETTERS):
        # Longest first, so "jonkopingslan" goes before "jonkoping".
        self.words = sorted(words, key=len, reverse=True)
        self.own_letters = own_letters

    def validate(self, password, user=None):
        letters = _fold(password)
        rest = letters
        for word in self.words:
            rest = rest.replace(word, "")
        if rest != letters and len(rest) < self.own_letters:
            raise ValidationError(
                _(
                    "The password is too easy to guess: it is mostly the name of the "
                    "platform or of a region. Choose a longer password of your own words."
                ),
                code="password_platform_word",
            )

    def get_help_text(self):
        return _("The password must not be only the name of the platform or of a region.")
