from django.db.models import Count, Q
from django.shortcuts import render

from reglab.organisations.models import Membership, Organisation


def home(request):
    """The public start page: what Reglab is and what the platform is for.

    Named ``core:home`` (``reglab.urls``); here, above core, because it counts the
    active organisations."""
    # The three figures in one query over the active organisations.
    counts = Organisation.objects.active().aggregate(
        member_count=Count("pk", filter=Q(membership=Membership.MEMBER)),
        partner_count=Count("pk", filter=Q(membership=Membership.PARTNER)),
        region_count=Count("pk", filter=Q(membership=Membership.MEMBER, is_region=True)),
    )
    return render(request, "core/home.html", counts)
