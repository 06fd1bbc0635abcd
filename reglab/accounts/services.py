"""Writes on people and affiliations. Views, the API, commands and tests call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.organisations.models import Organisation


def _send_decision_mail(affiliation_id: int) -> None:
    affiliation = Affiliation.objects.select_related("person", "organisation").get(
        pk=affiliation_id
    )
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

    Raises ValidationError if the person already has an open request or a
    confirmed affiliation with the organisation (so a double submit creates one
    record), and PermissionDenied for an inactive or anonymous person.
    """
    if not person.has_perm("accounts.request_affiliation"):
        raise PermissionDenied(_("You must be signed in to request an affiliation."))
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


def _decide(*, affiliation: Affiliation, by: User, status: str, comment: str) -> Affiliation:
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
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_comment = comment.strip()
    locked._change_reason = f"{status} by {by.pk}"
    locked.save()
    transaction.on_commit(lambda: _send_decision_mail(locked.pk))
    return locked


@transaction.atomic
def affiliation_confirm(*, affiliation: Affiliation, by: User, comment: str = "") -> Affiliation:
    """Confirm a requested affiliation, which gives the person rights for the organisation.

    Raises PermissionDenied unless ``by`` is the office, ValidationError if the
    request was already rejected or ended. Confirming twice changes nothing.
    """
    return _decide(
        affiliation=affiliation, by=by, status=AffiliationStatus.CONFIRMED, comment=comment
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
