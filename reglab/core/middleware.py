"""Refuses form and query values that the platform cannot store.

A NUL character in ``?q=`` or in a posted field made PostgreSQL refuse the query
and the page answer 500; control characters break the DOCX, XLSX and Atom
exports later. Django's form fields already refuse NUL, but many values are read
by hand (``request.GET.get("sida")``, ``request.POST.get("comment")``), so every
name and value of the query string and of a posted form is checked here, with
the one check in ``reglab.core.text.unsafe_character``, before any view runs.
The API has its own guard with JSON answers (``reglab.api.input_guard``).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reglab.core.text import code_point, unsafe_character

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unsafe_field(data) -> tuple[str, str] | None:
    """(field name, refused character) for the first bad name or value, or None."""
    for name, values in data.lists():
        for text in (name, *values):
            if isinstance(text, str) and (character := unsafe_character(text)):
                return name, character
    return None


def unsafe_input_message(name: str, character: str) -> str:
    shown = "?" if unsafe_character(name) else name[:100]
    return _(
        "The field “%(field)s” contains a character that is not allowed (%(character)s). "
        "Remove it and try again."
    ) % {"field": shown, "character": code_point(character)}


class UnsafeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return None
        found = unsafe_field(request.GET)
        if found is None and request.method == "POST" and request.content_type in FORM_TYPES:
            found = unsafe_field(request.POST)
        if found is None:
            return None
        message = unsafe_input_message(*found)
        body = render_to_string("400.html", {"message": message}, request=request)
        return HttpResponse(body, status=400)
