"""Reads on people and affiliations."""

from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from reglab.accounts.models import Affiliation, User


def affiliation_list_for_person(*, person: User) -> QuerySet[Affiliation]:
    """A person's affiliations, newest first, with their organisations."""
    return Affiliation.objects.filter(person=person).select_related("organisation")


def affiliation_queue(*, by: User) -> QuerySet[Affiliation]:
    """Requests waiting for the office's decision, oldest first.

    Empty for anyone who may not see the queue, so a list never shows what the
    decision page would refuse.
    """
    if not by.has_perm("accounts.view_affiliation_queue"):
        return Affiliation.objects.none()
    return (
        Affiliation.objects.pending()
        .select_related("person", "organisation")
        .order_by("requested_at", "pk")
    )


def affiliation_get_for_decision(*, by: User, pk: int) -> Affiliation | None:
    """One affiliation the office may decide on; None for missing and forbidden alike."""
    if not by.has_perm("accounts.decide_affiliation"):
        return None
    return Affiliation.objects.select_related("person", "organisation").filter(pk=pk).first()


def person_email_is_verified(*, person: User) -> bool:
    """Whether the person has proven they own the address they sign in with.

    Proof is allauth's verified EmailAddress: a confirmation link, a code sign-in
    or a password reset. Accounts the operator makes are recorded as verified.
    """
    return EmailAddress.objects.filter(
        user_id=person.pk, email__iexact=person.email, verified=True
    ).exists()
