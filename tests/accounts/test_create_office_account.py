"""`manage.py create_office_account`: the first office account on a new installation."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from reglab.accounts.models import User

pytestmark = pytest.mark.django_db


def test_creates_an_office_account_without_a_password():
    out = io.StringIO()
    call_command("create_office_account", "Kansli@Reglab.SE", "--name", "Karin Kansli", stdout=out)
    user = User.objects.get(email="kansli@reglab.se")
    assert user.is_office and user.is_staff and not user.is_superuser
    assert user.name == "Karin Kansli"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert "kansli@reglab.se" in out.getvalue()


def test_promotes_an_existing_account_and_keeps_its_password():
    person = User.objects.create_user("anna@region.se", password="ett-langt-losenord-2026")
    call_command("create_office_account", "anna@region.se", "--superuser", stdout=io.StringIO())
    person.refresh_from_db()
    assert person.is_office and person.is_staff and person.is_superuser
    assert person.check_password("ett-langt-losenord-2026")


def test_refuses_an_invalid_address():
    with pytest.raises(CommandError, match="Ogiltig e-postadress"):
        call_command("create_office_account", "inte-en-adress", stdout=io.StringIO())
    assert not User.objects.exists()
