"""Sign-up asks for a name and leads straight to asking to represent one's organisation."""

import pytest
from django.core import mail
from django.urls import reverse

from reglab.accounts.models import User
from tests.security.test_finding_03_email_proof import links_in

pytestmark = pytest.mark.django_db

PASSWORD = "Ett-langt-losenord-2026"


def sign_up(client, **fields):
    data = {"email": "ny@example.se", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(reverse("account_signup"), data)


def test_the_form_asks_for_the_name_first(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert html.index('name="name"') < html.index('name="email"')
    assert 'autocomplete="name"' in html


def test_a_name_is_required(client):
    response = sign_up(client, name="   ")
    assert response.status_code == 200
    assert "Skriv ditt namn." in response.content.decode()
    assert not User.objects.exists()


def test_the_name_is_kept_and_the_person_lands_on_the_request(client):
    sign_up(client, name="  Nora   Nilsson ")
    assert User.objects.get().name == "Nora Nilsson"
    [link] = links_in(mail.outbox[0], "/confirm-email/")
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile") + "#request-title"
    page = client.get(response.url).content.decode()
    assert "Be att få företräda en organisation" in page
