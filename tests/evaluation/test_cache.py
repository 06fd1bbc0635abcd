"""The figures are cached per period and forgotten when the data they count changes."""

import pytest
from django.urls import reverse

from reglab.evaluation import caching
from reglab.evaluation.api import evaluation_payload
from reglab.evaluation.tables import dashboard_for
from reglab.provrum.models import (
    Comment,
    Decision,
    Dissemination,
    Event,
    FinalReport,
    FormatRules,
    Interest,
    ProjectPlan,
    Provrum,
    State,
    SurveyInvitation,
    SurveyResponse,
)
from tests.evaluation.conftest import at
from tests.evaluation.expected import EXPECTED
from tests.provrum.api_client import ApiClient

PERIODS = ["2023", "2024", "development", "all"]


def _counted(dashboard) -> dict:
    return evaluation_payload(dashboard)["counts"]


@pytest.mark.parametrize("period", PERIODS)
def test_cached_figures_are_the_hand_count(world, period, django_assert_max_num_queries):
    first = dashboard_for(period)
    with django_assert_max_num_queries(0):
        again = dashboard_for(period)
    assert again.figures == first.figures
    assert _counted(again) == EXPECTED[period]["counts"]


@pytest.mark.parametrize("period", PERIODS)
def test_page_api_and_downloads_agree_from_the_cache(client, world, period):
    client.force_login(world.office)
    page = client.get(reverse("evaluation:dashboard"), {"period": period})
    assert page.context["figures"].counts == dashboard_for(period).figures.counts
    body = ApiClient(client, world.office).get("/api/v1/evaluation", {"period": period}).json()
    for key in ("counts", "to_go_ahead", "to_report", "participation", "outcomes", "feedback"):
        assert body[key] == EXPECTED[period][key], key
    csv = client.get(
        reverse("evaluation:export", kwargs={"figure": "forslag-och-beslut", "fmt": "csv"}),
        {"period": period},
    )
    assert csv.status_code == 200
    table = dashboard_for(period).tables["counts"]
    assert csv.content.decode("utf-8-sig").count("\n") >= len(table.all_rows())


def test_a_change_is_seen_after_the_commit(world, django_capture_on_commit_callbacks):
    assert _counted(dashboard_for("all"))["withdrawn"] == 1
    p8 = world.provrum["P8"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Provrum.objects.filter(pk=p8.pk).update(state=State.WITHDRAWN)
        Event.objects.create(
            provrum=p8,
            action=Event.Action.WITHDRAWN,
            from_state=State.GO_AHEAD,
            to_state=State.WITHDRAWN,
        )
        # Before the commit the cached figures still count (nothing is committed yet).
        assert _counted(dashboard_for("all"))["withdrawn"] == 1
    for callback in callbacks:
        callback()
    assert _counted(dashboard_for("all"))["withdrawn"] == 2


def _change(model, world):
    """Save (or delete) one row of ``model`` as the services would."""
    p1 = world.provrum["P1"]
    if model is Provrum:
        p1.save()
    elif model is Decision:
        Decision.objects.filter(provrum=world.provrum["P3"]).first().save()
    elif model is Interest:
        Interest.objects.filter(provrum=p1).first().delete()
    elif model is ProjectPlan:
        ProjectPlan.objects.filter(provrum=p1).first().save()
    elif model is FinalReport:
        FinalReport.objects.filter(provrum=p1).first().save()
    elif model is Dissemination:
        Dissemination.objects.filter(provrum=p1).first().delete()
    elif model is SurveyInvitation:
        SurveyInvitation.objects.filter(provrum=p1).first().save()
    elif model is SurveyResponse:
        SurveyResponse.objects.filter(provrum=p1).first().delete()
    elif model is FormatRules:
        FormatRules.objects.get(pk=1).save()
    elif model is Event:
        Event.objects.create(provrum=p1, action=Event.Action.CLOSED, to_state=State.CLOSED)
    else:
        world.orgs["skane"].save()


@pytest.mark.parametrize(
    "model",
    [
        Provrum,
        Decision,
        Interest,
        ProjectPlan,
        FinalReport,
        Dissemination,
        SurveyInvitation,
        SurveyResponse,
        FormatRules,
        Event,
        "organisation",
    ],
    ids=lambda model: getattr(model, "__name__", model),
)
def test_every_counted_model_forgets_the_figures(world, model, django_capture_on_commit_callbacks):
    before = caching.evaluation_version()
    with django_capture_on_commit_callbacks(execute=True):
        _change(model, world)
    assert caching.evaluation_version() != before


def test_a_comment_keeps_the_figures(world, django_capture_on_commit_callbacks):
    """The discussion counts in no figure: a comment (and its event) keeps the cache."""
    before = caching.evaluation_version()
    p1 = world.provrum["P1"]
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(provrum=p1, author=world.proposer, body="Bra!")
        Event.objects.create(provrum=p1, action=Event.Action.COMMENTED, actor=world.proposer)
    assert caching.evaluation_version() == before


def test_a_go_ahead_through_the_service_updates_the_figures(
    world, office_user, django_capture_on_commit_callbacks, time_machine
):
    """The whole path: a service's writes, the commit, the next view."""
    from reglab.provrum.proposal import services

    time_machine.move_to(at(2024, 7, 1))
    proposal = world.provrum["P3"]  # Skåne's, declined in 2023
    Provrum.objects.filter(pk=proposal.pk).update(state=State.PROPOSED)
    assert _counted(dashboard_for("2024"))["go_aheads"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.provrum_withdraw(provrum=proposal, by=world.proposer, comment="Nej")
    assert _counted(dashboard_for("2024"))["withdrawn"] == 2
