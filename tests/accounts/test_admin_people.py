"""The office manages people in the admin, but cannot take over a superuser's account.

Changing accounts in the admin asks for recent authentication
(reglab.accounts.reauthentication.protect_admin): everyone here signs in for real.
"""

import pytest

from reglab.accounts.models import User
from tests.accounts.test_reauthentication import sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-nytt-langt-losenord"


def password_form():
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}


def add_form(email):
    return {
        "email": email,
        "name": "Ny Person",
        **password_form(),
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
        "affiliations-MIN_NUM_FORMS": "0",
        "affiliations-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("who", ["office_user", "superuser"])
def test_office_and_superuser_add_a_person_with_a_lowercased_address(client, request, who):
    sign_in(client, request.getfixturevalue(who))
    response = client.post("/admin/accounts/user/add/", add_form("Ny.Person@Example.SE"))
    assert response.status_code == 302
    person = User.objects.get(name="Ny Person")
    assert person.email == "ny.person@example.se"
    assert not (person.is_staff or person.is_superuser or person.is_office)


def test_same_address_in_another_case_is_refused_in_the_admin(client, office_user, plain_user):
    sign_in(client, office_user)
    response = client.post("/admin/accounts/user/add/", add_form(plain_user.email.upper()))
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=plain_user.email).count() == 1


def test_office_sets_a_representatives_password(client, office_user, member_rep):
    sign_in(client, office_user)
    response = client.post(f"/admin/accounts/user/{member_rep.pk}/password/", password_form())
    assert response.status_code == 302
    member_rep.refresh_from_db()
    assert member_rep.check_password(NEW_PASSWORD)


def test_office_cannot_set_a_superusers_password(client, office_user, superuser):
    sign_in(client, office_user)
    url = f"/admin/accounts/user/{superuser.pk}/password/"
    assert client.get(url).status_code == 403
    assert client.post(url, password_form()).status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password(NEW_PASSWORD)


def test_office_cannot_change_or_delete_a_superuser(client, office_user, superuser):
    sign_in(client, office_user)
    change = client.post(
        f"/admin/accounts/user/{superuser.pk}/change/",
        {"email": "kapad@example.se", "name": "Kapad", "is_active": ""},
    )
    assert change.status_code == 403
    delete = client.post(f"/admin/accounts/user/{superuser.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    superuser.refresh_from_db()
    assert (superuser.email, superuser.is_active) == ("admin@example.se", True)


def test_office_may_still_view_a_superuser(client, office_user, superuser):
    sign_in(client, office_user)
    response = client.get(f"/admin/accounts/user/{superuser.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    # The person is shown, read-only: no field to edit and no button to save.
    assert superuser.email in html
    assert 'name="email"' not in html
    assert 'name="_save"' not in html


def test_office_cannot_make_anyone_staff_or_superuser(client, office_user, member_rep):
    sign_in(client, office_user)
    response = client.get(f"/admin/accounts/user/{member_rep.pk}/change/")
    readonly = response.context["adminform"].readonly_fields
    assert {"is_superuser", "is_staff", "groups"} <= set(readonly)


def test_superuser_sets_another_superusers_password(client, superuser):
    other = User.objects.create_superuser("annan@example.se", password="x" * 16)
    sign_in(client, superuser)
    response = client.post(f"/admin/accounts/user/{other.pk}/password/", password_form())
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)
