"""Reads on people and affiliations, and on organisations with their people."""

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from reglab.accounts.models import Affiliation, User
from reglab.organisations.models import Organisation


def affiliation_list_for_person(*, person: User) -> QuerySet[Affiliation]:
    """A person's affiliations, newest first, with their organisations."""
    return Affiliation.objects.filter(person=person).select_related("organisation")


def affiliation_queue(*, by: User) -> QuerySet[Affiliation]:
    """Requests waiting for the office's decision, oldest first, from active people.

    Empty for anyone who may not see the queue, so a list never shows what the
    decision page would refuse. A deactivated (or erased) person's request is left
    out: it would give an affiliation to someone who represents nobody any more.
    """
    if not by.has_perm("accounts.view_affiliation_queue"):
        return Affiliation.objects.none()
    verified = EmailAddress.objects.filter(
        user_id=OuterRef("person_id"), email__iexact=OuterRef("person__email"), verified=True
    )
    return (
        Affiliation.objects.pending()
        .of_active_person()
        .select_related("person", "organisation")
        .annotate(email_verified=Exists(verified))
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


def person_may_prove_address(*, person: User, email: str) -> bool:
    """Whether a code or reset link sent to ``email`` may open the person's account.

    Yes when the person has proven that address, and when the account has no
    proven address at all and ``email`` is the one it was made with: that
    account belongs to nobody yet, and the first proof makes it the prover's
    (reglab.accounts.signals drops any password chosen before it). Never for an
    address someone merely added to an account that already has an owner:
    otherwise the address's real owner would sign in to that person's account
    and, by signing in, prove the address for them.
    """
    email = email.lower()
    addresses = list(
        EmailAddress.objects.filter(user_id=person.pk).values_list("email", "verified")
    )
    proven = {address.lower() for address, verified in addresses if verified}
    if email in proven:
        return True
    return not proven and person.email.lower() == email


# The organisations' directory: organisations with their confirmed people.


def organisation_list(
    *, kind: str = "", membership: str = "", query: str = "", include_inactive: bool = False
) -> QuerySet[Organisation]:
    """Organisations for the directory, filtered, with confirmed representative counts
    (active people only, as ``organisation_get`` lists them)."""
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
            "affiliations",
            filter=Q(
                affiliations__in=Affiliation.objects.confirmed().of_active_person().values("pk")
            ),
        )
    ).order_by("name")


def organisation_get(*, slug: str) -> Organisation | None:
    """One organisation with its earlier names and confirmed people, or None.

    Only people whose account is active: a deactivated (or erased) person represents
    nobody any more, and their name and address are not shown as a contact.
    """
    return (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(
            "earlier_names",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.confirmed()
                .of_active_person()
                .select_related("person")
                .order_by("person__name", "person__email"),
                to_attr="confirmed_affiliations",
            ),
        )
        .first()
    )
