"""People sign in with their e-mail address: unique, and stored in lower case by the manager."""

import pytest
from django.db import IntegrityError, transaction

from reglab.accounts.models import User

pytestmark = pytest.mark.django_db


def test_manager_lowercases_the_whole_address():
    person = User.objects.create_user("Anna.Akesson@Region.SKANE.se", password="x" * 16)
    assert person.email == "anna.akesson@region.skane.se"


def test_address_is_unique_whatever_the_case_given_to_the_manager():
    User.objects.create_user("anna@example.se")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ANNA@Example.se")
    assert User.objects.count() == 1


def test_address_is_unique_in_the_database():
    User.objects.create(email="erik@example.se")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="erik@example.se")


def test_clean_lowercases_too():
    person = User(email="Erik@Example.SE")
    person.clean()
    assert person.email == "erik@example.se"


def test_an_address_is_required():
    with pytest.raises(ValueError):
        User.objects.create_user("")


def test_superuser_is_office_and_staff():
    admin = User.objects.create_superuser("Admin@Example.se", password="x" * 16)
    assert (admin.email, admin.is_staff, admin.is_superuser, admin.is_office) == (
        "admin@example.se",
        True,
        True,
        True,
    )
