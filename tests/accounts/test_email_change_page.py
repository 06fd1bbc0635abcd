"""Changing one's e-mail address: allauth's page and messages in the platform's Swedish."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_reauthentication import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = reverse("account_email")


def text(response):
    return " ".join(response.content.decode().split())


def test_a_pending_change_can_be_sent_again_or_called_off_in_swedish(client):
    person = UserFactory(email="gammal@example.se")
    sign_in(client, person)

    added = client.post(EMAIL, {"action_add": "", "email": "ny@example.se"}, follow=True)
    pending = text(client.get(EMAIL))
    called_off = client.post(EMAIL, {"action_remove": "", "email": "ny@example.se"}, follow=True)

    assert "Vi har skickat en länk till ny@example.se. Följ den för att bekräfta adressen." in text(
        added
    )
    assert "Byts till" in pending
    assert "Den nya adressen är inte bekräftad ännu." in pending
    assert ">Skicka länken igen</button>" in pending
    assert ">Behåll den nuvarande adressen</button>" in pending
    assert "Adressen ny@example.se är borttagen." in text(called_off)
    assert "epost" not in pending.replace("e-post", "")
    assert len(mail.outbox) == 1
