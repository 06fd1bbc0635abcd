"""The board counts each card's comments for the page's rows only, and counts right."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reglab.provrum.models import Comment
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast


def test_each_card_counts_its_visible_comments(client, cast):
    people = cast["people"]
    counted = {}
    for number in range(35):
        provrum = proposal(cast, title=f"Provrum {number}")
        comments = [
            services.comment_add(provrum=provrum, by=people["orebro"], body=f"Inlägg {n}")
            for n in range(number % 4)
        ]
        if comments:
            services.comment_add(
                provrum=provrum, by=people["vinnova"], body="Ett svar", parent=comments[0]
            )
        if len(comments) > 1:
            services.comment_remove(comment=comments[1], by=cast["office"])
        counted[provrum.pk] = Comment.objects.filter(
            provrum=provrum, removed_at__isnull=True
        ).count()
    client.force_login(people["gavleborg"])

    seen = {}
    for page in ("1", "2"):
        with CaptureQueriesContext(connection) as context:
            response = client.get("/provrum/", {"sida": page})
        for group in response.context["groups"]:
            for provrum in group.items:
                seen[provrum.pk] = provrum.comment_count
        # No query groups the provrum with their comments: the count is a subquery.
        assert not any(
            "GROUP BY" in query["sql"] and "DISTINCT" in query["sql"]
            for query in context.captured_queries
        )
    assert seen == counted
    assert any(count > 1 for count in seen.values())
