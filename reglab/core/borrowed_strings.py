"""Messages of Django and of packages we use that their own catalogues lack in Swedish.

Never imported: ``makemessages`` reads this file so that the Swedish catalogue keeps
these ids (the catalogue test fails on an id no source file holds), and our catalogue,
first in LOCALE_PATHS, gives them their Swedish wherever the package shows them.
"""

from django.utils.translation import gettext_noop

BORROWED = [
    # Django 6's empty choice in a model form's select (BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
    # django-axes' sign-in logs: column and table names on "Dina uppgifter" and in the admin.
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Logout Time"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]
