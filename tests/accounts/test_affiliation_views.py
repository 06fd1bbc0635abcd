"""The affiliation flow through the HTML pages: profile, office queue, decision."""

import pytest
from django.core import mail

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.accounts.permissions import role_labels
from tests.factories import AffiliationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PROFILE = "/konto/profil/"
QUEUE = "/konto/kansli/anknytningar/"


def decide_url(affiliation):
    return f"/konto/kansli/anknytningar/{affiliation.pk}/beslut/"


def withdraw_url(affiliation):
    return f"/konto/anknytningar/{affiliation.pk}/avsluta/"


def request_data(organisation, **extra):
    return {
        "request_affiliation": "",
        "affiliation-organisation": organisation.pk,
        "affiliation-role_description": "Strateg",
        "affiliation-message": "",
        **extra,
    }


def test_request_from_profile_then_confirm_in_the_queue(
    client, plain_user, office_user, region, django_capture_on_commit_callbacks
):
    client.force_login(plain_user)
    response = client.post(PROFILE, request_data(region))
    assert response.status_code == 302
    assert response.url == PROFILE
    affiliation = Affiliation.objects.get(person=plain_user)
    assert (affiliation.organisation, affiliation.status, affiliation.role_description) == (
        region,
        AffiliationStatus.REQUESTED,
        "Strateg",
    )

    client.force_login(office_user)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert list(queue.context["affiliations"]) == [affiliation]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(affiliation), {"decision": "confirm", "comment": ""})
    assert response.status_code == 302
    assert response.url == QUEUE
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert affiliation.decided_by == office_user
    assert role_labels(plain_user) == ["member_representative"]
    assert [message.to for message in mail.outbox] == [[plain_user.email]]
    assert list(client.get(QUEUE).context["affiliations"]) == []

    client.force_login(plain_user)
    assert client.get(PROFILE).context["roles"] == ["member_representative"]


def test_office_rejects_in_the_queue(
    client, unconfirmed_user, office_user, django_capture_on_commit_callbacks
):
    affiliation = unconfirmed_user.affiliations.get()
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(affiliation), {"decision": "reject", "comment": "Okänd"})
    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.decision_comment) == (
        AffiliationStatus.REJECTED,
        "Okänd",
    )
    assert role_labels(unconfirmed_user) == []
    assert len(mail.outbox) == 1


def test_decision_without_a_valid_choice_changes_nothing(client, unconfirmed_user, office_user):
    affiliation = unconfirmed_user.affiliations.get()
    client.force_login(office_user)
    for data in [{}, {"decision": "maybe"}]:
        response = client.post(decide_url(affiliation), data)
        assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED


def test_rejecting_a_confirmed_affiliation_in_the_queue_changes_nothing(
    client, member_rep, office_user, django_capture_on_commit_callbacks
):
    affiliation = member_rep.affiliations.get()
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(affiliation), {"decision": "reject"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED
    assert mail.outbox == []


def test_decision_on_a_missing_affiliation_is_404(client, office_user):
    client.force_login(office_user)
    response = client.post("/konto/kansli/anknytningar/999999/beslut/", {"decision": "confirm"})
    assert response.status_code == 404


def test_decision_needs_post(client, unconfirmed_user, office_user):
    client.force_login(office_user)
    response = client.get(decide_url(unconfirmed_user.affiliations.get()))
    assert response.status_code == 405


def test_double_request_from_profile_is_a_form_error_and_one_record(
    client, unconfirmed_user, region
):
    client.force_login(unconfirmed_user)
    response = client.post(PROFILE, request_data(region))
    assert response.status_code == 400
    assert response.context["request_form"].has_error("organisation", "affiliation_exists")
    assert Affiliation.objects.filter(person=unconfirmed_user, organisation=region).count() == 1


def test_request_for_an_inactive_organisation_is_refused(client, plain_user):
    former = OrganisationFactory(active_until="2000-12-31")
    client.force_login(plain_user)
    response = client.post(PROFILE, request_data(former))
    assert response.status_code == 400
    assert response.context["request_form"].has_error("organisation", "invalid_choice")
    assert not Affiliation.objects.filter(person=plain_user).exists()


def test_request_without_organisation_is_refused(client, plain_user):
    client.force_login(plain_user)
    response = client.post(PROFILE, {"request_affiliation": "", "affiliation-organisation": ""})
    assert response.status_code == 400
    assert response.context["request_form"].has_error("organisation", "required")
    assert not Affiliation.objects.exists()


def test_profile_form_saves_name_and_title(client, plain_user):
    client.force_login(plain_user)
    response = client.post(
        PROFILE,
        {"save_profile": "", "profile-name": "Utan Anknytning", "profile-title": "Analytiker"},
    )
    assert response.status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.title == "Analytiker"


def test_person_withdraws_own_affiliation_from_profile(client, member_rep):
    affiliation = member_rep.affiliations.get()
    client.force_login(member_rep)
    response = client.post(withdraw_url(affiliation))
    assert response.status_code == 302
    assert response.url == PROFILE
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.ENDED
    assert role_labels(member_rep) == []


@pytest.mark.parametrize("who", ["plain_user", "partner_rep", "office_user", "unconfirmed_user"])
def test_someone_else_cannot_withdraw_and_gets_404(client, request, member_rep, who):
    affiliation = member_rep.affiliations.get()
    client.force_login(request.getfixturevalue(who))
    response = client.post(withdraw_url(affiliation))
    assert response.status_code == 404
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.CONFIRMED


def test_withdraw_of_a_missing_affiliation_is_404_too(client, plain_user):
    client.force_login(plain_user)
    assert client.post("/konto/anknytningar/999999/avsluta/").status_code == 404


def test_queue_pages_long_lists(client, office_user):
    for _ in range(30):
        AffiliationFactory(status=AffiliationStatus.REQUESTED)
    client.force_login(office_user)
    first = client.get(QUEUE)
    second = client.get(QUEUE, {"sida": 2})
    assert len(first.context["affiliations"]) == 25
    assert len(second.context["affiliations"]) == 5
