"""Writes on people and affiliations. Views, the API, commands and tests call these."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reglab.accounts.models import (
    Affiliation,
    AffiliationStatus,
    User,
    new_calendar_feed_secret,
)
from reglab.accounts.selectors import person_email_is_verified
from reglab.organisations.models import Organisation


def _send_decision_mail(affiliation_id: int) -> None:
    affiliation = Affiliation.objects.select_related("person", "organisation").get(
        pk=affiliation_id
    )
    if not affiliation.person.is_active:
        return  # a deactivated (or erased) person is not written to
    with translation.override("sv"):
        context = {"affiliation": affiliation}
        subject = render_to_string("accounts/email/affiliation_decided_subject.txt", context)
        body = render_to_string("accounts/email/affiliation_decided_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [affiliation.person.email])


@transaction.atomic
def affiliation_request(
    *, person: User, organisation: Organisation, role_description: str = "", message: str = ""
) -> Affiliation:
    """Ask the office to confirm that ``person`` represents ``organisation``.

    Raises ValidationError if the person has not proven their e-mail address
    (the office judges a request by it), or already has an open request or a
    confirmed affiliation with the organisation (so a double submit creates one
    record), and PermissionDenied for an inactive or anonymous person.
    """
    if not person.has_perm("accounts.request_affiliation"):
        raise PermissionDenied(_("You must be signed in to request an affiliation."))
    if not person_email_is_verified(person=person):
        raise ValidationError(
            _(
                "You must confirm your e-mail address before you can ask to represent "
                "an organisation."
            ),
            code="email_unverified",
        )
    if Affiliation.objects.filter(
        person=person,
        organisation=organisation,
        status__in=[AffiliationStatus.REQUESTED, AffiliationStatus.CONFIRMED],
    ).exists():
        raise ValidationError(
            _("You already have a request or an affiliation with %(organisation)s.")
            % {"organisation": organisation.name},
            code="affiliation_exists",
        )
    try:
        with transaction.atomic():
            return Affiliation.objects.create(
                person=person,
                organisation=organisation,
                role_description=role_description.strip(),
                message=message.strip(),
            )
    except IntegrityError as exc:
        # A concurrent double submit lost the race against the unique constraint.
        raise ValidationError(
            _("You already have a request or an affiliation with %(organisation)s.")
            % {"organisation": organisation.name},
            code="affiliation_exists",
        ) from exc


def _decide(
    *, affiliation: Affiliation, by: User, status: str, comment: str, address_checked: bool = False
) -> Affiliation:
    if not by.has_perm("accounts.decide_affiliation", affiliation):
        raise PermissionDenied(_("Only the office can confirm or reject affiliations."))
    locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if locked.status == status:
        return locked  # Already decided this way: nothing changes.
    if locked.status != AffiliationStatus.REQUESTED:
        raise ValidationError(
            _("This request has already been handled (%(status)s).")
            % {"status": locked.get_status_display()},
            code="affiliation_already_decided",
        )
    unverified = status == AffiliationStatus.CONFIRMED and not person_email_is_verified(
        person=locked.person
    )
    if unverified and not address_checked:
        # Requests are refused without a proven address; one made before that rule
        # (or whose address changed since) must not give rights either.
        raise ValidationError(
            _(
                "%(person)s has not confirmed their e-mail address. Confirm the request "
                "only if you have checked the address in another way, and tick that you have."
            )
            % {"person": locked.person},
            code="email_unverified",
        )
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_comment = comment.strip()
    locked._change_reason = f"{status} by {by.pk}" + (
        " (address checked in another way)" if unverified else ""
    )
    locked.save()
    transaction.on_commit(lambda: _send_decision_mail(locked.pk))
    return locked


@transaction.atomic
def affiliation_confirm(
    *, affiliation: Affiliation, by: User, comment: str = "", address_checked: bool = False
) -> Affiliation:
    """Confirm a requested affiliation, which gives the person rights for the organisation.

    Raises PermissionDenied unless ``by`` is the office, ValidationError if the
    request was already rejected or ended, or if the person's address is not
    verified and the office has not said it checked the address in another way
    (``address_checked``, a deliberate extra step). Confirming twice changes nothing.
    """
    return _decide(
        affiliation=affiliation,
        by=by,
        status=AffiliationStatus.CONFIRMED,
        comment=comment,
        address_checked=address_checked,
    )


@transaction.atomic
def affiliation_reject(*, affiliation: Affiliation, by: User, comment: str = "") -> Affiliation:
    """Reject a requested affiliation. Same errors as ``affiliation_confirm``."""
    return _decide(
        affiliation=affiliation, by=by, status=AffiliationStatus.REJECTED, comment=comment
    )


@transaction.atomic
def affiliation_withdraw(*, affiliation: Affiliation, by: User) -> Affiliation:
    """The person withdraws their own request or ends their own affiliation.

    Raises PermissionDenied for anyone but the person themself.
    """
    if not by.has_perm("accounts.withdraw_affiliation", affiliation):
        raise PermissionDenied(_("You can only withdraw your own affiliations."))
    locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if locked.status in (AffiliationStatus.REJECTED, AffiliationStatus.ENDED):
        return locked
    locked.status = AffiliationStatus.ENDED
    locked.decided_at = timezone.now()
    locked.save()
    return locked


def calendar_feed_secret_renew(*, person: User) -> None:
    """Give the person a new calendar address secret; every older address stops working."""
    person.calendar_feed_secret = new_calendar_feed_secret()
    User.objects.filter(pk=person.pk).update(calendar_feed_secret=person.calendar_feed_secret)


# Proof of an e-mail address ---------------------------------------------------


def person_address_proven(*, person: User, request=None, by_password_holder: bool = False) -> bool:
    """The person has just proven, for the first time, that the address is theirs.

    Anyone may sign up with any address and a password of their choosing. Until
    the owner proves the address, that password may be an attacker's; so at the
    first proof (a code sign-in or a confirmation link) it is dropped, which also
    ends every other session of the account (Django ends a session whose stored
    password hash no longer matches). ``by_password_holder`` is true when the
    link is opened in the very session that signed up or signed in with the
    password: then the password is the prover's own and is kept. The request's
    own session stays signed in. Returns whether a password was dropped.
    """
    had_password = person.has_usable_password()
    if by_password_holder:
        return False
    # Even an unusable password is renewed: the new hash ends the other sessions.
    person.set_unusable_password()
    person.save(update_fields=["password"])
    if request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated and request.user.pk == person.pk:
            update_session_auth_hash(request, person)
        if had_password:
            messages.info(
                request,
                _(
                    "Your e-mail address is confirmed. The password chosen when the account "
                    "was made has been removed: only someone who has proven the address may "
                    "set one. You can choose a new password on your profile."
                ),
                fail_silently=True,
            )
    return had_password


def person_address_proven_by_reset(*, person: User) -> None:
    """A password reset proves the address the reset link was sent to.

    The reset already replaced the old password (which ends other sessions);
    the new one was chosen by the owner, so it is kept. The address is recorded
    as verified without the first-proof step, which would drop it again.
    """
    EmailAddress.objects.update_or_create(
        user=person, email=person.email.lower(), defaults={"verified": True}
    )
    if not EmailAddress.objects.filter(user=person, primary=True).exists():
        EmailAddress.objects.filter(user=person, email=person.email.lower()).update(primary=True)
