"""The affiliation flow through its services: request, confirm, reject, withdraw."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.accounts.permissions import role_labels
from reglab.accounts.selectors import affiliation_queue
from reglab.accounts.services import (
    affiliation_confirm,
    affiliation_reject,
    affiliation_request,
    affiliation_withdraw,
)
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(plain_user, region):
    return affiliation_request(
        person=plain_user, organisation=region, role_description=" Analytiker "
    )


def test_request_creates_one_pending_affiliation(requested, plain_user, region):
    assert (requested.person, requested.organisation, requested.status) == (
        plain_user,
        region,
        AffiliationStatus.REQUESTED,
    )
    assert requested.role_description == "Analytiker"
    assert role_labels(plain_user) == []


def test_request_appears_in_the_office_queue(requested, office_user, superuser):
    assert list(affiliation_queue(by=office_user)) == [requested]
    assert list(affiliation_queue(by=superuser)) == [requested]


def test_queue_is_empty_for_anyone_but_the_office(requested, member_rep, plain_user):
    assert list(affiliation_queue(by=member_rep)) == []
    assert list(affiliation_queue(by=plain_user)) == []


def test_queue_is_oldest_first_and_holds_only_pending_requests(office_user, region, partner_org):
    first = AffiliationFactory(organisation=region, status=AffiliationStatus.REQUESTED)
    second = AffiliationFactory(organisation=partner_org, status=AffiliationStatus.REQUESTED)
    AffiliationFactory(organisation=region, status=AffiliationStatus.CONFIRMED)
    AffiliationFactory(organisation=region, status=AffiliationStatus.REJECTED)
    assert list(affiliation_queue(by=office_user)) == [first, second]


def test_confirm_makes_a_member_representative_and_mails_once_after_commit(
    requested, office_user, plain_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        affiliation = affiliation_confirm(
            affiliation=requested, by=office_user, comment="Välkommen"
        )
    # Nothing is sent until the transaction commits.
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert affiliation.decided_by == office_user
    assert affiliation.decided_at is not None
    assert affiliation.decision_comment == "Välkommen"
    assert role_labels(plain_user) == ["member_representative"]
    assert plain_user.has_perm("organisations.view_people")
    assert list(affiliation_queue(by=office_user)) == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [plain_user.email]


def test_confirming_twice_is_quiet_and_mails_once(
    requested, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation_confirm(affiliation=requested, by=office_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        affiliation = affiliation_confirm(affiliation=requested, by=office_user)
    assert callbacks == []
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert len(mail.outbox) == 1
    assert requested.history.count() == 2  # created, confirmed


def test_partner_affiliation_makes_a_partner_representative(plain_user, partner_org, office_user):
    affiliation = affiliation_request(person=plain_user, organisation=partner_org)
    affiliation_confirm(affiliation=affiliation, by=office_user)
    assert role_labels(plain_user) == ["partner_representative"]


def test_reject_gives_no_role_and_mails_the_person(
    requested, office_user, plain_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = affiliation_reject(affiliation=requested, by=office_user)
    assert affiliation.status == AffiliationStatus.REJECTED
    assert role_labels(plain_user) == []
    assert not plain_user.has_perm("organisations.view_people")
    assert [message.to for message in mail.outbox] == [[plain_user.email]]


def test_rejected_request_can_be_followed_by_a_new_one(requested, office_user, plain_user, region):
    affiliation_reject(affiliation=requested, by=office_user)
    again = affiliation_request(person=plain_user, organisation=region)
    assert again.pk != requested.pk
    assert again.status == AffiliationStatus.REQUESTED


def test_inactive_person_cannot_request(plain_user, region):
    plain_user.is_active = False
    plain_user.save()
    with pytest.raises(PermissionDenied):
        affiliation_request(person=plain_user, organisation=region)
    assert not Affiliation.objects.exists()


def test_anonymous_cannot_request(db, region):
    with pytest.raises(PermissionDenied):
        affiliation_request(person=AnonymousUser(), organisation=region)
    assert not Affiliation.objects.exists()


@pytest.mark.parametrize("status", [AffiliationStatus.REQUESTED, AffiliationStatus.CONFIRMED])
def test_double_request_raises_and_keeps_one_record(plain_user, region, status):
    AffiliationFactory(person=plain_user, organisation=region, status=status)
    with pytest.raises(ValidationError) as excinfo:
        affiliation_request(person=plain_user, organisation=region)
    assert excinfo.value.code == "affiliation_exists"
    assert Affiliation.objects.filter(person=plain_user, organisation=region).count() == 1


def test_rejecting_a_confirmed_affiliation_raises(requested, office_user):
    affiliation_confirm(affiliation=requested, by=office_user)
    with pytest.raises(ValidationError) as excinfo:
        affiliation_reject(affiliation=requested, by=office_user)
    assert excinfo.value.code == "affiliation_already_decided"
    requested.refresh_from_db()
    assert requested.status == AffiliationStatus.CONFIRMED


def test_confirming_a_rejected_request_raises(requested, office_user):
    affiliation_reject(affiliation=requested, by=office_user)
    with pytest.raises(ValidationError) as excinfo:
        affiliation_confirm(affiliation=requested, by=office_user)
    assert excinfo.value.code == "affiliation_already_decided"


@pytest.mark.parametrize("decide", [affiliation_confirm, affiliation_reject])
@pytest.mark.parametrize("who", ["plain_user", "member_rep", "partner_rep", "unconfirmed_user"])
def test_only_the_office_decides(
    request, requested, decide, who, django_capture_on_commit_callbacks
):
    by = request.getfixturevalue(who)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        decide(affiliation=requested, by=by)
    requested.refresh_from_db()
    assert requested.status == AffiliationStatus.REQUESTED
    assert requested.decided_by is None
    assert mail.outbox == []


def test_staff_without_office_role_cannot_decide(requested):
    staff = AffiliationFactory().person
    staff.is_staff = True
    staff.save()
    with pytest.raises(PermissionDenied):
        affiliation_confirm(affiliation=requested, by=staff)


def test_inactive_office_user_cannot_decide(requested, office_user):
    office_user.is_active = False
    office_user.save()
    with pytest.raises(PermissionDenied):
        affiliation_confirm(affiliation=requested, by=office_user)


@pytest.mark.parametrize("status", [AffiliationStatus.REQUESTED, AffiliationStatus.CONFIRMED])
def test_person_withdraws_their_own_affiliation(plain_user, region, status):
    affiliation = AffiliationFactory(person=plain_user, organisation=region, status=status)
    withdrawn = affiliation_withdraw(affiliation=affiliation, by=plain_user)
    assert withdrawn.status == AffiliationStatus.ENDED
    assert role_labels(plain_user) == []
    # Ended affiliations stay as history and free the way for a new request.
    assert affiliation_request(person=plain_user, organisation=region).pk != affiliation.pk


def test_withdrawing_twice_is_quiet(plain_user, region):
    affiliation = AffiliationFactory(person=plain_user, organisation=region)
    affiliation_withdraw(affiliation=affiliation, by=plain_user)
    again = affiliation_withdraw(affiliation=affiliation, by=plain_user)
    assert again.status == AffiliationStatus.ENDED


@pytest.mark.parametrize("who", ["plain_user", "partner_rep", "office_user"])
def test_someone_else_cannot_withdraw(request, member_rep, who):
    affiliation = member_rep.affiliations.get()
    with pytest.raises(PermissionDenied):
        affiliation_withdraw(affiliation=affiliation, by=request.getfixturevalue(who))
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert role_labels(member_rep) == ["member_representative"]
