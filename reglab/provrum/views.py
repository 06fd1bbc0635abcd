"""The board: every provrum the person may see, as cards grouped by state,
filtered and searched. The stages' own pages are in their packages
(``proposal/``, ``plan/``, ``running/``, ``report/``, ``closing/``).
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from reglab.organisations.models import Membership, Organisation
from reglab.provrum.display import (
    READY,
    SIDE_EXITS,
    annotate_display_states,
    board_groups,
)
from reglab.provrum.forms import (
    BoardFilterForm,
)
from reglab.provrum.models import (
    State,
    Theme,
    board_rank,
)
from reglab.provrum.proposal.views import propose_refusal
from reglab.provrum.selectors import (
    format_rules_get,
    provrum_first_year,
    provrum_list,
)
from reglab.provrum.web import (
    provrum_area,
)

PAGE_SIZE = 30


# The board ------------------------------------------------------------------


def _board_years(user) -> list[int]:
    """This year back to the year of the earliest provrum the person may see."""
    this_year = timezone.localdate().year
    first = min(provrum_first_year(user) or this_year, this_year)
    return list(range(this_year, first - 1, -1))


@provrum_area
def board(request):
    """All visible provrum as cards grouped by state, filtered and searched."""
    user = request.user
    limits = format_rules_get().to_limits()
    form = BoardFilterForm(
        request.GET or None,
        themes=Theme.objects.order_by("name"),
        years=_board_years(user),
        organisations=Organisation.objects.active()
        .filter(membership__in=[Membership.MEMBER, Membership.PARTNER])
        .order_by("name")
        .values_list("slug", "name"),
    )
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    state = filters.get("state") or ""
    queryset = provrum_list(
        user=user,
        state=state,
        theme=filters.get("theme") or "",
        year=filters.get("year"),
        organisation=filters.get("organisation") or "",
        query=filters.get("q") or "",
    )
    if state in (READY, State.INTEREST):
        # "Ready" is computed, so both halves of gathering interest are told apart in Python.
        rows = [
            provrum
            for provrum in annotate_display_states(list(queryset), limits)
            if provrum.display_state == state
        ]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
        items = list(page.object_list)
    else:
        if state:
            # One state: its rank is the same for all, and provrum_board_state_idx
            # holds the rest of the order.
            queryset = queryset.order_by("-published_at", "-created_at", "-pk")
        else:
            # Read from provrum_board_idx, which holds the same expression.
            queryset = queryset.alias(board_rank=board_rank()).order_by(
                "board_rank", "-published_at", "-created_at", "-pk"
            )
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("sida"))
        items = annotate_display_states(list(page.object_list), limits)
    groups, side_groups = board_groups(items)
    query_string = request.GET.copy()
    query_string.pop("sida", None)
    context = {
        "form": form,
        "page": page,
        "groups": groups,
        "side_groups": side_groups,
        "side_open": state in SIDE_EXITS,
        "is_filtered": form.is_filtered(),
        "query_string": query_string.urlencode(),
        "can_propose": user.has_perm("provrum.propose", None),
        "propose_refusal": None
        if user.has_perm("provrum.propose", None)
        else propose_refusal(user),
    }
    template = "provrum/provrum_board.html"
    if request.htmx and not request.htmx.boosted:
        # Only the results, and the count for screen readers beside them.
        template += "#results"
        context["is_htmx"] = True
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
