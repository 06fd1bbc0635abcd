from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from reglab.organisations.forms import DirectoryFilterForm
from reglab.organisations.selectors import organisation_get, organisation_list
from reglab.provrum.display import annotate_display_states
from reglab.provrum.selectors import format_rules_get, organisation_provrum

PAGE_SIZE = 25
# An organisation's page lists its latest provrum; the board filters for all of them.
ORGANISATION_PROVRUM_LIMIT = 30


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
    """One organisation; its people are shown only to those allowed to see them."""
    organisation = organisation_get(slug=slug)
    if organisation is None:
        raise Http404
    can_view_people = request.user.has_perm("organisations.view_people")
    can_view_provrum = request.user.has_perm("provrum.view_board")
    provrum = []
    if can_view_provrum:
        limits = format_rules_get().to_limits()
        provrum = annotate_display_states(
            list(
                organisation_provrum(user=request.user, organisation=organisation)[
                    :ORGANISATION_PROVRUM_LIMIT
                ]
            ),
            limits,
        )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_people": can_view_people,
            "people": organisation.confirmed_affiliations if can_view_people else [],
            "can_view_provrum": can_view_provrum,
            "provrum_list": provrum,
            "provrum_limit": ORGANISATION_PROVRUM_LIMIT,
        },
    )
