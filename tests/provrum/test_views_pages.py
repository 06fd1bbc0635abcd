"""Every role on every provrum page: who sees it, who is refused, and that it is Swedish.

One row per page, one column per role (as in adhocracy+). LOGIN means a
redirect to the sign-in page; 403 for a plain signed-in person is the page that
explains how to ask for an affiliation.
"""

import pytest
from django.urls import reverse

from tests.provrum.views_helpers import LOGIN, cells, outcome, person, sign_in
from tests.test_translations import compiled_catalogue  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogue")]

# fmt: off
PAGES = {
    # page              anonymous plain  member proposer partner office
    "board":            (LOGIN,   403,   200,   200,     200,    200),
    "create":           (LOGIN,   403,   200,   200,     403,    403),
    "detail":           (LOGIN,   403,   200,   200,     200,    200),
    "draft":            (LOGIN,   403,   404,   200,     404,    200),
    "edit":             (LOGIN,   403,   403,   200,     403,    200),
    "queue":            (LOGIN,   403,   403,   403,     403,    200),
    "format_rules":     (LOGIN,   200,   200,   200,     200,    200),
    "similar":          (LOGIN,   403,   200,   200,     200,    200),
}
# fmt: on

# A Swedish text each page shows when it answers 200 (or 403 for "create").
SWEDISH = {
    "board": "Formatets regler",
    "create": "Föreslå ett provrum",
    "detail": "Historik",
    "draft": "Det här är ett utkast.",
    "edit": "Ändra förslaget",
    "queue": "Provrum som väntar på beslut",
    "format_rules": "Ändringshistorik",
    "similar": "Liknande förslag",
}


@pytest.fixture
def pages(make_provrum):
    published = make_provrum("interest")
    draft = make_provrum("draft", title="Ett utkast om kompetensförsörjning")
    return {
        "board": reverse("provrum:board"),
        "create": reverse("provrum:create"),
        "detail": published.get_absolute_url(),
        "draft": draft.get_absolute_url(),
        "edit": reverse("provrum:edit", kwargs={"pk": published.pk}),
        "queue": reverse("provrum:queue"),
        "format_rules": reverse("provrum:format_rules"),
        "similar": reverse("provrum:similar") + "?title=AI+och+visualisering",
    }


@pytest.mark.parametrize(("page_name", "role", "expected"), cells(PAGES))
def test_page_access(client, cast, plain_user, pages, page_name, role, expected):
    sign_in(client, person(role, cast, plain_user))
    response = client.get(pages[page_name])
    assert outcome(response) == expected
    if expected in (200, 403) and page_name != "similar":
        html = response.content.decode()
        assert '<html lang="sv">' in html


@pytest.mark.parametrize(
    ("page_name", "role"),
    [
        (page_name, role)
        for page_name, outcomes in PAGES.items()
        for role, expected in zip(
            ["anonymous", "plain", "member", "proposer", "partner", "office"],
            outcomes,
            strict=True,
        )
        if expected == 200
    ],
)
def test_page_is_in_swedish(client, cast, plain_user, pages, page_name, role):
    sign_in(client, person(role, cast, plain_user))
    html = client.get(pages[page_name]).content.decode()
    assert SWEDISH[page_name] in html


def test_plain_user_is_told_how_to_get_access(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("provrum:board"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Provrum är till för Reglabs medlemmar och partner" in html
    assert f'href="{reverse("accounts:profile")}"' in html


def test_waiting_affiliation_is_mentioned(client, unconfirmed_user):
    client.force_login(unconfirmed_user)
    response = client.get(reverse("provrum:board"))
    assert response.status_code == 403
    assert [a.organisation.name for a in response.context["pending"]] == ["Region Skåne"]


def test_partner_is_refused_proposing_with_the_reason(client, cast):
    client.force_login(cast["people"]["kontigo"])
    response = client.get(reverse("provrum:create"))
    assert response.status_code == 403
    assert response.context["refusal"]["code"] == "partner_cannot_propose"
    assert "form" not in response.context
    response = client.post(reverse("provrum:create"), {"title": "Försök"})
    assert response.status_code == 403
    assert response.context["refusal"]["code"] == "partner_cannot_propose"


def test_board_offers_proposing_only_to_those_who_may(client, cast):
    propose = f'href="{reverse("provrum:create")}"'
    client.force_login(cast["people"]["orebro"])
    assert propose in client.get(reverse("provrum:board")).content.decode()
    client.force_login(cast["people"]["kontigo"])
    response = client.get(reverse("provrum:board"))
    assert propose not in response.content.decode()
    assert response.context["propose_refusal"]["code"] == "partner_cannot_propose"


def test_nav_and_start_page_link_to_the_board(client, member_rep):
    client.force_login(member_rep)
    html = client.get(reverse("core:home")).content.decode()
    assert html.count(f'href="{reverse("provrum:board")}"') >= 2


def test_organisation_page_lists_its_provrum(client, cast, make_provrum, plain_user):
    provrum = make_provrum("interest")
    url = reverse("organisations:detail", kwargs={"slug": "region-orebro-lan"})
    client.force_login(cast["people"]["vinnova"])
    response = client.get(url)
    assert [p.pk for p in response.context["provrum_list"]] == [provrum.pk]
    assert provrum.get_absolute_url() in response.content.decode()
    # Those who may not see provrum see none, only how to get access.
    client.force_login(plain_user)
    response = client.get(url)
    assert response.context["provrum_list"] == []
    assert provrum.get_absolute_url() not in response.content.decode()
    client.logout()
    assert client.get(url).context["provrum_list"] == []
