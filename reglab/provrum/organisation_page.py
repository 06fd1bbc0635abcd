"""The provrum section of an organisation's page: the provrum it proposed or takes
part in, as the person may see them. Registered in ``ProvrumConfig.ready()``
through ``reglab.organisations.sections``, so organisations does not import provrum.
"""

from django.template.loader import render_to_string

from reglab.organisations.sections import organisation_section
from reglab.provrum.display import annotate_display_states
from reglab.provrum.selectors import format_rules_get, organisation_provrum

# An organisation's page lists its latest provrum; the board filters for all of them.
ORGANISATION_PROVRUM_LIMIT = 30


@organisation_section(order=10)
def provrum_section(request, organisation) -> str:
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
    return render_to_string(
        "provrum/partials/organisation_provrum.html",
        {
            "organisation": organisation,
            "can_view_provrum": can_view_provrum,
            "provrum_list": provrum,
            "provrum_limit": ORGANISATION_PROVRUM_LIMIT,
        },
        request=request,
    )
