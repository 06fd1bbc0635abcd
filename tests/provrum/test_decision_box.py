"""The office's go-ahead box says what is missing, and who is offered to lead.

The go-ahead box names the missing tick and the missing comment (each linked from
the error summary), and when the year's go-aheads are used it is not offered at
all. "We want to lead" is offered to member organisations, never to a partner.
"""

import re

import pytest
import time_machine
from django.urls import reverse

from reglab.provrum import services
from reglab.provrum.models import State
from tests.factories import PartnerFactory
from tests.provrum.conftest import proposal, ready_provrum, representative

pytestmark = pytest.mark.django_db

LEAD_BOX = 'id="id_interest_wants_to_lead"'


def detail(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def go_ahead_button(html):
    return re.search(r"<button[^>]*>Ge klartecken</button>", html).group()


@pytest.fixture
def with_warning(cast):
    """Two regions of five organisations: ready, with the warning region_share_below_half."""
    provrum = ready_provrum(cast)
    for key in ("vinnova", "kontigo"):
        services.interest_register(
            provrum=provrum, by=cast["people"][key], organisation=cast["orgs"][key]
        )
    other = PartnerFactory(name="Nordregio", slug="nordregio")
    services.interest_register(
        provrum=provrum, by=representative(other, "nordregio@example.se"), organisation=other
    )
    return provrum


def test_the_box_says_to_tick_and_to_comment_before_the_go_ahead(client, cast, with_warning):
    client.force_login(cast["office"])
    page = client.get(detail(with_warning)).content.decode()
    assert "kryssa i varje varning och skriv en kommentar om varför" in page
    assert "disabled" not in go_ahead_button(page)

    url = reverse("provrum:go_ahead", kwargs={"pk": with_warning.pk})
    page = client.post(url, {"comment": " "}).content.decode()
    start = page.index("data-error-summary")
    summary = page[start : page.index("</div>", start)]
    assert '<a href="#id_go_ahead_acknowledge_0">Kryssa i varje varning' in summary
    assert '<a href="#id_go_ahead_comment">Skriv en kommentar om varför klartecknet ges' in summary
    assert 'id="id_go_ahead_acknowledge_0"' in page and 'id="id_go_ahead_comment"' in page

    # Ticked, no comment: only the comment is asked for.
    data = {"acknowledge": "region_share_below_half", "comment": ""}
    page = client.post(url, data).content.decode()
    assert "Skriv en kommentar om varför klartecknet ges" in page
    assert "Kryssa i varje varning" not in page
    with_warning.refresh_from_db()
    assert with_warning.state == State.INTEREST


def test_when_the_years_go_aheads_are_used_the_box_is_disabled(client, cast):
    with time_machine.travel("2026-03-01 10:00 +01:00"):
        for number in range(2):
            given = ready_provrum(cast, title=f"Provrum {number}")
            services.provrum_give_go_ahead(provrum=given, by=cast["office"])
        third = ready_provrum(cast, title="Det tredje")
        client.force_login(cast["office"])
        page = client.get(detail(third)).content.decode()
    assert "Årets två klartecken är använda." in page
    button = go_ahead_button(page)
    assert "disabled" in button and 'aria-describedby="go-ahead-full"' in button
    assert 'id="id_go_ahead_comment"' not in page
    # Declining stays possible.
    assert reverse("provrum:decline", kwargs={"pk": third.pk}) in page


def test_the_box_with_room_left_is_enabled(client, cast):
    provrum = ready_provrum(cast)
    client.force_login(cast["office"])
    page = client.get(detail(provrum)).content.decode()
    assert "disabled" not in go_ahead_button(page)
    assert "klartecken är använda" not in page


@pytest.mark.parametrize(
    ("role", "offered"),
    [("orebro", True), ("vinnova", True), ("kontigo", False), ("office", False)],
    ids=["region", "member-agency", "partner", "office"],
)
def test_only_a_member_is_offered_to_lead(client, cast, role, offered):
    provrum = proposal(cast)
    client.force_login(cast["office"] if role == "office" else cast["people"][role])
    page = client.get(detail(provrum)).content.decode()
    assert (LEAD_BOX in page) is offered
    if role == "kontigo":
        # The partner may still register interest, without the offer.
        assert reverse("provrum:interest", kwargs={"pk": provrum.pk}) in page
