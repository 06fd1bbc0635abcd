"""Allauth's sign-in events that decide whose an account is.

Connected in AccountsConfig.ready(). Each receiver only works out what
happened and calls a service in reglab.accounts.services.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import (
    authentication_step_completed,
    email_confirmed,
    password_reset,
)
from allauth.account.stages import EmailVerificationStage, LoginStageController
from django.dispatch import receiver

from reglab.accounts import services
from reglab.accounts.addresses import person_address_vouched


def _confirmed_by_password_holder(request, person) -> bool:
    """Whether this session signed up or signed in with the account's password.

    Allauth keeps that pending sign-in in the session until the address is
    confirmed; only the person who typed the password has it. The confirmation
    link itself went to the address, so such a person both knows the password
    and owns the address.
    """
    if request is None:
        return False
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    return bool(stage and stage.login.user and stage.login.user.pk == person.pk)


@receiver(email_confirmed, dispatch_uid="reglab_first_address_proof")
def _on_email_confirmed(sender, request, email_address, **kwargs):
    person = email_address.user
    earlier_proof = (
        EmailAddress.objects.filter(user_id=person.pk, verified=True)
        .exclude(pk=email_address.pk)
        .exists()
    )
    if earlier_proof:
        return  # Not the first proof: a password set since then is the owner's.
    services.person_address_proven(
        person=person,
        request=request,
        by_password_holder=_confirmed_by_password_holder(request, person),
    )


@receiver(password_reset, dispatch_uid="reglab_reset_proves_address")
def _on_password_reset(sender, request, user, **kwargs):
    services.person_address_proven_by_reset(person=user)


@receiver(authentication_step_completed, dispatch_uid="reglab_code_proves_address")
def _on_code_sign_in(sender, request, user, method, **kwargs):
    """A code sign-in to an account with no record of its address at all.

    Accounts from the open sign-up always have one (unverified until proven, and
    then allauth's confirmation handles them); an account without one was made
    by the operator or the office, and the code now proves the address too.
    """
    email = kwargs.get("email")
    if method == "code" and email and not EmailAddress.objects.filter(user_id=user.pk).exists():
        person_address_vouched(person=user)
