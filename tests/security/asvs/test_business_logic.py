"""ASVS rows 18–22: business logic.

18 a provrum moves only along the edges of ``models.TRANSITIONS``, whatever is asked of
   the API or the pages in whatever state;
19 the format's limits hold on the server, through the API and the forms: 2–6
   organisations, at most 2 go-aheads a year, at most 100,000 SEK base funding per
   provrum and 200,000 SEK a year;
20 a failure injected in the middle of an action leaves nothing written;
21 the last go-ahead place, the annual cap, the last seat and one answer per participant
   are taken under a lock: the threaded race tests (PostgreSQL) carry this row's marker
   (tests/provrum/test_go_ahead_concurrency.py, test_plan_concurrency.py,
   tests/meetings/test_last_seat_race.py, tests/live/test_concurrent_answers.py); here,
   on both databases, the unique constraint behind "one answer per participant";
22 comments, proposals, survey answers, join codes, sign-up and exports answer 429.
"""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from reglab.core.limits import ACTIONS, limit_take
from reglab.live import limits as live_limits
from reglab.provrum import lifecycle
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import (
    TRANSITIONS,
    Comment,
    Decision,
    Event,
    Interest,
    ProjectPlan,
    Provrum,
    State,
)
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions
from tests.factories import RegionFactory
from tests.live.conftest import answer, guest, open_question
from tests.meetings.conftest import coordinator, make_meeting, network  # noqa: F401
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.conftest import proposal, ready_provrum, representative
from tests.provrum.plan_fixtures import saved_plan, submitted_plan, valid_plan, with_go_ahead
from tests.provrum.test_plan_views import plan_post
from tests.provrum.work_fixtures import set_state

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast  # the provrum tests' people and organisations
make_provrum = provrum_fixtures.make_provrum

EDGES = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}


# 18 ------------------------------------------------------------------------------------

# (who, API action, body): every state-changing action of the provrum API.
API_ACTIONS = [
    ("skane", "publish", {}),
    ("skane", "withdraw", {}),
    ("office", "go-ahead", {"comment": "Klart.", "acknowledge_warnings": True}),
    ("office", "decline", {"comment": "Nej."}),
    ("office", "lapse", {"comment": "Förfallen."}),
    ("skane", "plan/submit", {}),
    ("office", "plan/approve", {}),
    ("skane", "report/submit", {}),
    ("office", "report/approve", {}),
    ("skane", "close", {}),
]
PAGE_STATES = {State.DRAFT, State.INTEREST, State.GO_AHEAD, State.CLOSED}
PAGE_ACTIONS = [
    ("skane", "publish", {}),
    ("skane", "withdraw", {}),
    ("office", "go_ahead", {"comment": "Klart."}),
    ("office", "decline", {"comment": "Nej."}),
    ("office", "lapse", {"comment": "Förfallen."}),
    ("office", "plan_approve", {"comment": "Bra."}),
]  # the (draft→proposed, interest→go-ahead) moves seen below are among these


def _ask(channel, client, who, action, body, provrum):
    if channel == "api":
        return client.post(f"/api/v1/provrum/{provrum.pk}/{action}", body)
    return client.post(reverse(f"provrum:{action}", args=[provrum.pk]), body)


@pytest.mark.asvs("V2.3.1", row=18)
def test_every_action_in_every_state_moves_only_along_an_allowed_edge(client, cast, make_provrum):
    """Each action asked of a provrum in each of the eleven states (the first four built
    through the services, the later ones set on a provrum with the go-ahead), each rolled
    back: whatever moved, moved along an edge of the state table."""
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=20)
    built = {state: make_provrum(state) for state in ("draft", "proposed", "interest")}
    built[State.GO_AHEAD] = make_provrum("go_ahead", title="Klartecken")
    people = {"skane": cast["people"]["skane"], "office": cast["office"]}
    clients = {("api", key): ApiClient(Client(), person) for key, person in people.items()}
    for key, person in people.items():
        clients["page", key] = Client(raise_request_exception=False)
        clients["page", key].force_login(person)
    on_the_api = [("api", *ask) for ask in API_ACTIONS]
    # The pages call the same services (row 16): asked in fewer states, to stay fast.
    on_both = on_the_api + [("page", *ask) for ask in PAGE_ACTIONS]
    wrong, illegal, moved = [], 0, set()
    for state in [*built, *(set(State) - set(built))]:
        provrum = built.get(state, built[State.GO_AHEAD])
        with transaction.atomic():
            set_state(provrum, state)
            asks = on_both if state in PAGE_STATES else on_the_api
            for channel, who, action, body in asks:
                with transaction.atomic():
                    response = _ask(channel, clients[channel, who], who, action, body, provrum)
                    after = Provrum.objects.values_list("state", flat=True).get(pk=provrum.pk)
                    transaction.set_rollback(True)
                if channel == "api" and response.status_code == 409:
                    illegal += "illegal_transition" in reason_codes(response)
                if after != state:
                    moved.add((state, after))
                    if (state, after) not in EDGES:
                        wrong.append(f"{channel} {action} moved {state} → {after}")
                if response.status_code >= 500:
                    wrong.append(f"{channel} {action} in {state}: {response.status_code}")
            transaction.set_rollback(True)
    assert not wrong, wrong
    assert illegal >= 20  # the state table refused, not something else
    assert {(State.DRAFT, State.PROPOSED), (State.INTEREST, State.GO_AHEAD)} <= moved


# 19 ------------------------------------------------------------------------------------


@pytest.mark.asvs("V2.3.2", row=19)
def test_six_organisations_at_most_through_the_api_and_the_form(client, cast):
    provrum = proposal(cast)
    for key in ("orebro", "gavleborg", "vinnova", "kontigo"):
        ApiClient(client, cast["people"][key]).post(
            f"/api/v1/provrum/{provrum.pk}/interests", {"organisation": cast["orgs"][key].slug}
        )
    sixth = RegionFactory(slug="region-sjatte", county_code="03")
    ApiClient(client, representative(sixth, "sjatte@example.se")).post(
        f"/api/v1/provrum/{provrum.pk}/interests", {"organisation": sixth.slug}
    )
    assert Interest.objects.filter(provrum=provrum).count() == 6  # the proposer's too
    seventh = RegionFactory(slug="region-sjunde", county_code="04")
    person = representative(seventh, "sjunde@example.se")
    refused = ApiClient(client, person).post(
        f"/api/v1/provrum/{provrum.pk}/interests", {"organisation": seventh.slug}
    )
    assert (refused.status_code, reason_codes(refused)) == (409, ["too_many_organisations"])
    page = Client()
    page.force_login(person)
    answer = page.post(reverse("provrum:interest", args=[provrum.pk]), {"organisation": seventh.pk})
    assert answer.status_code in (200, 409)
    assert Interest.objects.filter(provrum=provrum).count() == 6


@pytest.mark.asvs("V2.3.2", row=19)
def test_the_minimum_of_organisations_before_the_go_ahead(client, cast):
    """Alone, a proposal never gathers interest, so it cannot get the go-ahead; and the
    count is the format rule's, checked again at the decision (raised to 3 here)."""
    office = ApiClient(client, cast["office"])
    body = {"comment": "Klart.", "acknowledge_warnings": True}
    alone = proposal(cast, title="Ensamt förslag")
    assert office.post(f"/api/v1/provrum/{alone.pk}/go-ahead", body).status_code == 409
    pair = ready_provrum(cast, title="Två organisationer")
    format_rules.format_rules_update(by=cast["office"], min_organisations=3)
    refused = office.post(f"/api/v1/provrum/{pair.pk}/go-ahead", body)
    assert refused.status_code == 409
    assert "too_few_organisations" in reason_codes(refused)
    page = Client()
    page.force_login(cast["office"])
    page.post(reverse("provrum:go_ahead", args=[pair.pk]), {"comment": "Klart."})
    for provrum in (alone, pair):
        provrum.refresh_from_db()
    assert (alone.state, pair.state) == (State.PROPOSED, State.INTEREST)


@pytest.mark.asvs("V2.3.2", row=19)
def test_two_go_aheads_a_year_at_most_through_the_api_and_the_form(client, cast):
    office = cast["office"]
    for title in ("Första", "Andra"):
        decisions.provrum_give_go_ahead(provrum=ready_provrum(cast, title=title), by=office)
    third = ready_provrum(cast, title="Tredje")
    refused = ApiClient(client, office).post(
        f"/api/v1/provrum/{third.pk}/go-ahead", {"comment": "Tredje.", "acknowledge_warnings": True}
    )
    assert (refused.status_code, reason_codes(refused)) == (409, ["capacity_reached"])
    client.force_login(office)
    page = client.post(reverse("provrum:go_ahead", args=[third.pk]), {"comment": "Tredje."})
    assert page.status_code in (200, 409)
    third.refresh_from_db()
    assert third.state == State.INTEREST
    assert Decision.objects.filter(outcome=Decision.Outcome.GO_AHEAD).count() == 2


def _over_cap():
    """A plan asking 100,001 SEK of base funding and breaking no other funding rule."""
    data = valid_plan()
    data["budget_lines"][0]["amount"] = 400_000
    data["financing"][0]["amount"] = 100_001
    data["financing"][1]["amount"] = 299_999
    data["financing"][2]["amount"] = 40_000
    return data


@pytest.mark.asvs("V2.3.2", row=19)
def test_base_funding_over_100000_is_refused_through_the_api_and_the_form(client, cast):
    provrum = with_go_ahead(cast)
    leader = cast["people"]["skane"]
    saved = saved_plan(cast, provrum, data=_over_cap())
    refused = ApiClient(client, leader).post(
        f"/api/v1/provrum/{provrum.pk}/plan/submit", {"version": saved.version}
    )
    assert refused.status_code == 409
    assert reason_codes(refused) == ["base_funding_over_cap"]
    client.force_login(leader)
    page = client.post(
        reverse("provrum:plan", args=[provrum.pk]),
        plan_post(
            version=str(saved.version),
            action="submit",
            **{
                "budget_lines-0-amount": "400000",
                "financing-0-amount": "100001",
                "financing-1-amount": "380000",
            },
        ),
    )
    assert page.status_code in (200, 409, 422)
    assert "100 000" in page.content.decode() or "100\xa0000" in page.content.decode()
    plan = ProjectPlan.objects.get(provrum=provrum)
    assert plan.status == ProjectPlan.Status.DRAFT


@pytest.mark.asvs("V2.3.2", row=19)
def test_the_annual_200000_is_refused_through_the_api_and_the_form(client, cast):
    office = cast["office"]
    format_rules.format_rules_update(by=office, max_go_aheads_per_year=5)
    big = valid_plan()
    big["budget_lines"][0]["amount"] = 300_000
    big["financing"][0]["amount"] = 100_000
    big["financing"][1]["amount"] = 210_000
    granted = []
    for title in ("Första", "Andra", "Tredje"):
        provrum = with_go_ahead(cast, title=title)
        submitted_plan(cast, provrum, data=big)
        granted.append(provrum)
    for provrum in granted[:2]:
        plans.plan_approve(provrum=provrum, by=office)
    third = granted[2]
    refused = ApiClient(client, office).post(f"/api/v1/provrum/{third.pk}/plan/approve", {})
    assert refused.status_code == 409
    assert reason_codes(refused) == ["office_annual_cap_exceeded"]
    client.force_login(office)
    page = client.post(reverse("provrum:plan_approve", args=[third.pk]), {"comment": "Ja."})
    assert page.status_code in (200, 302, 409)
    third.refresh_from_db()
    assert third.state == State.GO_AHEAD
    assert ProjectPlan.objects.get(provrum=third).status == ProjectPlan.Status.SUBMITTED


# 20 ------------------------------------------------------------------------------------


class Injected(Exception):
    pass


@pytest.fixture
def failing_record(monkeypatch):
    """Call to make the actions fail at their last step: the event and its notification
    are written, then an error."""
    real = lifecycle.record

    def record_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise Injected("injected after the event was written")

    return lambda: monkeypatch.setattr(lifecycle, "record", record_then_fail)


def _written(provrum):
    provrum.refresh_from_db()
    return {
        "state": provrum.state,
        "version": provrum.version,
        "events": Event.objects.filter(provrum=provrum).count(),
        "decisions": Decision.objects.filter(provrum=provrum).count(),
        "history": Provrum.history.filter(id=provrum.pk).count(),
        "plan": list(ProjectPlan.objects.filter(provrum=provrum).values_list("status", "version")),
    }


@pytest.mark.asvs("V2.3.3", row=20)
def test_a_go_ahead_failing_at_its_last_step_writes_nothing(
    cast, failing_record, django_capture_on_commit_callbacks
):
    provrum = ready_provrum(cast)
    before = _written(provrum)
    failing_record()
    with django_capture_on_commit_callbacks() as announced, pytest.raises(Injected):
        decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Klart.")
    assert _written(provrum) == before
    assert announced == []  # nobody is told about what did not happen


@pytest.mark.asvs("V2.3.3", row=20)
def test_a_plan_approval_failing_at_its_last_step_writes_nothing_through_the_api(
    cast, failing_record, django_capture_on_commit_callbacks
):
    provrum = with_go_ahead(cast)
    submitted_plan(cast, provrum)
    before = _written(provrum)
    failing_record()
    api = ApiClient(Client(raise_request_exception=False), cast["office"])
    with django_capture_on_commit_callbacks() as announced:
        response = api.post(f"/api/v1/provrum/{provrum.pk}/plan/approve", {})
    assert response.status_code == 500
    assert _written(provrum) == before
    assert announced == []


# 21 ------------------------------------------------------------------------------------


@pytest.fixture
def live_meeting(network):  # noqa: F811 - the meetings tests' fixture
    return make_meeting(network)


@pytest.mark.asvs("V2.3.4", row=21)
def test_one_answer_per_participant_holds_in_the_database(live_meeting, coordinator):  # noqa: F811
    """Answering again replaces the answer (the service's upsert); a second row for the same
    question and participant is refused by the database itself, whichever way it comes."""
    from reglab.live.models import Answer

    question = open_question(live_meeting, coordinator, kind="text", text="Vad tar ni med er?")
    participant, _token = guest(live_meeting)
    answer(question, participant, text="Ett")
    answer(question, participant, text="Två")
    assert list(Answer.objects.filter(question=question).values_list("text", flat=True)) == ["Två"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(question=question, participant=participant, text="Tre")
    assert Answer.objects.filter(question=question).count() == 1


# 22 ------------------------------------------------------------------------------------


def _assert_429(response, *, api=False):
    assert response.status_code == 429, response.status_code
    if api:
        assert response.json()["code"] in {"rate_limited", "join_throttled"}


@pytest.mark.asvs("V2.4.1", row=22)
def test_comments_past_the_limit_answer_429(client, cast):
    provrum = proposal(cast)
    writer = cast["people"]["orebro"]
    api = ApiClient(client, writer)
    for n in range(ACTIONS["comment"].limits[0].count):
        api.post(f"/api/v1/provrum/{provrum.pk}/comments", {"body": f"Inlägg {n}"})
    _assert_429(api.post(f"/api/v1/provrum/{provrum.pk}/comments", {"body": "Ett till"}), api=True)
    client.force_login(writer)
    page = client.post(reverse("provrum:comment_add", args=[provrum.pk]), {"body": "Ett till"})
    _assert_429(page)
    assert not Comment.objects.filter(body="Ett till").exists()


@pytest.mark.asvs("V2.4.1", row=22)
def test_proposals_past_the_limit_answer_429(client, cast):
    person = cast["people"]["skane"]
    for _ in range(ACTIONS["proposal"].limits[0].count):
        limit_take(person, "proposal")
    body = {
        "organisation": "region-skane",
        "title": "Ett förslag för mycket",
        "summary": "Sammanfattning.",
        "question": "Fråga?",
        "kind": "method",
        "intended_use": "pre_study",
    }
    _assert_429(ApiClient(client, person).post("/api/v1/provrum", body), api=True)
    assert not Provrum.objects.filter(title="Ett förslag för mycket").exists()


@pytest.mark.asvs("V2.4.1", row=22)
def test_survey_answers_past_the_limit_answer_429(client, cast):
    from tests.provrum.close_fixtures import closed_provrum

    provrum = closed_provrum(cast)
    person = cast["people"]["orebro"]
    for _ in range(ACTIONS["answer"].limits[0].count):
        limit_take(person, "answer")
    answer = {"usefulness": 4, "take_part_again": "yes"}
    _assert_429(
        ApiClient(client, person).post(f"/api/v1/provrum/{provrum.pk}/survey", answer), api=True
    )
    client.force_login(person)
    _assert_429(client.post(reverse("provrum:survey", args=[provrum.pk]), answer))


@pytest.mark.asvs("V2.4.1", row=22)
def test_join_code_guessing_answers_429(client):
    for n in range(live_limits.WRONG_CODES_PER_WINDOW):
        assert client.post(f"/api/v1/live/ZZZZZ{n % 10}/participants").status_code == 404
    _assert_429(client.post("/api/v1/live/ZZZZZZ/participants"), api=True)
    _assert_429(client.get(reverse("live:room", args=["ZZZZZZ"])))


@pytest.mark.asvs("V2.4.1", row=22)
def test_sign_up_past_the_limit_answers_429(client):
    url = reverse("account_signup")
    answers = [client.post(url, {"email": f"ny{n}@example.se"}).status_code for n in range(25)]
    assert 429 in answers
    assert answers[answers.index(429) :] == [429] * (len(answers) - answers.index(429))


@pytest.mark.asvs("V2.4.1", row=22)
def test_exports_past_the_limit_answer_429(client, cast):
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    leader = cast["people"]["skane"]
    client.force_login(leader)
    url = reverse("provrum:budget_csv", args=[provrum.pk])
    assert client.get(url).status_code == 200
    for _ in range(ACTIONS["export"].limits[0].count - 1):
        limit_take(leader, "export")
    refused = client.get(url)
    _assert_429(refused)
    assert int(refused["Retry-After"]) > 0
    assert "för många filer" in refused.content.decode()
    # Another person is not affected.
    other = Client()
    other.force_login(cast["people"]["orebro"])
    assert other.get(url).status_code == 200
