"""Writes on a person's e-mail addresses that the account model itself needs.

The user manager records the address of an account made by code as proven, so
this sits below ``models`` (it imports only allauth's EmailAddress), where the
manager, the admin and the sign-in receivers reach it without a cycle.
"""

from allauth.account.models import EmailAddress


def person_address_vouched(*, person) -> None:
    """Record the address of an account the operator or the office made as verified.

    Such an account was not made through the open sign-up, so no stranger chose
    its password; its first sign-in must not ask for, or drop, anything.
    """
    EmailAddress.objects.update_or_create(
        user=person,
        email=person.email.lower(),
        defaults={"verified": True, "primary": True},
    )
