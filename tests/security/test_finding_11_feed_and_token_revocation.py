"""Finding 11: calendar addresses and API tokens can be revoked, and tokens expire.

The calendar feed's address carries a per-person secret: the person makes a new
address on ``/provrum/kalender/`` and the old one answers 404 at once, while
other people's addresses keep working. A personal API token can be listed and
revoked by its owner on ``/konto/api-nycklar/`` (and nobody else's), is shown
only once when created there, and may carry an expiry after which it is 401.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reglab.api.models import ApiToken, hash_token
from reglab.api.services import api_token_create
from reglab.provrum.calendar_feed import SALT, feed_token
from tests.conftest import PASSWORD
from tests.provrum.conftest import cast  # noqa: F401 (a fixture)
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead

pytestmark = pytest.mark.django_db

FEED_PATH = re.compile(r"/provrum/kalender/([^\"<>\s]+)\.ics")


@pytest.fixture
def planned(cast):  # noqa: F811
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    return provrum


def feed_status(client, token) -> int:
    client.logout()
    return client.get(reverse("provrum:calendar_feed", args=[token])).status_code


def page_tokens(client, person) -> set[str]:
    client.force_login(person)
    response = client.get(reverse("provrum:calendar"))
    assert response.status_code == 200
    return set(FEED_PATH.findall(response.content.decode()))


def payloads(tokens) -> set[tuple]:
    """What the tokens say (a signed token also carries the second it was made)."""
    return {tuple(sorted(signing.loads(token, salt=SALT).items())) for token in tokens}


# The calendar feed -------------------------------------------------------------------


def test_a_new_address_makes_the_old_one_404(client, cast, planned):  # noqa: F811
    skane, orebro = cast["people"]["skane"], cast["people"]["orebro"]
    old_all, old_one = feed_token(skane), feed_token(skane, planned)
    others = feed_token(orebro)
    assert payloads(page_tokens(client, skane)) == payloads([old_all, old_one])
    assert feed_status(client, old_all) == 200
    assert feed_status(client, old_one) == 200

    client.force_login(skane)
    assert client.get(reverse("provrum:calendar_feed_reset")).status_code == 405
    response = client.post(reverse("provrum:calendar_feed_reset"))
    assert response.status_code == 302
    skane.refresh_from_db()

    new = page_tokens(client, skane)
    assert len(new) == 2
    assert payloads(new).isdisjoint(payloads([old_all, old_one]))
    assert payloads(new) == payloads([feed_token(skane), feed_token(skane, planned)])
    assert feed_status(client, old_all) == 404
    assert feed_status(client, old_one) == 404
    for token in new:
        assert feed_status(client, token) == 200
    # Someone else's address is untouched.
    assert feed_status(client, others) == 200


def test_the_address_needs_the_persons_current_secret(client, cast, planned):  # noqa: F811
    skane = cast["people"]["skane"]
    good = signing.loads(feed_token(skane), salt=SALT)
    assert good.get("s"), "the token carries the person's secret"
    forged = [
        signing.dumps({"u": skane.pk}, salt=SALT),  # the old form, without a secret
        signing.dumps({"u": skane.pk, "s": ""}, salt=SALT),
        signing.dumps({"u": skane.pk, "s": "x" * len(good["s"])}, salt=SALT),
        signing.dumps({"u": skane.pk, "s": None}, salt=SALT),
        signing.dumps({"u": cast["office"].pk, "s": good["s"]}, salt=SALT),  # another's id
    ]
    for token in forged:
        assert feed_status(client, token) == 404, token


def test_every_person_has_an_own_secret(cast):  # noqa: F811
    secrets = {person.calendar_feed_secret for person in cast["people"].values()}
    assert len(secrets) == len(cast["people"])
    assert all(len(secret) >= 20 for secret in secrets)


def test_only_a_representative_can_reset_and_only_by_post(client, cast, plain_user):  # noqa: F811
    before = plain_user.calendar_feed_secret
    client.force_login(plain_user)
    assert client.post(reverse("provrum:calendar_feed_reset")).status_code == 403
    plain_user.refresh_from_db()
    assert plain_user.calendar_feed_secret == before
    client.logout()
    response = client.post(reverse("provrum:calendar_feed_reset"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Personal API tokens ------------------------------------------------------------------


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def api_status(raw) -> int:
    """/api/v1/me with the token alone, from a client without a session."""
    return Client().get("/api/v1/me", headers=bearer(raw)).status_code


TOKENS = "/konto/api-nycklar/"


def signed_in_to_create_tokens(client, person):
    """Creating a token asks for recent authentication (reglab.accounts.reauthentication)."""
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_the_person_creates_sees_once_lists_and_revokes(client, member_rep):
    signed_in_to_create_tokens(client, member_rep)
    assert client.get(TOKENS).status_code == 200
    response = client.post(TOKENS, {"name": "Analysskript", "expires_in_days": "30"})
    assert response.status_code == 200
    page = response.content.decode()
    raws = re.findall(r"rgl_[A-Za-z0-9_-]{20,}", page)
    assert len(set(raws)) == 1
    raw = raws[0]
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert token.person == member_rep and token.name == "Analysskript"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert api_status(raw) == 200

    # The list shows it, without the secret.
    listing = client.get(TOKENS).content.decode()
    assert "Analysskript" in listing and token.prefix in listing
    assert raw not in listing

    response = client.post(reverse("apitokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_status(raw) == 401


def test_nobody_revokes_or_sees_someone_elses_token(client, member_rep, partner_rep):
    token, raw = api_token_create(person=partner_rep, name="Eriks skript")
    client.force_login(member_rep)
    assert "Eriks skript" not in client.get(TOKENS).content.decode()
    assert client.post(reverse("apitokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_status(raw) == 200


def test_the_token_page_needs_a_sign_in_and_revoking_a_post(client, member_rep):
    token, _ = api_token_create(person=member_rep)
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member_rep)
    assert client.get(reverse("apitokens:revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("days", ["0", "-1", "abc", "100000", "9" * 40])
def test_a_bad_expiry_is_a_form_error_not_a_token(client, member_rep, days):
    signed_in_to_create_tokens(client, member_rep)
    response = client.post(TOKENS, {"name": "x", "expires_in_days": days})
    assert response.status_code == 400
    assert "expires_in_days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_401(client, member_rep):
    token, raw = api_token_create(person=member_rep, expires_at=timezone.now() + timedelta(days=1))
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert "detail" in response.json()


def test_the_command_can_set_an_expiry(client, member_rep):
    out = StringIO()
    call_command("api_token", member_rep.email, "--days", "7", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)


def test_the_profile_links_to_the_token_page(client, member_rep):
    client.force_login(member_rep)
    assert TOKENS in client.get(reverse("accounts:profile")).content.decode()
