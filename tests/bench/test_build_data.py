"""The benchmark's data builder (bench.build_data) makes coherent data, at a tiny scale.

Coherent means what the services would have written: every state, the dates and
the groups that state implies, readiness as the rules compute it, published
results only where the office approved them, events and notifications that
point to the right rows – and the pages that `make bench` measures render it
(status 200, not a redirect), for the member and for the office with its TOTP.
"""

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings

from bench.build_data import BuildResult, build, sizes_for
from reglab.accounts.mfa import second_factor_missing
from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.api.services import api_token_authenticate
from reglab.notifications.models import Kind as NotificationKind
from reglab.notifications.models import Notification
from reglab.organisations.models import Membership, Organisation
from reglab.provrum.models import (
    Comment,
    Event,
    FinalReport,
    Interest,
    ProjectPlan,
    Provrum,
    State,
)
from reglab.provrum.selectors import provrum_is_ready, provrum_list, provrum_readiness
from reglab.results.selectors import result_published

SCALE = 0.001  # every size at its floor: a few hundred rows, built in seconds
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
GO_AHEAD_STATES = {State.GO_AHEAD, State.RUNNING, State.REPORTED, State.CLOSED}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> BuildResult:
    """Built once for the module, inside a transaction rolled back at its end: each
    test's own transaction (the ``db`` fixture) is a savepoint within it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with transaction.atomic():
            yield build(SCALE, password="bench-test-losenord-1", verbose=False)
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _database(db):
    """Every test reads the module's data through the usual per-test transaction."""


def test_counts_follow_the_sizes(built):
    sizes = sizes_for(SCALE)
    assert built.sizes == sizes
    assert Provrum.objects.count() == sizes["provrum"]
    assert Comment.objects.count() == sizes["comments"]
    assert Interest.objects.count() == sizes["interests"]
    assert Notification.objects.count() == sizes["notifications"]
    # The people, plus the office and the member accounts.
    assert User.objects.count() == sizes["people"] + 2
    assert Organisation.objects.count() >= sizes["organisations"]
    # The sizes scale: ten times the scale is ten times the rows above the floors.
    assert sizes_for(1.0)["comments"] == 200_000 and sizes_for(0.1)["comments"] == 20_000
    assert built.counts["provrum"] == sizes["provrum"]


def test_one_provrum_holds_the_big_discussion(built):
    per_provrum = Counter(Comment.objects.values_list("provrum_id", flat=True))
    assert per_provrum[built.big_provrum_id] == sizes_for(SCALE)["big_discussion"]
    assert per_provrum.most_common(1)[0][0] == built.big_provrum_id
    big = Provrum.objects.get(pk=built.big_provrum_id)
    assert big.state == State.INTEREST
    # Replies hang under a first comment of the same provrum.
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.exists()
    assert not replies.exclude(parent__provrum_id=F("provrum_id")).exists()
    assert not replies.filter(parent__parent__isnull=False).exists()


def test_every_state_over_the_years_with_the_dates_it_implies(built):
    states = set(Provrum.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert not Provrum.objects.filter(state=State.DRAFT, published_at__isnull=False).exists()
    assert not Provrum.objects.exclude(state=State.DRAFT).filter(published_at=None).exists()
    with_go_ahead = Provrum.objects.filter(go_ahead_at__isnull=False)
    assert set(with_go_ahead.values_list("state", flat=True)) == GO_AHEAD_STATES
    assert not Provrum.objects.filter(state__in=GO_AHEAD_STATES, go_ahead_at=None).exists()
    years = {p.published_at.year for p in Provrum.objects.exclude(published_at=None)}
    assert min(years) == 2017 and len(years) >= 8
    assert not Provrum.objects.filter(search_text="").exists()


def test_groups_and_readiness_agree_with_the_rules(built):
    interests = dict(Provrum.objects.annotate(n=Count("interests")).values_list("pk", "n"))
    for provrum in Provrum.objects.filter(state=State.INTEREST):
        assert interests[provrum.pk] >= 2
    for provrum in Provrum.objects.filter(state=State.PROPOSED):
        assert interests[provrum.pk] <= 1
    gathering = list(Provrum.objects.filter(state=State.INTEREST).prefetch_related("interests"))
    ready = [p for p in gathering if provrum_is_ready(p)]
    assert ready and len(ready) < len(gathering)
    for provrum in Provrum.objects.filter(state__in=GO_AHEAD_STATES):
        assert provrum.leader is not None and provrum.leader.membership == Membership.MEMBER
        assert not [r for r in provrum_readiness(provrum) if r.is_error], provrum.pk


def test_plans_reports_and_results_where_the_state_has_them(built):
    approved = ProjectPlan.objects.filter(status=ProjectPlan.Status.APPROVED)
    assert set(approved.values_list("provrum__state", flat=True)) == {
        State.RUNNING,
        State.REPORTED,
        State.CLOSED,
    }
    for plan in approved.prefetch_related("versions"):
        assert plan.versions.count() == plan.version
        assert plan.versions.first().data == plan.data
    assert not FinalReport.objects.exclude(
        provrum__state__in=[State.RUNNING, State.REPORTED, State.CLOSED]
    ).exists()
    closed = Provrum.objects.filter(state=State.CLOSED).count()
    assert result_published().count() >= closed > 0
    assert not result_published().filter(search_text="").exists()


def test_events_and_notifications_point_to_the_right_rows(built):
    published = Provrum.objects.exclude(state=State.DRAFT).count()
    assert Event.objects.filter(action=Event.Action.PUBLISHED).count() == published
    assert Event.objects.filter(action=Event.Action.COMMENTED).count() == Comment.objects.count()
    assert Event.objects.filter(action=Event.Action.CLOSED).count() == (
        Provrum.objects.filter(state=State.CLOSED).count()
    )
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds <= set(NotificationKind.values)
    mismatched = Notification.objects.exclude(provrum_id=F("event__provrum_id"))
    assert not mismatched.exists()


def test_the_accounts_can_be_used(built):
    office = User.objects.get(email=built.office_email)
    member = User.objects.get(email=built.member_email)
    assert office.is_office and not second_factor_missing(office)
    assert office.check_password(built.password) and member.check_password(built.password)
    assert Affiliation.objects.filter(
        person=member, status=AffiliationStatus.CONFIRMED, organisation__slug="region-skane"
    ).exists()
    assert api_token_authenticate(built.office_token) == office
    assert api_token_authenticate(built.member_token) == member
    found = provrum_list(user=member, query=built.search_word)
    assert 0 < found.count() < Provrum.objects.count()


def test_the_measured_pages_render(built, client):
    """What `make bench` measures answers 200 – a redirect would not be a page."""
    member = User.objects.get(email=built.member_email)
    office = User.objects.get(email=built.office_email)
    anonymous = ["/", "/resultat/", "/resultat/flode.atom", "/api/v1/results"]
    member_pages = [
        "/provrum/",
        "/provrum/?state=running",
        f"/provrum/?q={built.search_word}",
        f"/provrum/{built.big_provrum_id}/",
        f"/organisationer/{built.organisation_slug}/",
        "/notiser/",
    ]
    for path in anonymous:
        assert client.get(path).status_code == 200, path
    client.force_login(member)
    for path in member_pages:
        response = client.get(path)
        assert response.status_code == 200, path
    big = client.get(f"/provrum/{built.big_provrum_id}/")
    assert big.content.count(b"Intressant f\xc3\xb6rslag") + big.content.count(b"Tack ") > 0
    client.force_login(office)
    for path in ["/provrum/kansli/", "/utvardering/"]:
        assert client.get(path).status_code == 200, path
    token = {"Authorization": f"Bearer {built.member_token}"}
    response = client.get("/api/v1/provrum", headers=token)
    assert response.status_code == 200 and response.json()["count"] > 0
