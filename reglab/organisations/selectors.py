"""Reads on organisations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.organisations.models import Organisation


def organisation_list(
    *, kind: str = "", membership: str = "", query: str = "", include_inactive: bool = False
) -> QuerySet[Organisation]:
    """Organisations for the directory, filtered, with confirmed representative counts."""
    organisations = Organisation.objects.all()
    if not include_inactive:
        organisations = organisations.active()
    if kind:
        organisations = organisations.filter(kind=kind)
    if membership:
        organisations = organisations.filter(membership=membership)
    if query:
        organisations = organisations.search(query)
    return organisations.annotate(
        representative_count=Count(
            "affiliations", filter=Q(affiliations__status=AffiliationStatus.CONFIRMED)
        )
    ).order_by("name")


def organisation_get(*, slug: str) -> Organisation | None:
    """One organisation with its earlier names and confirmed people, or None."""
    return (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(
            "earlier_names",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.confirmed()
                .select_related("person")
                .order_by("person__name", "person__email"),
                to_attr="confirmed_affiliations",
            ),
        )
        .first()
    )
