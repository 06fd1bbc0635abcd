"""Search that understands Swedish word forms, and "liknande förslag" for near-duplicates.

Runs on both databases: PostgreSQL's "swedish" text search configuration and
the Snowball stems kept for SQLite must give the same answers.
"""

import pytest

from reglab.provrum.proposal import services
from reglab.provrum.selectors import provrum_list, similar_provrum
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db


def make(cast, title, summary, question="Vad kan vi lära oss?", publish=True):
    return proposal(cast, title=title, summary=summary, question=question, publish=publish)


@pytest.fixture
def board(cast):
    return {
        "region": make(
            cast,
            "Regionens roll i krisberedskapen",
            "Hur påverkar kriserna det regionala utvecklingsansvaret?",
        ),
        "drones": make(
            cast,
            "Drönare – nya frågeställningar",
            "Drönare i vården och räddningstjänsten på landsbygden.",
        ),
        "circular": make(
            cast,
            "Cirkularitet i näringslivet",
            "Stöd till företagens cirkulära affärsmodeller.",
            question="Hur märks omställningen i statistiken?",
        ),
    }


def found(user, query):
    return set(provrum_list(user=user, query=query).values_list("title", flat=True))


def test_regionerna_finds_a_title_with_region(cast, board):
    user = cast["people"]["orebro"]
    assert found(user, "regionerna") == {"Regionens roll i krisberedskapen"}
    assert found(user, "region") == {"Regionens roll i krisberedskapen"}


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("drönaren", {"Drönare – nya frågeställningar"}),  # another form of the word
        ("landsbygd", {"Drönare – nya frågeställningar"}),  # in the summary
        ("statistiken", {"Cirkularitet i näringslivet"}),  # in the main question
        ("kriser", {"Regionens roll i krisberedskapen"}),
        ("drönare vården", {"Drönare – nya frågeställningar"}),  # all words must match
        ("drönare näringslivet", set()),
        ("fotboll", set()),
    ],
)
def test_search_word_forms_and_fields(cast, board, query, titles):
    assert found(cast["people"]["orebro"], query) == titles


def test_search_shows_only_what_the_person_may_see(cast, board):
    draft = make(cast, "Regionerna och drönarna", "Ett utkast.", publish=False)
    assert draft.title not in found(cast["people"]["orebro"], "region")
    assert draft.title in found(cast["people"]["skane"], "region")
    assert found(cast["people"]["kontigo"], "regionerna") == {"Regionens roll i krisberedskapen"}


def test_search_follows_an_edited_title(cast, board):
    services.provrum_update(
        provrum=board["drones"], by=cast["people"]["skane"], title="Obemannade luftfarkoster"
    )
    user = cast["people"]["orebro"]
    assert found(user, "luftfarkosten") == {"Obemannade luftfarkoster"}


def test_similar_provrum_finds_a_near_duplicate(cast, board):
    ai = make(
        cast,
        "AI och visualisering som verktyg i regional utveckling",
        "Vi prövar AI-verktyg för att visualisera regionala data.",
    )
    user = cast["people"]["orebro"]
    similar = similar_provrum(
        user=user,
        title="AI och visualisering i den regionala utvecklingen",
        summary="Visualisering av regionens data med AI.",
    )
    assert similar and similar[0] == ai
    assert board["circular"] not in similar
    # A provrum is not similar to itself, and an unrelated title finds nothing.
    assert ai not in similar_provrum(user=user, title=ai.title, exclude_pk=ai.pk)
    assert similar_provrum(user=user, title="Fotboll och friidrott") == []


def test_similar_provrum_leaves_out_drafts_and_what_the_person_may_not_see(cast):
    make(cast, "Drönare – nya frågeställningar", "Drönare i vården.", publish=False)
    for user in (cast["people"]["skane"], cast["people"]["orebro"]):
        assert similar_provrum(user=user, title="Drönare och nya frågeställningar") == []
    published = make(cast, "Drönare i glesbygden", "Drönare för transporter.")
    assert similar_provrum(user=cast["people"]["orebro"], title="Drönare i glesbygd") == [published]
