"""The public results index: only published reports, newest first, searched and filtered."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.provrum.models import FinalReport, State
from tests.results.conftest import assert_no_people, bare_provrum, publish, report_data

INDEX = reverse("results:index")


def _titles(response) -> list[str]:
    return [report.provrum.title for report in response.context["reports"]]


@pytest.fixture
def mixed(cast, people):
    """Three published results in two years and two themes, and four that are not public."""
    rows = {
        "ai": bare_provrum(cast, title="AI för regional analys", themes=["AI och visualisering"]),
        "gron": bare_provrum(
            cast, title="Grön omställning i industrin", themes=["Grön omställning"]
        ),
        "kompetens": bare_provrum(
            cast,
            title="Kompetensförsörjning på landsbygden",
            themes=["Kompetensförsörjning", "Grön omställning"],
        ),
        "draft": bare_provrum(cast, title="Utkast om besöksnäring"),
        "submitted": bare_provrum(cast, title="Inskickad om digitalisering"),
        "returned": bare_provrum(cast, title="Returnerad om kultur"),
        "undated": bare_provrum(cast, title="Godkänd utan datum"),
    }
    publish(
        rows["ai"],
        data=report_data(summary="Regionerna visualiserade data med AI."),
        published_at=datetime(2025, 11, 3, 10, tzinfo=UTC),
    )
    publish(
        rows["gron"],
        data=report_data(
            summary="Industrins omställning kräver samverkan.",
            lessons="Vätgas och elektrifiering.",
            recommendations="Ett nytt provrum om elnät.",
        ),
        published_at=datetime(2026, 2, 14, 10, tzinfo=UTC),
        state=State.CLOSED,
    )
    publish(
        rows["kompetens"],
        data=report_data(summary="Kompetens på landsbygden och i små kommuner."),
        published_at=datetime(2026, 4, 1, 10, tzinfo=UTC),
    )
    publish(rows["draft"], status=FinalReport.Status.DRAFT, published_at=None, state=State.RUNNING)
    publish(
        rows["submitted"],
        status=FinalReport.Status.SUBMITTED,
        published_at=None,
        state=State.REPORTED,
    )
    publish(
        rows["returned"],
        status=FinalReport.Status.RETURNED,
        published_at=None,
        state=State.RUNNING,
    )
    publish(rows["undated"], published_at=None)
    return rows


def test_anyone_sees_only_published_results_newest_first(client, mixed):
    response = client.get(INDEX)
    assert response.status_code == 200
    assert _titles(response) == [
        "Kompetensförsörjning på landsbygden",
        "Grön omställning i industrin",
        "AI för regional analys",
    ]
    html = response.content.decode()
    for hidden in ("Utkast om", "Inskickad om", "Returnerad om", "Godkänd utan datum"):
        assert hidden not in html
    for title in _titles(response):
        assert title in html
    assert reverse("results:detail", kwargs={"pk": mixed["ai"].pk}) in html
    assert 'type="application/atom+xml"' in html


def test_no_participant_email_or_name_in_the_index(client, cast, mixed):
    assert_no_people(client.get(INDEX).content.decode(), cast)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Other forms of a word: "regionerna" finds "regional" and "Regionerna" (stem "region").
        ("regionernas", ["AI för regional analys"]),
        ("landsbygdens", ["Kompetensförsörjning på landsbygden"]),
        # The lessons and recommendations are searched too.
        ("vätgas", ["Grön omställning i industrin"]),
        ("elnäten", ["Grön omställning i industrin"]),
        # Every word must be found.
        ("omställning industrin", ["Grön omställning i industrin"]),
        ("omställning landsbygden", []),
    ],
)
def test_search_finds_word_forms(client, mixed, query, expected):
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200
    assert _titles(response) == expected


def test_search_never_finds_unpublished_reports(client, mixed):
    response = client.get(INDEX, {"q": "utkast"})
    assert _titles(response) == []
    response = client.get(INDEX, {"q": "returnerad"})
    assert _titles(response) == []


def test_filter_by_theme(client, mixed):
    response = client.get(INDEX, {"theme": "gron-omstallning"})
    assert _titles(response) == [
        "Kompetensförsörjning på landsbygden",
        "Grön omställning i industrin",
    ]
    # The theme list offers the themes of published results only.
    choices = [value for value, _label in response.context["form"].fields["theme"].choices]
    assert choices == ["", "ai-och-visualisering", "gron-omstallning", "kompetensforsorjning"]


def test_filter_by_year(client, mixed):
    response = client.get(INDEX, {"year": "2025"})
    assert _titles(response) == ["AI för regional analys"]
    response = client.get(INDEX, {"year": "2026", "theme": "gron-omstallning"})
    assert _titles(response) == [
        "Kompetensförsörjning på landsbygden",
        "Grön omställning i industrin",
    ]
    years = [value for value, _label in response.context["form"].fields["year"].widget.choices]
    assert years == ["", 2026, 2025]


def test_no_hits_state(client, mixed):
    response = client.get(INDEX, {"q": "rymdfart"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-empty="no-hits"' in html
    assert 'data-empty="none"' not in html


def test_empty_state(client, db):
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-empty="none"' in html
    assert 'data-empty="no-hits"' not in html


def test_unknown_filter_values_are_left_out_with_a_message(client, mixed):
    response = client.get(INDEX, {"theme": "finns-inte", "year": "tjugo"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_titles(response)) == 3


def _many(cast, count, start=datetime(2026, 1, 1, 8, tzinfo=UTC)):
    for number in range(count):
        provrum = bare_provrum(
            cast,
            title=f"Resultat nummer {number:02d}",
            themes=["AI och visualisering", "Grön omställning"],
            participants=("skane", "orebro", "gavleborg", "kontigo"),
        )
        publish(provrum, published_at=start + timedelta(days=number))


def test_pagination(client, cast, people):
    _many(cast, 25)
    first = client.get(INDEX)
    assert first.context["page"].paginator.count == 25
    assert _titles(first)[0] == "Resultat nummer 24"
    assert len(_titles(first)) == 20
    assert 'href="?sida=2"' in first.content.decode()
    second = client.get(INDEX, {"sida": "2"})
    assert _titles(second) == [f"Resultat nummer {n:02d}" for n in range(4, -1, -1)]
    # The filters are kept in the page links.
    filtered = client.get(INDEX, {"q": "resultat", "theme": "ai-och-visualisering"})
    assert "q=resultat&amp;theme=ai-och-visualisering&amp;sida=2" in filtered.content.decode()


def _count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(INDEX, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_queries_do_not_grow_with_the_rows(client, cast, people, django_assert_max_num_queries):
    _many(cast, 1)
    one = _count_queries(client)
    _many(cast, 19, start=datetime(2026, 2, 1, tzinfo=UTC))
    twenty = _count_queries(client)
    assert one == twenty
    with django_assert_max_num_queries(7):
        client.get(INDEX, {"q": "resultat", "theme": "gron-omstallning", "year": "2026"})
