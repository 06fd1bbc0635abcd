"""The office's go-ahead box says what is missing, and who is offered to lead.

The go-ahead box names the missing tick and the missing comment (each linked from
the error summary); when the year's go-aheads are used it is not offered at all
(test_views_actions.py, the third go-ahead of the year). "We want to lead" is
offered to member organisations, never to a partner.
"""

import re

import pytest
from django.urls import reverse

from reglab.provrum.models import State
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db

LEAD_BOX = 'id="id_interest_wants_to_lead"'


def detail(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def go_ahead_button(html):
    return re.search(r"<button[^>]*>Ge klartecken</button>", html).group()


def test_the_box_says_to_tick_and_to_comment_before_the_go_ahead(
    client, cast, provrum_with_warning
):
    client.force_login(cast["office"])
    page = client.get(detail(provrum_with_warning)).content.decode()
    assert "kryssa i varje varning och skriv en kommentar om varför" in page
    assert "disabled" not in go_ahead_button(page)

    url = reverse("provrum:go_ahead", kwargs={"pk": provrum_with_warning.pk})
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
    provrum_with_warning.refresh_from_db()
    assert provrum_with_warning.state == State.INTEREST


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
