"""Rows become rule inputs here, and only here.

``rules`` is pure: it is handed plain values. What those values are is decided
in this module, once, for every caller (services, pages, the API, the demo):

- ``provrum_facts``: the group and its leader, as ``rules.ProvrumFacts``;
- ``go_aheads_in_year``: the places used in a year's go-ahead capacity;
- ``plan_year`` and ``base_funding_granted_in_year``: which year a plan's base
  funding counts in, and what was already granted in that year (the office's
  annual cap);
- ``report_status``: where the final report stands (closing waits for an
  approved one).

Counting by the go-ahead's own year (``go_ahead_at``, in local time) is what
makes a provrum keep its place when it moves on: one that went on to run, report,
close – or was withdrawn after its go-ahead – still holds the place it took in
its go-ahead's year, and its base funding still counts in that year.

Which organisations are still active is one condition,
``reglab.organisations.models.active_on``
(``Organisation.objects.active()``, ``Affiliation.objects.of_active_organisation()``).
"""

from django.utils import timezone

from reglab.organisations.models import Membership
from reglab.provrum import rules
from reglab.provrum.models import FinalReport, ProjectPlan, Provrum


def provrum_facts(provrum: Provrum) -> rules.ProvrumFacts:
    """The plain values the rules need, from the provrum's (prefetched) interests."""
    participants = tuple(
        rules.Participant(
            slug=interest.organisation.slug,
            is_member=interest.organisation.membership == Membership.MEMBER,
            is_region=interest.organisation.is_region,
            wants_to_lead=interest.wants_to_lead,
        )
        for interest in provrum.interests.all()
    )
    return rules.ProvrumFacts(
        participants=participants, leader=provrum.leader.slug if provrum.leader else None
    )


def go_aheads_in_year(year: int | None = None) -> int:
    """How many provrum were given the go-ahead in a calendar year (default this year).

    Every provrum whose go-ahead fell in ``year`` counts, whatever its state now:
    running, reported, closed or withdrawn after the go-ahead, it keeps its place.
    """
    year = year or timezone.localdate().year
    return Provrum.objects.go_aheads_in_year(year).count()


def plan_year(provrum: Provrum) -> int:
    """The year a provrum's plan counts in: its go-ahead's year (local time),
    or this year for a provrum without one yet."""
    when = provrum.go_ahead_at or timezone.now()
    return timezone.localtime(when).year


def base_funding_granted_in_year(year: int, *, exclude_provrum=None) -> int:
    """The base funding of approved plans of provrum whose go-ahead fell in ``year``."""
    plans = ProjectPlan.objects.filter(
        status=ProjectPlan.Status.APPROVED, provrum__go_ahead_at__year=year
    )
    if exclude_provrum is not None:
        plans = plans.exclude(provrum_id=getattr(exclude_provrum, "pk", exclude_provrum))
    return sum(
        rules.plan_facts(data).base_funding_sek for data in plans.values_list("data", flat=True)
    )


def report_status(provrum: Provrum) -> str | None:
    """The final report's status, or None while no report is saved."""
    try:
        return provrum.report.status
    except FinalReport.DoesNotExist:
        return None
