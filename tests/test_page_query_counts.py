"""Issue 11: every page of the size measurement costs the same number of SQL queries
with one row as with many, and never more than twelve.

Each test builds a small data set, counts the queries of a page, grows the data
(many provrum, comments, results, notifications, organisations), counts again.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reglab.api.services import api_token_create
from reglab.provrum.models import Comment, Provrum, State
from reglab.provrum.proposal import services
from tests.factories import AffiliationFactory, PartnerFactory, RegionFactory
from tests.notifications.test_views import make_notifications
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal
from tests.results.conftest import bare_provrum, publish

# The pages as they are made: saved pages (reglab.core.blocks) are tested on their own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

cast = provrum_fixtures.cast

MAX_QUERIES = 12


def queries(client, url, headers=None):
    """The queries of one request, after a first one that warms the session and caches."""
    client.get(url, headers=headers or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    return len(context.captured_queries)


def assert_flat(few: int, many: int):
    assert many == few
    assert many <= MAX_QUERIES


def add_running(cast, count, start=0):
    """Running provrum (the state filter's rows) with comments, interests and themes."""
    rows = []
    for number in range(start, start + count):
        provrum = bare_provrum(
            cast,
            title=f"Kompetensförsörjning nummer {number}",
            themes=["Kompetensförsörjning"],
            participants=("skane", "orebro", "kontigo"),
        )
        Comment.objects.bulk_create(
            [
                Comment(provrum=provrum, author=cast["people"]["orebro"], body="Bra")
                for _ in range(3)
            ]
        )
        rows.append(provrum)
    return rows


def add_threads(provrum, author, count):
    """``count`` threads of a first comment and two replies, straight to the database."""
    moment = timezone.now() - timedelta(days=30)
    roots = Comment.objects.bulk_create(
        [
            Comment(provrum=provrum, author=author, body=f"Tråd {n}", created_at=moment)
            for n in range(count)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(provrum=provrum, author=author, body="Svar", parent=root, created_at=moment)
            for root in roots
            for _ in range(2)
        ]
    )


def test_start_page(client, db):
    RegionFactory()
    few = queries(client, "/")
    for _ in range(30):
        RegionFactory()
        PartnerFactory()
    assert_flat(few, queries(client, "/"))
    assert few == 1


@pytest.mark.parametrize("params", ["", "?state=running", "?q=kompetensförsörjning"])
def test_board(client, cast, params):
    client.force_login(cast["people"]["vinnova"])
    url = f"/provrum/{params}"
    add_running(cast, 1)
    few = queries(client, url)
    add_running(cast, 40, start=1)
    assert_flat(few, queries(client, url))


def test_provrum_page_with_a_big_discussion(client, cast):
    provrum = proposal(cast)
    services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej")
    for role in ("vinnova", "office"):
        client.force_login(cast["office"] if role == "office" else cast["people"][role])
        few = queries(client, provrum.get_absolute_url())
        add_threads(provrum, cast["people"]["gavleborg"], 60)
        assert_flat(few, queries(client, provrum.get_absolute_url()))
    earlier = f"/provrum/{provrum.pk}/diskussion/?fore={Comment.objects.order_by('pk').last().pk}"
    few = queries(client, earlier)
    add_threads(provrum, cast["people"]["gavleborg"], 60)
    assert_flat(few, queries(client, earlier))


def test_organisation_page(client, cast):
    client.force_login(cast["people"]["vinnova"])
    url = f"/organisationer/{cast['orgs']['orebro'].slug}/"
    add_running(cast, 1)
    few = queries(client, url)
    add_running(cast, 30, start=1)
    assert_flat(few, queries(client, url))


@pytest.mark.parametrize("url", ["/resultat/", "/resultat/flode.atom", "/api/v1/results"])
def test_public_results(client, cast, url):
    def add(count, start=0):
        for number in range(start, start + count):
            publish(
                bare_provrum(cast, title=f"Resultat {number}", themes=["Grön omställning"]),
                state=State.REPORTED,
                published_at=datetime(2025, 3, 1, tzinfo=UTC) + timedelta(days=number),
            )

    add(1)
    few = queries(client, url)
    add(25, start=1)
    assert_flat(few, queries(client, url))


def test_notifications(client, cast):
    person = cast["people"]["skane"]
    client.force_login(person)
    make_notifications(cast, person, 1)
    few = queries(client, "/notiser/")
    make_notifications(cast, person, 40)
    assert_flat(few, queries(client, "/notiser/"))


@pytest.mark.parametrize("url", ["/api/v1/provrum", "/api/v1/organisations"])
def test_api_lists(client, cast, url):
    _, raw = api_token_create(person=cast["people"]["vinnova"])
    headers = {"Authorization": f"Bearer {raw}"}
    add_running(cast, 1)
    few = queries(client, url, headers)
    add_running(cast, 30, start=1)
    for _ in range(20):
        AffiliationFactory(organisation=RegionFactory())
    assert_flat(few, queries(client, url, headers))
    assert Provrum.objects.count() == 31
