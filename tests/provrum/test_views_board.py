"""The provrum board: groups by state, filters, Swedish search, pages and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.provrum.models import Theme
from reglab.provrum.proposal import decisions, services
from tests.provrum.conftest import proposal, ready_provrum

pytestmark = pytest.mark.django_db

BOARD = "/provrum/"


def card_titles(response):
    return [p.title for group in response.context["groups"] for p in group.items] + [
        p.title for group in response.context["side_groups"] for p in group.items
    ]


def add_provrum(cast, count, start=0):
    """Provrum with participants, themes, a leader and comments, so every card has work."""
    for number in range(start, start + count):
        provrum = proposal(cast, title=f"Provrum nummer {number} om regional utveckling")
        services.interest_register(
            provrum=provrum, by=cast["people"]["orebro"], organisation=cast["orgs"]["orebro"]
        )
        if number % 2:
            services.interest_register(
                provrum=provrum, by=cast["people"]["kontigo"], organisation=cast["orgs"]["kontigo"]
            )
            services.leader_choose(
                provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["skane"]
            )
        services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body=f"Kul {number}")


def queries_for(client, params):
    client.get(BOARD, params)  # warm up: session, language, format rules row
    with CaptureQueriesContext(connection) as context:
        response = client.get(BOARD, params)
    assert response.status_code == 200
    return len(context.captured_queries), response


FILTERS = [{}, {"q": "regionala"}, {"state": "ready"}, {"state": "interest"}, {"year": 2026}]


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("role", ["vinnova", "office"])
def test_board_query_count_stays_flat_from_5_to_50(client, cast, role):
    client.force_login(cast["office"] if role == "office" else cast["people"][role])
    add_provrum(cast, 5)
    few = {}
    for index, params in enumerate(FILTERS):
        few[index], response = queries_for(client, params)
        assert len(card_titles(response)) > 0 or "year" in params
    add_provrum(cast, 45, start=5)
    for index, params in enumerate(FILTERS):
        many, response = queries_for(client, params)
        assert len(card_titles(response)) > 5 or "year" in params
        assert many == few[index], params


def test_cards_are_grouped_by_displayed_state(client, cast):
    draft = proposal(cast, title="Mitt utkast", publish=False)
    proposed = proposal(cast, title="Bara föreslaget")
    ready = ready_provrum(cast, title="Redo för klartecken")
    given = ready_provrum(cast, title="Har fått klartecken")
    decisions.provrum_give_go_ahead(provrum=given, by=cast["office"])
    withdrawn = proposal(cast, title="Återkallat förslag")
    services.provrum_withdraw(provrum=withdrawn, by=cast["people"]["skane"])

    client.force_login(cast["people"]["skane"])
    response = client.get(BOARD)
    groups = {g.code: [p.title for p in g.items] for g in response.context["groups"]}
    assert groups == {
        "draft": [draft.title],
        "proposed": [proposed.title],
        "ready": [ready.title],
        "go_ahead": [given.title],
    }
    assert [g.code for g in response.context["side_groups"]] == ["withdrawn"]
    html = response.content.decode()
    assert html.index('data-group="draft"') < html.index('data-group="proposed"')
    assert html.index('data-group="ready"') < html.index('data-group="go_ahead"')
    assert '<details class="board-side">' in html
    # Others do not see the draft.
    client.force_login(cast["people"]["orebro"])
    assert draft.title not in card_titles(client.get(BOARD))


def test_card_shows_proposer_themes_participants_leader_and_comments(client, cast):
    provrum = ready_provrum(cast, themes=["Klimat och energi"])
    services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Bra!")
    client.force_login(cast["people"]["vinnova"])
    html = client.get(BOARD).content.decode()
    card = html[html.index(f'id="card-{provrum.pk}-title"') :]
    card = card[: card.index("</article>")]
    assert "Region Skåne" in card and "Region Örebro län" in card
    assert "Klimat och energi" in card
    assert card.count("badge-region") == 2
    assert "badge-leader" in card
    assert "1 " in card  # one comment


def test_filters_by_state_theme_year_and_organisation(client, cast):
    Theme.objects.create(name="Kompetens", slug="kompetens", suggested=True)
    with_theme = proposal(cast, title="Kompetens i regionerna", themes=["Kompetens"])
    ready = ready_provrum(cast, title="Redo med Örebro")
    client.force_login(cast["people"]["vinnova"])

    assert card_titles(client.get(BOARD, {"state": "ready"})) == [ready.title]
    assert card_titles(client.get(BOARD, {"state": "proposed"})) == [with_theme.title]
    assert card_titles(client.get(BOARD, {"state": "interest"})) == []
    assert card_titles(client.get(BOARD, {"theme": "kompetens"})) == [with_theme.title]
    assert card_titles(client.get(BOARD, {"organisation": "region-orebro-lan"})) == [ready.title]
    year = with_theme.published_at.year
    assert len(card_titles(client.get(BOARD, {"year": year}))) == 2
    assert card_titles(client.get(BOARD, {"year": year - 1})) == []
    # A value that is not offered is ignored and said so, never an error.
    response = client.get(BOARD, {"state": "nonsense", "year": "x"})
    assert response.status_code == 200
    assert len(card_titles(response)) == 2
    assert response.context["form"].errors


def test_search_finds_other_forms_of_a_swedish_word(client, cast):
    """ "regionerna" finds "region", on SQLite and on PostgreSQL."""
    wanted = proposal(
        cast, title="Region och näringsliv i samverkan", summary="Samverkan.", question="Hur?"
    )
    proposal(
        cast, title="Besöksnäringens säsonger", summary="Turism året runt.", question="Varför?"
    )
    client.force_login(cast["people"]["orebro"])
    response = client.get(BOARD, {"q": "regionerna"})
    assert card_titles(response) == [wanted.title]
    assert wanted.get_absolute_url() in response.content.decode()
    assert card_titles(client.get(BOARD, {"q": "fiskevård"})) == []


def test_empty_states(client, cast):
    client.force_login(cast["people"]["orebro"])
    html = client.get(BOARD).content.decode()
    assert 'class="empty-state"' in html and reverse("provrum:create") in html
    proposal(cast)
    response = client.get(BOARD, {"q": "fiskevård"})
    assert response.context["is_filtered"] is True
    assert f'href="{BOARD}"' in response.content.decode()


def test_htmx_filter_answers_with_the_results_only(client, cast):
    proposal(cast, title="Region och näringsliv")
    client.force_login(cast["people"]["orebro"])
    response = client.get(BOARD, {"q": "region"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<div id="results"' in html
    assert "<html" not in html and "Region och näringsliv" in html
    # The count is also announced to screen readers, in a status outside the results.
    assert 'id="board-status" class="visually-hidden" role="status" hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]
    page = client.get(BOARD).content.decode()
    assert 'hx-push-url="true"' in page and 'hx-target="#results"' in page


def test_pagination_thirty_to_a_page(client, cast):
    for number in range(32):
        proposal(cast, title=f"Förslag {number}")
    client.force_login(cast["people"]["orebro"])
    first = client.get(BOARD, {"state": "proposed"})
    assert len(card_titles(first)) == 30
    assert "sida=2" in first.content.decode() and "state=proposed" in first.content.decode()
    second = client.get(BOARD, {"state": "proposed", "sida": 2})
    assert len(card_titles(second)) == 2
    assert not set(card_titles(first)) & set(card_titles(second))
