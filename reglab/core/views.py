from django.shortcuts import render

from reglab.organisations.models import Organisation


def home(request):
    """The start page: what Reglab is and what the platform is for."""
    organisations = Organisation.objects.active()
    return render(
        request,
        "core/home.html",
        {
            "member_count": organisations.members().count(),
            "partner_count": organisations.partners().count(),
            "region_count": organisations.members().filter(is_region=True).count(),
        },
    )
