"""The demo provrum of ``seed_demo``: every state on the board, built through the services."""

import re
from collections import Counter
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from reglab.accounts.models import User
from reglab.demo.provrum import DISPLAY_STATES
from reglab.demo.specs import demo_provrum
from reglab.provrum import exports, rules
from reglab.provrum.facts import go_aheads_in_year
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import (
    Comment,
    Decision,
    Event,
    PlanComment,
    PlanVersion,
    ProjectPlan,
    Provrum,
    State,
)
from reglab.provrum.plan import services as plans
from reglab.provrum.plan.validation import clean_plan_data
from reglab.provrum.proposal import decisions, services
from reglab.provrum.selectors import (
    format_rules_get,
    provrum_display_state,
    provrum_list,
)
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

DEMO_PROVRUM = demo_provrum()

OFFICE_EMAIL = "kansli@reglab.example"


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the class of tests that start from it (tests/shared_data.py);
    the command's output is the value."""
    with shared_setup(django_db_blocker, tmp_path_factory):
        yield seed()


def display_states():
    limits = format_rules_get().to_limits()
    board = Provrum.objects.select_related("leader").prefetch_related("interests__organisation")
    return {provrum.title: provrum_display_state(provrum, limits) for provrum in board}


def test_a_provrum_that_cannot_be_built_is_skipped_whole(office_user):
    """With no go-ahead left this year, the provrum that need one are skipped, the rest built."""
    format_rules.format_rules_update(by=office_user, max_go_aheads_per_year=0)
    output = seed()
    line = next(line for line in output.splitlines() if line.startswith("Provrum:"))
    assert "Hoppade över" in line and "capacity_reached" in line
    titles = set(Provrum.objects.values_list("title", flat=True))
    with_go_ahead = {
        spec.title
        for spec in DEMO_PROVRUM
        if spec.state in (State.GO_AHEAD, State.RUNNING, State.REPORTED, State.CLOSED)
    }
    assert titles == {spec.title for spec in DEMO_PROVRUM} - with_go_ahead
    # Nothing half-built is left behind: no event of a skipped one.
    assert not Event.objects.exclude(provrum__title__in=titles).exists()
    assert Event.objects.count() > len(titles)


def test_loading_the_demo_notifies_in_app_but_sends_no_email(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    from reglab.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert len(callbacks) >= Event.objects.count()
    assert Notification.objects.exists()
    assert mailoutbox == []


PLAN_STATES = (State.GO_AHEAD, State.RUNNING, State.REPORTED, State.CLOSED)


def demo_plans():
    return {
        plan.provrum.state: plan
        for plan in ProjectPlan.objects.select_related("provrum").filter(
            provrum__title__in=[spec.title for spec in DEMO_PROVRUM]
        )
    }


class TestTheSeededDemo:
    """Tests that start from the demo as seeded, once for the class."""

    def test_every_state_on_the_board_built_through_the_services(self, seeded):
        states = display_states()
        assert set(states.values()) == set(DISPLAY_STATES)
        assert {spec.title: str(spec.state) for spec in DEMO_PROVRUM} == states
        assert 11 <= len(states) <= 12

        # The command says how many there are of each.
        counts = Counter(states.values())
        line = next(line for line in seeded.splitlines() if line.startswith("Provrum:"))
        assert line.startswith(f"Provrum: {len(DEMO_PROVRUM)} nya demoprovrum.")
        for state in DISPLAY_STATES:
            assert f"{state} {counts[state]}" in line
        assert "Hoppade över" not in line

        # Every step was a service call by a demo representative or the office.
        for provrum in Provrum.objects.all():
            actions = list(provrum.events.values_list("action", flat=True))
            assert actions[0] == Event.Action.CREATED
            assert provrum.proposer_organisation.is_member
            assert (
                provrum.created_by.email == f"{provrum.proposer_organisation.slug}@reglab.example"
            )
            assert provrum.history.exists()
            if provrum.state != State.DRAFT:
                assert Event.Action.PUBLISHED in actions
        assert Comment.objects.filter(parent__isnull=False).exists()  # threaded replies
        office = User.objects.get(email=OFFICE_EMAIL)
        assert set(Decision.objects.values_list("decided_by", flat=True)) == {office.pk}
        assert set(Decision.objects.values_list("outcome", flat=True)) == set(
            Decision.Outcome.values
        )

        # The ready one mixes regions, a member agency and a partner, led by its proposer.
        ready = Provrum.objects.get(title="AI och visualisering som verktyg i regional utveckling")
        organisations = [interest.organisation for interest in ready.interests.all()]
        assert sum(o.is_region for o in organisations) >= 2
        assert any(o.is_partner for o in organisations)
        assert any(o.is_member and not o.is_region for o in organisations)
        assert ready.leader.slug == "region-skane"

    def test_running_again_creates_nothing_and_leaves_changed_ones_alone(self, seeded):
        office = User.objects.get(email=OFFICE_EMAIL)
        ready = Provrum.objects.get(title="AI och visualisering som verktyg i regional utveckling")
        decisions.provrum_decline(
            provrum=ready, by=office, comment="Vi prövar detta i ett lärprojekt."
        )
        models = (Provrum, Comment, Decision, Event, ProjectPlan, PlanVersion, PlanComment)
        before = {model.__name__: model.objects.count() for model in models}
        output = seed()
        assert "Provrum: 0 nya demoprovrum." in output
        assert {model.__name__: model.objects.count() for model in models} == before
        ready.refresh_from_db()
        assert ready.state == State.DECLINED

    def test_go_aheads_respect_the_yearly_capacity_and_leave_a_place(self, seeded):
        year = timezone.localdate().year
        limits = format_rules_get().to_limits()
        given = Provrum.objects.filter(go_ahead_at__isnull=False)
        per_year = Counter(timezone.localtime(provrum.go_ahead_at).year for provrum in given)
        assert given.count() == 4
        assert all(count <= limits.max_go_aheads_per_year for count in per_year.values())
        # One place is left this year, so the demo's ready provrum can get the go-ahead …
        assert go_aheads_in_year(year) == 1
        for provrum in given.exclude(state=State.GO_AHEAD):
            assert timezone.localtime(provrum.go_ahead_at).year < year
            assert provrum.published_at < provrum.go_ahead_at
        office = User.objects.get(email=OFFICE_EMAIL)
        ready = Provrum.objects.get(title="AI och visualisering som verktyg i regional utveckling")
        decisions.provrum_give_go_ahead(provrum=ready, by=office, comment="Klartecken.")
        # … and the next one is refused.
        other = Provrum.objects.get(title="Cirkularitet i näringslivet – vad kan regionerna göra?")
        services.leader_choose(
            provrum=other,
            by=User.objects.get(email="vinnova@reglab.example"),
            organisation=other.interests.get(
                organisation__slug="vastra-gotalandsregionen"
            ).organisation,
        )
        with pytest.raises(services.RuleViolation) as refused:
            decisions.provrum_give_go_ahead(provrum=other, by=office, comment="Klartecken.")
        assert [reason.code for reason in refused.value.reasons] == ["capacity_reached"]

    def test_the_board_shows_them(self, seeded, client, settings):
        # The demo runs in demo mode, where the demo office needs no second factor.
        settings.DEMO_MODE = True
        published = [spec.title for spec in DEMO_PROVRUM if spec.state != State.DRAFT]
        draft = next(spec.title for spec in DEMO_PROVRUM if spec.state == State.DRAFT)
        for email, sees_draft in [
            ("region-orebro-lan@reglab.example", False),
            ("kontigo@reglab.example", False),  # a partner
            ("region-norrbotten@reglab.example", True),  # the draft's proposer
            (OFFICE_EMAIL, True),
        ]:
            person = User.objects.get(email=email)
            listed = set(provrum_list(user=person).values_list("title", flat=True))
            assert set(published) <= listed
            client.force_login(person)
            response = client.get(reverse("provrum:board"))
            assert response.status_code == 200
            page = response.content.decode()
            for title in published:
                assert escape(title) in page, (email, title)
            assert (escape(draft) in page) is sees_draft, email

    def test_the_provrum_with_the_go_ahead_have_project_plans(self, seeded):
        by_state = demo_plans()
        assert set(by_state) == set(PLAN_STATES)
        office = User.objects.get(email=OFFICE_EMAIL)

        # The one with the go-ahead has a draft the group wrote in two saves: a diff to show.
        draft = by_state[State.GO_AHEAD]
        assert draft.status == ProjectPlan.Status.DRAFT
        versions = list(plans.plan_versions(draft))
        assert [version.number for version in versions] == [2, 1]
        assert len({version.author_id for version in versions}) == 2
        assert not versions[1].data["budget_lines"] and versions[0].data["budget_lines"]
        diff = plans.plan_diff(versions[1], versions[0])
        assert any(line.op == "insert" for line in diff)

        # The others were submitted and approved by the office, which started them.
        for state in (State.RUNNING, State.REPORTED, State.CLOSED):
            plan = by_state[state]
            assert plan.status == ProjectPlan.Status.APPROVED, state
            assert plan.decided_by == office and plan.submitted_at is not None
            actions = list(plan.provrum.events.values_list("action", flat=True))
            assert actions.count(Event.Action.STARTED) == 1
            started = actions.index(Event.Action.STARTED)
            assert actions[started - 1] == Event.Action.PLAN_APPROVED, state
            assert Event.Action.PLAN_SUBMITTED in actions[:started]
        # One was returned once with the office's comment before it was approved.
        returned = PlanComment.objects.filter(kind=PlanComment.Kind.RETURNED)
        assert returned.count() == 1
        assert returned.get().plan.provrum.state == State.REPORTED

    def test_every_demo_plan_is_complete_and_keeps_the_funding_rules(self, seeded):
        limits = format_rules_get().to_limits()
        granted = Counter()
        for state, plan in demo_plans().items():
            provrum, data = plan.provrum, plan.data
            organisations = plans.plan_organisation_slugs(provrum)
            cleaned, errors = clean_plan_data(data, organisation_slugs=organisations, complete=True)
            assert errors == {} and cleaned == data, state
            reasons = plans.plan_check(provrum)
            assert [reason.code for reason in reasons if reason.is_error] == [], state
            assert reasons == [], state  # not even a warning

            facts = rules.plan_facts(data)
            assert 0 < facts.base_funding_sek <= limits.max_base_funding_sek
            assert facts.base_funding_sek * 2 <= facts.budget_sek
            assert facts.base_funding_sek <= facts.non_working_time_sek
            assert facts.financing_sek == facts.budget_sek
            start, end = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
            assert rules.add_months(start, 2) <= end <= rules.add_months(start, 6)
            assert start >= timezone.localdate(provrum.go_ahead_at)
            assert 3 <= len(data["milestones"]) <= 4
            assert {m["meeting"] for m in data["milestones"]} >= {"physical", "digital"}
            days = [date.fromisoformat(m["date"]) for m in data["milestones"]]
            assert days == sorted(days) and all(start <= day <= end for day in days)
            assert all(day.weekday() < 5 and day.month != 7 for day in [start, end, *days])
            assert 2 <= len(data["success_criteria"]) <= 3
            assert 2 <= len(data["indicators"]) <= 3
            assert 4 <= len(data["budget_lines"]) <= 6
            assert any(line["is_working_time"] for line in data["budget_lines"])
            assert len({line["category"] for line in data["budget_lines"]}) >= 4
            # Every participating organisation puts in its own contribution.
            own = {
                row["organisation"] for row in data["financing"] if row["source"] == "organisation"
            }
            assert own == organisations, state
            if plan.status == ProjectPlan.Status.APPROVED:
                granted[timezone.localtime(provrum.go_ahead_at).year] += facts.base_funding_sek
        assert granted and all(total <= limits.office_annual_cap_sek for total in granted.values())
        for year, total in granted.items():
            assert plans.base_funding_granted_in_year(year) == total

    def test_a_demo_plan_exports_as_pdf(self, seeded):
        plan = demo_plans()[State.RUNNING]
        reader = PdfReader(BytesIO(exports.plan_pdf(plan.provrum, plan.data)))
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        assert plan.provrum.title in text
        assert "100 000 kr" in text  # the base funding
