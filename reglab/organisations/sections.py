"""The sections another app adds to an organisation's page: a small registry.

An organisation's page shows the organisation itself; what other apps know
about it (the provrum it proposed or takes part in, tomorrow its meetings) is a
*section*: a function ``(request, organisation) -> str`` that returns the
section's HTML (rendered with the app's own template, so people's text is
escaped as everywhere), or ``""`` for nothing. An app registers its sections
in its ``AppConfig.ready()``::

    from reglab.organisations.sections import organisation_section

    @organisation_section(order=10)
    def provrum_section(request, organisation):
        return render_to_string("provrum/partials/organisation_provrum.html", {...}, request)

So this app imports none of the apps that add to its page: they depend on it,
never the other way. Each section checks itself what the person may see and
runs a bounded number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    function: Callable


SECTIONS: dict[str, Section] = {}


def organisation_section(*, order: int = 100, name: str | None = None):
    """Register ``function(request, organisation) -> str`` as a section of the page."""

    def decorator(function):
        key = name or f"{function.__module__}.{function.__qualname__}"
        SECTIONS[key] = Section(name=key, order=order, function=function)
        return function

    return decorator


def organisation_sections(request, organisation) -> list[str]:
    """The registered sections' HTML for this page, in their order; empty ones left out."""
    rendered = (
        section.function(request, organisation)
        for section in sorted(SECTIONS.values(), key=lambda section: (section.order, section.name))
    )
    return [html for html in rendered if html]
