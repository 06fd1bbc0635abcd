import pytest
from django.core import mail

from reglab.accounts.services import affiliation_confirm
from tests.factories import AffiliationFactory


@pytest.mark.django_db
def test_start_page_is_swedish(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Hoppa till innehållet" in response.content.decode()


@pytest.mark.django_db
def test_confirming_sends_mail_after_commit(
    office_user, plain_user, region, django_capture_on_commit_callbacks
):
    affiliation = AffiliationFactory(person=plain_user, organisation=region, status="requested")
    with django_capture_on_commit_callbacks(execute=True):
        affiliation_confirm(affiliation=affiliation, by=office_user)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [plain_user.email]
