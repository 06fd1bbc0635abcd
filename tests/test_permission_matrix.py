"""Every role through every page, from one shared setup (as in adhocracy+).

Each row of a table is one page or permission; each column one role. A change
in who may do what shows up as a changed cell here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from reglab.accounts.models import AffiliationStatus

ROLES = [
    "anonymous",
    "plain_user",
    "unconfirmed_user",
    "member_rep",
    "partner_rep",
    "office_user",
    "superuser",
]

LOGIN = "login"  # redirect to the sign-in page
ADMIN = "admin_login"  # redirect to the admin's sign-in page

# fmt: off
PAGES = {
    # page                  anonymous plain  unconf  member  partner office superuser
    "home":                 (200,     200,   200,    200,    200,    200,   200),
    "directory":            (200,     200,   200,    200,    200,    200,   200),
    "detail":               (200,     200,   200,    200,    200,    200,   200),
    "profile":              (LOGIN,   200,   200,    200,    200,    200,   200),
    "queue":                (LOGIN,   403,   403,    403,    403,    200,   200),
    "decide":               (LOGIN,   403,   403,    403,    403,    302,   302),
    "admin":                (ADMIN,   ADMIN, ADMIN,  ADMIN,  ADMIN,  200,   200),
    "admin_organisations":  (ADMIN,   ADMIN, ADMIN,  ADMIN,  ADMIN,  200,   200),
    "api_me":               (401,     200,   200,    200,    200,    200,   200),
    "api_organisations":    (401,     200,   200,    200,    200,    200,   200),
    "meetings":             (200,     200,   200,    200,    200,    200,   200),
    "networks":             (200,     200,   200,    200,    200,    200,   200),
    "meeting_create":       (LOGIN,   403,   403,    403,    403,    200,   200),
    "api_networks":         (200,     200,   200,    200,    200,    200,   200),
    "api_meetings":         (200,     200,   200,    200,    200,    200,   200),
}

PERMISSIONS = {
    # permission                          anonymous plain  unconf member partner office superuser
    "accounts.view_affiliation_queue":   (False,    False, False, False, False,  True,  True),
    "accounts.decide_affiliation":       (False,    False, False, False, False,  True,  True),
    "accounts.request_affiliation":      (False,    True,  True,  True,  True,   True,  True),
    "organisations.view_people":         (False,    False, False, True,  True,   True,  True),
    "meetings.join_network":             (False,    False, False, True,  True,   True,  True),
}

ROLE_LABELS = {
    "anonymous": [],
    "plain_user": [],
    "unconfirmed_user": [],
    "member_rep": ["member_representative"],
    "partner_rep": ["partner_representative"],
    "office_user": ["office"],
    "superuser": ["superuser", "office"],
}
# fmt: on


def cells(table):
    return [
        pytest.param(row, role, expected, id=f"{row}-{role}")
        for row, outcomes in table.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ]


@pytest.fixture
def everyone(
    db, plain_user, unconfirmed_user, member_rep, partner_rep, office_user, superuser, region
):
    """All roles exist in every test, whichever of them is acting."""
    return {
        "anonymous": AnonymousUser(),
        "plain_user": plain_user,
        "unconfirmed_user": unconfirmed_user,
        "member_rep": member_rep,
        "partner_rep": partner_rep,
        "office_user": office_user,
        "superuser": superuser,
    }


@pytest.fixture
def as_role(client, everyone):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(everyone[role])
        return client

    return sign_in


def pending_affiliation(everyone):
    return everyone["unconfirmed_user"].affiliations.get()


def visit(client, page, everyone, region):
    if page == "decide":
        affiliation = pending_affiliation(everyone)
        return client.post(
            f"/konto/kansli/anknytningar/{affiliation.pk}/beslut/", {"decision": "confirm"}
        )
    url = {
        "home": "/",
        "directory": "/organisationer/",
        "detail": f"/organisationer/{region.slug}/",
        "profile": "/konto/profil/",
        "queue": "/konto/kansli/anknytningar/",
        "admin": "/admin/",
        "admin_organisations": "/admin/organisations/organisation/",
        "api_me": "/api/v1/me",
        "api_organisations": "/api/v1/organisations",
        "meetings": "/moten/",
        "networks": "/natverk/",
        "meeting_create": "/moten/nytt/",
        "api_networks": "/api/v1/networks",
        "api_meetings": "/api/v1/meetings",
    }[page]
    return client.get(url)


@pytest.mark.parametrize(("page_name", "role", "expected"), cells(PAGES))
def test_page_access(as_role, everyone, region, page_name, role, expected):
    response = visit(as_role(role), page_name, everyone, region)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
    elif expected == ADMIN:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_decision_changes_the_affiliation_only_for_the_office(as_role, everyone, region, role):
    visit(as_role(role), "decide", everyone, region)
    affiliation = pending_affiliation(everyone)
    may_decide = role in ("office_user", "superuser")
    expected = AffiliationStatus.CONFIRMED if may_decide else AffiliationStatus.REQUESTED
    assert affiliation.status == expected


@pytest.mark.parametrize(("permission", "role", "expected"), cells(PERMISSIONS))
def test_permission(everyone, permission, role, expected):
    assert everyone[role].has_perm(permission) is expected


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_permission_is_only_for_ones_own_affiliation(everyone, role):
    affiliation = everyone["member_rep"].affiliations.get()
    user = everyone[role]
    # Only one's own: on an object, a superuser is judged like the office.
    expected = role == "member_rep"
    assert user.has_perm("accounts.withdraw_affiliation", affiliation) is expected


@pytest.mark.parametrize("role", ROLES)
def test_people_on_the_organisation_page(as_role, everyone, region, role):
    """Representatives' e-mail addresses: only for confirmed representatives and the office."""
    response = visit(as_role(role), "detail", everyone, region)
    content = response.content.decode()
    shown = role in ("member_rep", "partner_rep", "office_user", "superuser")
    assert response.context["can_view_people"] is shown
    assert (everyone["member_rep"].email in content) is shown
    # A request not yet confirmed is never listed, whoever looks.
    assert everyone["unconfirmed_user"].email not in content


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_roles_in_the_api(as_role, everyone, region, role):
    response = visit(as_role(role), "api_me", everyone, region)
    assert response.json()["roles"] == ROLE_LABELS[role]
    assert response.json()["email"] == everyone[role].email


@pytest.mark.parametrize("role", ROLES)
def test_office_link_in_the_menu_only_for_the_office(as_role, everyone, region, role):
    content = visit(as_role(role), "home", everyone, region).content.decode()
    shown = role in ("office_user", "superuser")
    assert ('href="/kansli/"' in content) is shown
