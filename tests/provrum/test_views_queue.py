"""The office's queue: ready ones first, then the oldest proposal, 25 to a page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from reglab.provrum.models import IntendedUse, Interest, Kind, Provrum, State
from reglab.provrum.proposal.views import QUEUE_PAGE_SIZE
from reglab.provrum.readiness import readiness_refresh
from tests.provrum.conftest import proposal, ready_provrum

URL = reverse("provrum:queue")


def add_waiting(cast, count: int, *, ready_every: int = 3) -> None:
    """``count`` provrum gathering interest, published a day apart; every
    ``ready_every``-th has a leader and is ready. Written in bulk (as a big import
    would be), then the stored readiness is refreshed as the check command does."""
    orgs = cast["orgs"]
    start = timezone.now() - timedelta(days=count + 10)
    rows = Provrum.objects.bulk_create(
        Provrum(
            title=f"Väntar {number:03}",
            summary="S",
            question="F",
            kind=Kind.METHOD,
            intended_use=IntendedUse.PRE_STUDY,
            state=State.INTEREST,
            proposer_organisation=orgs["skane"],
            created_by=cast["people"]["skane"],
            leader=orgs["skane"] if number % ready_every == 0 else None,
            published_at=start + timedelta(days=number),
        )
        for number in range(count)
    )
    Interest.objects.bulk_create(
        Interest(provrum=provrum, organisation=orgs[key], registered_by=cast["people"][key])
        for provrum in rows
        for key in ("skane", "orebro", "kontigo")
    )
    readiness_refresh()


def queue_titles(client, page=1) -> tuple[list[str], list[str]]:
    response = client.get(URL, {"sida": page})
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    items = tree.xpath('//li[contains(@class, "queue-item")]')
    return (
        [item.xpath("string(.//h2)").strip() for item in items],
        [item.get("data-ready") for item in items],
    )


@pytest.fixture
def office_client(client, cast):
    client.force_login(cast["office"])
    return client


def test_ready_first_then_the_oldest_proposal(office_client, cast):
    proposal(cast, title="Bara ett förslag")
    ready_provrum(cast, title="Redo och senare")
    add_waiting(cast, 4)
    titles, ready = queue_titles(office_client)
    assert titles == [
        "Väntar 000",
        "Väntar 003",
        "Redo och senare",
        "Väntar 001",
        "Väntar 002",
        "Bara ett förslag",
    ]
    assert ready == ["true", "true", "true", "false", "false", "false"]


def test_pages_of_twenty_five(office_client, cast):
    add_waiting(cast, 60)
    first, _ = queue_titles(office_client, 1)
    third, _ = queue_titles(office_client, 3)
    assert QUEUE_PAGE_SIZE == 25
    assert len(first) == 25 and len(third) == 10
    # The 20 ready ones (every third of 60) come first, then the rest in published order.
    assert first[:20] == [f"Väntar {n:03}" for n in range(0, 60, 3)]
    response = office_client.get(URL, {"sida": 2})
    tree = html.fromstring(response.content)
    assert tree.xpath('//nav[@class="pagination"]//a[@rel="next"]/@href') == ["?sida=3"]
    assert tree.xpath('//nav[@class="pagination"]//a[@rel="prev"]/@href') == ["?sida=1"]
    figures = [dd.text_content().strip() for dd in tree.xpath('//dl[@class="key-figures"]//dd')]
    assert figures[1:] == ["20", "60"]  # ready, waiting in all
    # A page past the end shows the last one, as the other lists do.
    assert queue_titles(office_client, 99)[0] == third


def test_the_queue_shows_the_rules_reasons(office_client, cast):
    add_waiting(cast, 2, ready_every=2)
    content = office_client.get(URL).content.decode()
    # Not ready: the second one has no leader.
    assert "Not ready:" in content or "Inte redo:" in content


@pytest.mark.usefixtures("no_page_cache")
def test_the_number_of_queries_does_not_grow(office_client, cast, django_assert_num_queries):
    add_waiting(cast, 1)
    office_client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as one:
        office_client.get(URL)
    assert len(one.captured_queries) <= 12
    add_waiting(cast, 59)
    with django_assert_num_queries(len(one.captured_queries)):
        titles, _ = queue_titles(office_client)
    assert len(titles) == 25
