"""Finding 3: a person proves they own their e-mail address before the account is theirs.

The attack (pre-account takeover): an attacker signs up with the victim's
address and a password of the attacker's choosing. When the victim later signs
in by code (or confirms the address, or resets the password), the account is
the victim's, yet the attacker's password still opened it. Now the first proof
of the address drops any password set before it and ends every other session;
an unproven address can neither sign in nor ask to represent an organisation;
and sign-up answers the same whether or not the address already has an account.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.accounts.services import affiliation_confirm, affiliation_request
from tests.conftest import PASSWORD
from tests.factories import AffiliationFactory, UserFactory
from tests.test_signin_code import code_from

pytestmark = pytest.mark.django_db

VICTIM = "offer@region.example.se"
ATTACKER_PASSWORD = "angriparens-hemliga-losenord"
VICTIM_PASSWORD = "offrets-eget-nya-losenord"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def sign_up(client, email, password):
    return client.post(
        reverse("account_signup"),
        {"name": "Ny Person", "email": email, "password1": password, "password2": password},
    )


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def sign_in_by_code(client, email):
    mail.outbox.clear()
    client.post(reverse("account_request_login_code"), {"email": email})
    return client.post(reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[0])})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def victim_account():
    return User.objects.get(email=VICTIM)


def links_in(message, fragment):
    return [url for url in LINK.findall(message.body) if fragment in url]


# The attack, end to end --------------------------------------------------------


def test_sign_up_does_not_sign_in_before_the_address_is_proven(client):
    response = sign_up(client, VICTIM, ATTACKER_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert signed_in_as(client) is None
    assert not EmailAddress.objects.get(email=VICTIM).verified
    # The password alone does not open an unproven account either.
    response = sign_in(client, VICTIM, ATTACKER_PASSWORD)
    assert signed_in_as(client) is None
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_code_sign_in_by_the_owner_drops_the_attackers_password():
    attacker, victim = Client(), Client()
    sign_up(attacker, VICTIM, ATTACKER_PASSWORD)
    assert victim_account().check_password(ATTACKER_PASSWORD)

    response = sign_in_by_code(victim, VICTIM)

    assert response.status_code == 302
    assert signed_in_as(victim) == str(victim_account().pk)
    assert EmailAddress.objects.get(email=VICTIM).verified
    assert not victim_account().has_usable_password()
    # The attacker's password no longer opens the account the owner now uses.
    response = sign_in(attacker, VICTIM, ATTACKER_PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert signed_in_as(attacker) is None


def test_first_proof_ends_a_session_opened_before_it(settings):
    """An account made while verification was optional (before this fix) kept its session."""
    attacker, victim = Client(), Client()
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    sign_up(attacker, VICTIM, ATTACKER_PASSWORD)
    assert attacker.get(reverse("accounts:profile")).status_code == 200
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    sign_in_by_code(victim, VICTIM)

    # The attacker's session is over; the owner's own session holds.
    response = attacker.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert signed_in_as(attacker) is None
    assert victim.get(reverse("accounts:profile")).status_code == 200


def test_confirming_the_link_drops_the_attackers_password(client):
    sign_up(Client(), VICTIM, ATTACKER_PASSWORD)
    [message] = mail.outbox
    assert message.to == [VICTIM]
    [link] = links_in(message, "/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email=VICTIM).verified
    assert not victim_account().has_usable_password()
    sign_in(client, VICTIM, ATTACKER_PASSWORD)
    assert signed_in_as(client) is None


def test_confirming_in_the_browser_that_signed_up_keeps_the_password(client):
    """Whoever opens the link in the session that chose the password owns both."""
    sign_up(client, VICTIM, VICTIM_PASSWORD)
    [link] = links_in(mail.outbox[0], "/confirm-email/")

    response = client.post(link)

    assert response.status_code == 302
    assert signed_in_as(client) == str(victim_account().pk)
    assert victim_account().check_password(VICTIM_PASSWORD)
    # ... while the same link opened anywhere else would have dropped it (above).


def test_password_reset_proves_the_address_and_only_the_new_password_works():
    attacker, victim = Client(), Client()
    sign_up(attacker, VICTIM, ATTACKER_PASSWORD)
    mail.outbox.clear()

    victim.post(reverse("account_reset_password"), {"email": VICTIM})
    [link] = links_in(mail.outbox[0], "/password/reset/key/")
    form_page = victim.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    response = victim.post(
        set_password_url, {"password1": VICTIM_PASSWORD, "password2": VICTIM_PASSWORD}
    )
    assert response.status_code == 302

    assert EmailAddress.objects.get(email=VICTIM).verified
    sign_in(attacker, VICTIM, ATTACKER_PASSWORD)
    assert signed_in_as(attacker) is None
    # The owner's new password opens the account at once: no second proof is asked for.
    response = sign_in(victim, VICTIM, VICTIM_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_as(victim) == str(victim_account().pk)


def test_a_password_the_owner_sets_after_the_proof_is_kept(client):
    sign_up(Client(), VICTIM, ATTACKER_PASSWORD)
    sign_in_by_code(client, VICTIM)
    response = client.post(
        reverse("account_set_password"),
        {"password1": VICTIM_PASSWORD, "password2": VICTIM_PASSWORD},
    )
    assert response.status_code == 302
    # Signing in by code again proves nothing new and keeps the owner's password.
    sign_in_by_code(Client(), VICTIM)
    assert victim_account().check_password(VICTIM_PASSWORD)

    fresh = Client()
    response = sign_in(fresh, VICTIM, VICTIM_PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(fresh) == str(victim_account().pk)
    # Setting the password did not sign the owner out where they set it.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_account_made_by_the_operator_keeps_its_password_through_sign_in(client):
    """createsuperuser and the like: the operator vouches for the address."""
    User.objects.create_user("drift@reglab.example", password=ATTACKER_PASSWORD)

    response = sign_in(client, "drift@reglab.example", ATTACKER_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert EmailAddress.objects.get(email="drift@reglab.example").verified


# Affiliations need a proven address --------------------------------------------


@pytest.fixture
def unproven(settings):
    """A person whose address is not proven, signed in from before this fix."""
    client = Client()
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    sign_up(client, VICTIM, ATTACKER_PASSWORD)
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    assert signed_in_as(client)
    return client


def test_an_unproven_address_cannot_request_an_affiliation(unproven, region):
    page = unproven.get(reverse("accounts:profile"))
    html = page.content.decode()
    assert "Du måste bekräfta din e-postadress" in html
    assert reverse("account_email") in html

    response = unproven.post(
        reverse("accounts:profile"),
        {"affiliation-organisation": region.pk, "request_affiliation": "1"},
    )

    assert response.status_code == 400
    assert "Du måste bekräfta din e-postadress" in response.content.decode()
    assert not Affiliation.objects.exists()
    with pytest.raises(ValidationError) as error:
        affiliation_request(person=victim_account(), organisation=region)
    assert error.value.code == "email_unverified"


def test_a_proven_address_can_request(client, region):
    sign_up(Client(), VICTIM, ATTACKER_PASSWORD)
    sign_in_by_code(client, VICTIM)

    response = client.post(
        reverse("accounts:profile"),
        {"affiliation-organisation": region.pk, "request_affiliation": "1"},
    )

    assert response.status_code == 302
    assert Affiliation.objects.get().person == victim_account()


def test_the_office_cannot_confirm_a_request_from_an_unproven_address(client, office_user, region):
    person = UserFactory(email="obekraftad@example.se", email_verified=False)
    affiliation = AffiliationFactory(
        person=person, organisation=region, status=AffiliationStatus.REQUESTED
    )

    with pytest.raises(ValidationError) as error:
        affiliation_confirm(affiliation=affiliation, by=office_user)
    assert error.value.code == "email_unverified"

    client.force_login(office_user)
    response = client.post(
        reverse("accounts:affiliation_decide", args=[affiliation.pk]),
        {"decision": "confirm"},
        follow=True,
    )
    assert response.status_code == 200
    assert "har inte bekräftat sin e-postadress" in response.content.decode()
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED


# Sign-up does not tell who has an account -----------------------------------------


def test_sign_up_answers_the_same_for_a_known_and_a_new_address(member_rep):
    known_client, new_client = Client(), Client()

    known = sign_up(known_client, member_rep.email, ATTACKER_PASSWORD)
    new = sign_up(new_client, "ny-person@example.se", ATTACKER_PASSWORD)

    assert (known.status_code, known.url) == (new.status_code, new.url)
    known_page = known_client.get(known.url)
    new_page = new_client.get(new.url)
    assert known_page.status_code == new_page.status_code == 200

    def text(page, email):
        html = page.content.decode().replace(email, "ADDRESS")
        # The CSRF token and the CSP nonce differ per request.
        html = re.sub(r'(value|nonce|content)="[^"]{20,}"', r'\1=""', html)
        return html

    assert text(known_page, member_rep.email) == text(new_page, "ny-person@example.se")
    # The owner of the known address hears about the attempt; no second account exists.
    assert User.objects.filter(email=member_rep.email).count() == 1
    assert not member_rep.__class__.objects.get(pk=member_rep.pk).check_password(ATTACKER_PASSWORD)
    [to_known] = [m for m in mail.outbox if m.to == [member_rep.email]]
    assert links_in(to_known, "/password/reset/")


# A second, unproven address on someone else's account (issue 10, second round) ----

SECOND = "kollega@region.example.se"


def add_address(client, email):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


@pytest.fixture
def attacker():
    """A signed-in person with a proven address of their own."""
    person = UserFactory(email="angripare@example.se")
    client = Client()
    client.force_login(person)
    # Adding an address asks for the password again (ACCOUNT_REAUTHENTICATION_REQUIRED).
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.person = person
    return client


def test_a_code_for_an_address_added_to_another_account_does_not_open_it(attacker):
    add_address(attacker, SECOND)
    mail.outbox.clear()

    victim = Client()
    victim.post(reverse("account_request_login_code"), {"email": SECOND})
    for message in mail.outbox:
        if LINK.search(message.body) is None:
            # Whatever arrives, it is no code that opens the attacker's account.
            victim.post(reverse("account_confirm_login_code"), {"code": code_from(message)})

    assert signed_in_as(victim) != str(attacker.person.pk)
    assert not EmailAddress.objects.filter(email=SECOND, verified=True).exists()


def test_a_reset_link_for_an_address_added_to_another_account_is_not_sent(attacker):
    add_address(attacker, SECOND)
    mail.outbox.clear()

    Client().post(reverse("account_reset_password"), {"email": SECOND})

    assert not any(links_in(message, "/password/reset/key/") for message in mail.outbox)


def test_an_account_holds_one_address_and_a_new_one_replaces_it_only_once_proven(attacker):
    add_address(attacker, SECOND)

    addresses = EmailAddress.objects.filter(user=attacker.person)
    # The new address waits for its proof; the proven one stays the account's.
    assert EmailAddress.objects.get(email=SECOND).verified is False
    assert addresses.get(verified=True).email == "angripare@example.se"
    # A third address takes the waiting one's place instead of piling up.
    add_address(attacker, "tredje@example.se")
    assert set(addresses.values_list("email", flat=True)) == {
        "angripare@example.se",
        "tredje@example.se",
    }

    # Proving the new address swaps it in: the account has one address again.
    [message] = [m for m in mail.outbox if m.to == ["tredje@example.se"]]
    [link] = links_in(message, "/confirm-email/")
    attacker.post(link)
    assert list(addresses.values_list("email", "verified")) == [("tredje@example.se", True)]


def test_an_address_waiting_on_another_account_does_not_keep_its_owner_out(attacker):
    """Adding someone's address does not reserve it: its owner can still sign up."""
    add_address(attacker, SECOND)
    mail.outbox.clear()
    cache.clear()  # allauth sends one confirmation per address in 3 minutes; they pass

    owner = Client()
    response = sign_up(owner, SECOND, VICTIM_PASSWORD)

    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [SECOND]]
    [link] = links_in(message, "/confirm-email/")
    owner.post(link)
    account = User.objects.get(email=SECOND)
    assert account != attacker.person
    assert EmailAddress.objects.get(email=SECOND, verified=True).user == account
    assert signed_in_as(owner) == str(account.pk)
    # A code for the address now opens the owner's account, never the attacker's.
    other = Client()
    sign_in_by_code(other, SECOND)
    assert signed_in_as(other) == str(account.pk)
