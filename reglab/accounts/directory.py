"""The organisations' directory: members and partners, and each one's page with its people.

Here rather than in ``organisations``, which sits below ``accounts``: the pages list
an organisation's confirmed people (affiliations). Named ``organisations:…`` as
before (``directory_urls``).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from reglab.accounts.selectors import organisation_get, organisation_list
from reglab.organisations.forms import DirectoryFilterForm
from reglab.organisations.sections import organisation_sections

PAGE_SIZE = 25


def organisation_directory(request):
    """Members and partners, filterable by kind and membership. Public."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = organisation_list(
        kind=filters.get("kind", ""),
        membership=filters.get("membership", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("sida"))
    query_string = request.GET.copy()
    query_string.pop("sida", None)
    context = {
        "form": form,
        "page": page,
        "organisations": page.object_list,
        "query_string": query_string.urlencode(),
    }
    if request.htmx:
        return render(request, "organisations/organisation_list.html#results", context)
    return render(request, "organisations/organisation_list.html", context)


def organisation_detail(request, slug):
    """One organisation; its people are shown only to those allowed to see them, and
    below them the sections other apps register (``sections.py``)."""
    organisation = organisation_get(slug=slug)
    if organisation is None:
        raise Http404
    can_view_people = request.user.has_perm("organisations.view_people")
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_people": can_view_people,
            "people": organisation.confirmed_affiliations if can_view_people else [],
            # What other apps add (the provrum section): registered in their ready().
            "sections": organisation_sections(request, organisation),
        },
    )
