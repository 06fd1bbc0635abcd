"""Finding 10: no limits on authenticated writes.

One representative made 40 comments in four seconds and published 15 proposals
in four seconds, which notified every member 585 times. Now every person has
limits per kind of write (``reglab.core.limits.ACTIONS``), counted together for
the page and the API: past a limit the page answers 429 with a Swedish message
and the person's text kept in the form, the API answers 429 with the code
``rate_limited`` and a Swedish message, nothing is written, other people are
not affected, and once the window has passed writing works again.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reglab.core.limits import ACTIONS, limit_take
from reglab.provrum.models import (
    Comment,
    Document,
    IntendedUse,
    Interest,
    Kind,
    Provrum,
    State,
    SurveyResponse,
)
from reglab.provrum.proposal import services
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.close_fixtures import closed_provrum
from tests.provrum.conftest import proposal
from tests.provrum.plan_fixtures import with_go_ahead
from tests.provrum.work_fixtures import set_state

pytestmark = pytest.mark.django_db

cast = provrum_fixtures.cast  # the provrum tests' people and organisations

START = dt.datetime(2026, 3, 10, 9, 0, 5, tzinfo=dt.UTC)
TOO_MANY_COMMENTS = (
    "Du har skrivit för många kommentarer på kort tid. Vänta en stund och försök igen."
)
TOO_MANY_PROPOSALS = "Du har skrivit för många förslag på kort tid."
TOO_MANY_PUBLISHED = "Du har publicerat för många förslag på kort tid."
TOO_MANY_UPLOADS = "Du har laddat upp för många dokument på kort tid."
TOO_MANY_INTERESTS = "Du har gjort för många intresseanmälningar på kort tid."
TOO_MANY_ANSWERS = "Du har skickat för många svar på kort tid."


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def first_limit(action):
    return ACTIONS[action].limits[0]


def assert_api_refusal(response, text):
    assert response.status_code == 429, response.content
    body = response.json()
    assert reason_codes(response) == ["rate_limited"]
    assert text in body["detail"]
    assert int(response["Retry-After"]) > 0


def comment_url(provrum):
    return reverse("provrum:comment_add", kwargs={"pk": provrum.pk})


# Comments ----------------------------------------------------------------------------


def test_comments_are_limited_per_person_on_the_page_and_in_the_api(client, cast, clock):
    provrum = proposal(cast)
    writer = cast["people"]["orebro"]
    limit = first_limit("comment").count  # 10 a minute
    api = ApiClient(client, writer)
    client.force_login(writer)
    # The page and the API count together.
    for n in range(limit // 2):
        assert client.post(comment_url(provrum), {"body": f"Sidan {n}"}).status_code == 302
    for n in range(limit - limit // 2):
        response = api.post(f"/api/v1/provrum/{provrum.pk}/comments", {"body": f"API {n}"})
        assert response.status_code == 201
    assert Comment.objects.filter(author=writer).count() == limit

    page = client.post(comment_url(provrum), {"body": "Ett inlägg för mycket"})
    assert page.status_code == 429
    html = page.content.decode()
    assert TOO_MANY_COMMENTS in html
    # The person's text comes back in the form.
    assert "Ett inlägg för mycket</textarea>" in html
    reply = client.post(
        comment_url(provrum), {"body": "Ett svar för mycket", "parent": Comment.objects.first().pk}
    )
    assert reply.status_code == 429
    assert "Ett svar för mycket</textarea>" in reply.content.decode()
    assert_api_refusal(
        api.post(f"/api/v1/provrum/{provrum.pk}/comments", {"body": "API för mycket"}),
        TOO_MANY_COMMENTS,
    )
    assert Comment.objects.filter(author=writer).count() == limit

    # Someone else is not affected.
    other = cast["people"]["gavleborg"]
    client.force_login(other)
    assert client.post(comment_url(provrum), {"body": "Jag får skriva"}).status_code == 302

    # A minute later the writer may write again.
    clock.shift(dt.timedelta(seconds=61))
    client.force_login(writer)
    assert client.post(comment_url(provrum), {"body": "Nu igen"}).status_code == 302
    assert Comment.objects.filter(author=writer, body="Nu igen").exists()


def test_the_office_is_limited_on_comments_too(client, cast, clock):
    provrum = proposal(cast)
    api = ApiClient(client, cast["office"])
    url = f"/api/v1/provrum/{provrum.pk}/comments"
    for n in range(first_limit("comment").count):
        assert api.post(url, {"body": f"Kansliet {n}"}).status_code == 201
    assert_api_refusal(api.post(url, {"body": "En till"}), TOO_MANY_COMMENTS)


def test_the_daily_comment_limit_holds_across_minutes(client, cast, clock):
    provrum = proposal(cast)
    writer = cast["people"]["orebro"]
    per_minute, per_day = (limit.count for limit in ACTIONS["comment"].limits)
    api = ApiClient(client, writer)
    url = f"/api/v1/provrum/{provrum.pk}/comments"
    for n in range(per_day):
        if n and n % per_minute == 0:
            clock.shift(dt.timedelta(minutes=1))
        assert api.post(url, {"body": f"Inlägg {n}"}).status_code == 201
    clock.shift(dt.timedelta(minutes=1))
    assert_api_refusal(api.post(url, {"body": "Ett till i dag"}), TOO_MANY_COMMENTS)
    clock.shift(dt.timedelta(days=1))
    assert api.post(url, {"body": "I morgon"}).status_code == 201


# Proposals and publishing -------------------------------------------------------------


def proposal_form(title):
    return {
        "organisation": "",
        "title": title,
        "summary": "Vi vill pröva hur AI kan visualisera regionala data.",
        "question": "Hur kan regionerna använda AI för analys?",
        "kind": Kind.METHOD,
        "intended_use": IntendedUse.TEST_BALLOON,
        "themes": [],
        "other_themes": "AI och visualisering",
    }


def proposal_json(title):
    return {
        "organisation": "region-skane",
        "title": title,
        "summary": "Vi vill pröva hur AI kan visualisera regionala data.",
        "question": "Hur kan regionerna använda AI för analys?",
        "kind": Kind.METHOD,
        "intended_use": IntendedUse.TEST_BALLOON,
        "themes": ["AI och visualisering"],
    }


def test_proposals_are_limited_on_the_page_and_in_the_api(client, cast, clock):
    proposer = cast["people"]["skane"]
    limit = first_limit("proposal").count
    api = ApiClient(client, proposer)
    for n in range(limit):
        assert api.post("/api/v1/provrum", proposal_json(f"Förslag nummer {n}")).status_code == 201
    assert_api_refusal(
        api.post("/api/v1/provrum", proposal_json("Ett förslag för mycket")), TOO_MANY_PROPOSALS
    )

    client.force_login(proposer)
    data = proposal_form("Ett förslag för mycket på sidan")
    data["organisation"] = cast["orgs"]["skane"].pk
    page = client.post(reverse("provrum:create"), data)
    assert page.status_code == 429
    html = page.content.decode()
    assert TOO_MANY_PROPOSALS in html
    assert 'value="Ett förslag för mycket på sidan"' in html
    assert Provrum.objects.count() == limit

    # Another member's representative still proposes.
    other = ApiClient(client, cast["people"]["orebro"])
    other_json = {**proposal_json("Örebros förslag"), "organisation": "region-orebro-lan"}
    assert other.post("/api/v1/provrum", other_json).status_code == 201

    clock.shift(dt.timedelta(hours=1))
    assert api.post("/api/v1/provrum", proposal_json("En timme senare")).status_code == 201


def drafts(cast, count):
    """Drafts written through the services (which have no limits: setup, not a person)."""
    return [proposal(cast, title=f"Utkast {n}", publish=False) for n in range(count)]


def test_publishing_is_limited_on_the_page_and_in_the_api(client, cast, clock):
    proposer = cast["people"]["skane"]
    limit = first_limit("publish").count
    rows = drafts(cast, limit + 2)
    api = ApiClient(client, proposer)
    for provrum in rows[:limit]:
        assert api.post(f"/api/v1/provrum/{provrum.pk}/publish").status_code == 200
    assert_api_refusal(api.post(f"/api/v1/provrum/{rows[limit].pk}/publish"), TOO_MANY_PUBLISHED)

    client.force_login(proposer)
    page = client.post(reverse("provrum:publish", kwargs={"pk": rows[limit + 1].pk}))
    assert page.status_code == 429
    assert TOO_MANY_PUBLISHED in page.content.decode()
    states = dict(Provrum.objects.values_list("pk", "state"))
    assert [states[p.pk] for p in rows[limit:]] == [State.DRAFT, State.DRAFT]
    assert sum(state == State.PROPOSED for state in states.values()) == limit

    clock.shift(dt.timedelta(hours=1))
    assert api.post(f"/api/v1/provrum/{rows[limit].pk}/publish").status_code == 200


# Interests (answers) ------------------------------------------------------------------


def test_interest_registrations_are_limited_on_the_page_and_in_the_api(client, cast, clock):
    provrum = proposal(cast)
    person, organisation = cast["people"]["orebro"], cast["orgs"]["orebro"]
    limit = first_limit("interest").count
    api = ApiClient(client, person)
    url = f"/api/v1/provrum/{provrum.pk}/interests"
    for n in range(limit):
        payload = {"organisation": organisation.slug, "wants_to_lead": bool(n % 2)}
        assert api.post(url, payload).status_code in (200, 201)
    assert_api_refusal(
        api.post(url, {"organisation": organisation.slug, "wants_to_lead": True}),
        TOO_MANY_INTERESTS,
    )
    client.force_login(person)
    page = client.post(
        reverse("provrum:interest", kwargs={"pk": provrum.pk}),
        {"organisation": organisation.pk, "wants_to_lead": "on"},
    )
    assert page.status_code == 429
    assert TOO_MANY_INTERESTS in page.content.decode()
    interest = Interest.objects.get(provrum=provrum, organisation=organisation)
    assert interest.wants_to_lead is bool((limit - 1) % 2)  # the last change let through

    other = ApiClient(client, cast["people"]["gavleborg"])
    payload = {"organisation": "region-gavleborg", "wants_to_lead": False}
    assert other.post(url, payload).status_code == 201


# Uploads --------------------------------------------------------------------------------


def png(n):
    """A different small picture each time (the same file twice is one document)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (20 + n, 20), (n % 255, 30, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_uploads_are_limited_on_the_page_and_in_the_api(client, cast, clock):
    running = set_state(with_go_ahead(cast), State.RUNNING)
    uploader = cast["people"]["orebro"]
    limit = first_limit("upload").count
    api_headers = ApiClient(client, uploader).headers
    url = f"/api/v1/provrum/{running.pk}/documents"
    for n in range(limit):
        response = client.post(
            url, {"file": SimpleUploadedFile(f"bild{n}.png", png(n))}, headers=api_headers
        )
        assert response.status_code == 201, response.content
    assert_api_refusal(
        client.post(url, {"file": SimpleUploadedFile("en-till.png", png(99))}, headers=api_headers),
        TOO_MANY_UPLOADS,
    )
    client.force_login(uploader)
    page = client.post(
        reverse("provrum:document_upload", kwargs={"pk": running.pk}),
        {"file": SimpleUploadedFile("sidan.png", png(98)), "description": "Karta över länet"},
    )
    assert page.status_code == 429
    html = page.content.decode()
    assert TOO_MANY_UPLOADS in html
    assert "Karta över länet" in html
    assert Document.objects.filter(uploaded_by=uploader).count() == limit

    leader = ApiClient(client, cast["people"]["skane"]).headers
    response = client.post(url, {"file": SimpleUploadedFile("ledare.png", png(97))}, headers=leader)
    assert response.status_code == 201

    clock.shift(dt.timedelta(hours=1))
    response = client.post(
        url, {"file": SimpleUploadedFile("senare.png", png(96))}, headers=api_headers
    )
    assert response.status_code == 201


# Survey answers ---------------------------------------------------------------------------


def test_survey_answers_are_limited_on_the_page_and_in_the_api(client, cast, clock):
    provrum = closed_provrum(cast)
    person = cast["people"]["orebro"]
    # The survey is answered once per provrum, so a person reaches this limit
    # across many provrum; here the earlier answers are counted by the limiter.
    for _ in range(first_limit("answer").count):
        limit_take(person, "answer")

    answer = {"usefulness": 4, "take_part_again": "yes", "format_change": "Fler möten."}
    assert_api_refusal(
        ApiClient(client, person).post(f"/api/v1/provrum/{provrum.pk}/survey", answer),
        TOO_MANY_ANSWERS,
    )
    client.force_login(person)
    page = client.post(reverse("provrum:survey", kwargs={"pk": provrum.pk}), answer)
    assert page.status_code == 429
    html = page.content.decode()
    assert TOO_MANY_ANSWERS in html and "Fler möten." in html
    assert not SurveyResponse.objects.exists()

    clock.shift(dt.timedelta(hours=1))
    # An hour idle ends the session (reglab.accounts.sessions): the person signs in again.
    client.force_login(person)
    page = client.post(reverse("provrum:survey", kwargs={"pk": provrum.pk}), answer)
    assert page.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_services_themselves_are_not_limited(cast, clock):
    """The demo builder and setup code call the services for many people at once."""
    provrum = proposal(cast)
    for n in range(first_limit("comment").count + 5):
        services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body=f"Rad {n}")
    assert provrum.comments.count() == first_limit("comment").count + 5


# Limits shared by every process (issue 10, second round) ------------------------------
#
# Without REDIS_URL the cache, and every limit counted in it, lives in each worker's
# memory: ``make serve`` starts two, so each limit allowed twice as much.


def deploy_check(tmp_path, **overrides):
    from tests.test_deploy_check import production_env, run

    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path, **overrides),
    )
    return result.returncode, result.stdout + result.stderr


def test_the_deploy_check_warns_without_redis(tmp_path):
    returncode, output = deploy_check(tmp_path, REDIS_URL=None)

    assert returncode != 0
    assert "reglab.W001" in output
    assert "REDIS_URL" in output and "per process" in output and "hålls per process" in output
    assert "Sätt REDIS_URL" in output


def test_the_deploy_check_passes_with_redis(tmp_path):
    returncode, output = deploy_check(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")

    assert returncode == 0, output
    assert "reglab.W001" not in output


@pytest.mark.parametrize("mode", [{"DEBUG": "1"}, {"DEMO_MODE": "1"}, {"TESTING": "1"}])
def test_development_demo_and_tests_need_no_redis(tmp_path, mode):
    returncode, output = deploy_check(tmp_path, REDIS_URL=None, **mode)

    assert "reglab.W001" not in output
