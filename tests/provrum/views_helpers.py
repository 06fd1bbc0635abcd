"""Shared setup for the provrum page tests: who acts, and what the answers mean."""

from django.contrib.auth.models import AnonymousUser

LOGIN = "login"  # redirect to the sign-in page
# Roles, as the tables in the page tests name them. "member" is a member
# region's representative that did not propose; "proposer" proposed.
ROLES = ["anonymous", "plain", "member", "proposer", "partner", "office"]


def person(role, cast, plain_user):
    return {
        "anonymous": AnonymousUser(),
        "plain": plain_user,
        "member": cast["people"]["orebro"],
        "proposer": cast["people"]["skane"],
        "partner": cast["people"]["kontigo"],
        "office": cast["office"],
    }[role]


def sign_in(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


def outcome(response):
    """The status, or LOGIN for a redirect to the sign-in page."""
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def cells(table):
    import pytest

    return [
        pytest.param(row, role, expected, id=f"{row}-{role}")
        for row, outcomes in table.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ]
