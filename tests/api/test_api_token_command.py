"""`manage.py api_token <e-mail>` prints a new token once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reglab.api.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_a_token_that_works(client, member_rep):
    raw = run(member_rep.email)
    assert raw.startswith("rgl_")
    token = ApiToken.objects.get()
    assert (token.person, token.key_hash) == (member_rep, hash_token(raw))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["email"] == member_rep.email


def test_finds_the_person_whatever_the_case(member_rep):
    run("  SKANE@Example.SE ")
    assert ApiToken.objects.get().person == member_rep


def test_name_is_stored(member_rep):
    run(member_rep.email, "--name", "Analysskript")
    assert ApiToken.objects.get().name == "Analysskript"


def test_unknown_address_is_an_error_in_swedish(db):
    with pytest.raises(CommandError) as excinfo:
        run("ingen@example.se")
    # The command speaks Swedish to the operator.
    assert "Ingen person" in str(excinfo.value)
    assert "ingen@example.se" in str(excinfo.value)
    assert not ApiToken.objects.exists()


def test_inactive_person_gets_no_token(member_rep):
    member_rep.is_active = False
    member_rep.save()
    with pytest.raises(CommandError) as excinfo:
        run(member_rep.email)
    assert "inaktiverat" in str(excinfo.value)
    assert not ApiToken.objects.exists()
