"""Attacks on the newest code: surveys, the live dialog's room and screen, meetings.

Each test is one hypothesis that held as a hole, with its fix:

- a: the room's suggestions for a list to prioritise wait for the host's approval and
  the pages show them to the hosts only, yet the results API handed them, unmoderated,
  to whoever may see the meeting once the question closed;
- b: renewing the presenter link ("the old one stops working at once") ended its pages
  but not a screen's WebSocket opened with it, which went on receiving every tally
  (texts, names of questions that are not anonymous, unapproved suggestions);
- c: a survey's reminder e-mails every representative who has not answered, and one
  click (or a script) could send it without limit (the office's accounts too, and each
  of the people who manage one survey);
- d: a survey's title is the reminder's subject, and a title with a line break (typed in
  the API, or saved in the admin) made every reminder of the survey fail (a 500);
- e: people's text sat outside ``hx-disable`` containers on the live dialog's pages and
  the start pages, as it did on the meeting pages before finding 14 (h);
- f: after the host renewed a join code, the phones still on the old one asked for it
  again at the next question, each a wrong code from the venue's one address: the
  guessing limit then shut the whole room out of the new code for up to ten minutes;
- g: the presenter link's screen got the suggestions no host had approved in every tally
  (the screen's page leaves them out; a host's screen still gets them).
"""

import datetime as dt
import threading
import time
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reglab.accounts.models import Affiliation, AffiliationStatus
from reglab.live.services import answer as answer_services
from reglab.live.services import question as question_services
from reglab.live.services.room import room_get_or_create, room_renew
from reglab.meetings.models import Registration, RegistrationStatus
from reglab.meetings.services import registration as registration_services
from reglab.surveys.models import Audience, Survey, SurveyAnswer
from reglab.surveys.services.answer import answer_save, answer_submit
from reglab.surveys.services.reminders import reminder_send
from tests.live.conftest import answer, guest, open_question, option_ids, run_in_thread
from tests.live.test_sockets import communicator, session_cookie
from tests.meetings import conftest as meeting_fixtures
from tests.meetings.conftest import make_meeting
from tests.security.test_finding_14_meetings_pages import MARK, unguarded
from tests.surveys.conftest import make_survey
from tests.surveys.test_api import bearer

pytestmark = pytest.mark.django_db

# The meeting tests' network and its coordinator.
network = meeting_fixtures.network
coordinator = meeting_fixtures.coordinator


# a: unapproved suggestions ----------------------------------------------------------------


def results_path(meeting, question):
    return f"/api/v1/meetings/{meeting.pk}/questions/{question.pk}/results"


@pytest.mark.parametrize("who", ["anonymous", "member_rep"])
def test_a_suggestion_nobody_approved_is_not_in_the_public_results(
    client, request, network, coordinator, who
):
    meeting = make_meeting(network)
    question = open_question(meeting, coordinator, kind="prioritise", text="Önskemål?", dots=3)
    participant, _token = guest(meeting)
    answer_services.option_suggest(
        question=question, participant=participant, text="Hemligt förslag om Olle"
    )
    question_services.question_close(question=question, by=coordinator)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(results_path(meeting, question))

    assert response.status_code == 200
    assert "pending" not in response.json()
    assert "Hemligt förslag" not in response.content.decode()


def test_the_host_still_reads_the_suggestions_waiting_for_them(client, network, coordinator):
    meeting = make_meeting(network)
    question = open_question(meeting, coordinator, kind="prioritise", text="Önskemål?", dots=3)
    participant, _token = guest(meeting)
    answer_services.option_suggest(question=question, participant=participant, text="GIS")
    client.force_login(coordinator)

    tally = client.get(results_path(meeting, question)).json()

    assert [row["text"] for row in tally["pending"]] == ["GIS"]


# b: a renewed presenter link ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_renewed_presenter_link_closes_the_screen_opened_with_it(network, coordinator):
    meeting = make_meeting(network)
    token = room_get_or_create(meeting=meeting).presenter_token
    question = open_question(meeting, coordinator)
    yes = option_ids(question)[0]
    first, _ = guest(meeting)
    second, _ = guest(meeting)

    async def scenario():
        screen = communicator(f"/ws/meetings/{meeting.pk}/screen/?token={token}")
        connected, _ = await screen.connect()
        assert connected
        await screen.receive_json_from()
        await database_sync_to_async(answer)(question, first, options=[yes])
        before = await screen.receive_json_from(timeout=2)
        await database_sync_to_async(room_renew)(meeting=meeting)
        await database_sync_to_async(answer)(question, second, options=[yes])
        after = await screen.receive_output(timeout=2)
        await screen.disconnect()
        return before, after

    before, after = run_in_thread(scenario)
    assert before["type"] == "tally" and before["tally"]["answers"] == 1
    assert after == {"type": "websocket.close", "code": 4403}


@pytest.mark.django_db(transaction=True)
def test_the_new_presenter_link_opens_the_screen(network, coordinator):
    meeting = make_meeting(network)
    room_get_or_create(meeting=meeting)
    token = room_renew(meeting=meeting).presenter_token
    question = open_question(meeting, coordinator)
    participant, _ = guest(meeting)

    async def scenario():
        screen = communicator(f"/ws/meetings/{meeting.pk}/screen/?token={token}")
        connected, _ = await screen.connect()
        await screen.receive_json_from()
        await database_sync_to_async(answer)(
            question, participant, options=[option_ids(question)[0]]
        )
        message = await screen.receive_json_from(timeout=2)
        await screen.disconnect()
        return connected, message

    connected, message = run_in_thread(scenario)
    assert connected and message["tally"]["answers"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("admitted_by", ["presenter link", "host"])
def test_the_screen_gets_unapproved_suggestions_only_when_a_host_watches(
    client, network, coordinator, admitted_by
):
    """g: the presenter link's screen (a projector's browser) got the room's suggestions
    that no host had approved, in the tally's JSON, on connect and with every change."""
    meeting = make_meeting(network)
    token = room_get_or_create(meeting=meeting).presenter_token
    question = open_question(meeting, coordinator, kind="prioritise", text="Önskemål?", dots=3)
    participant, _ = guest(meeting)
    answer_services.option_suggest(question=question, participant=participant, text="Förslag A")
    if admitted_by == "host":
        path, cookie = f"/ws/meetings/{meeting.pk}/screen/", session_cookie(client, coordinator)
    else:
        path, cookie = f"/ws/meetings/{meeting.pk}/screen/?token={token}", None

    async def scenario():
        screen = communicator(path, cookie)
        connected, _ = await screen.connect()
        assert connected
        on_connect = await screen.receive_json_from(timeout=2)
        await database_sync_to_async(answer_services.option_suggest)(
            question=question, participant=participant, text="Förslag B"
        )
        on_change = await screen.receive_json_from(timeout=2)
        await screen.disconnect()
        return on_connect, on_change

    on_connect, on_change = run_in_thread(scenario)
    for sent in (on_connect, on_change):
        assert sent["type"] == "tally"
        if admitted_by == "host":
            assert sent["tally"]["pending"]
        else:
            assert "pending" not in sent["tally"]
            assert "Förslag" not in str(sent)
    if admitted_by == "host":
        assert [row["text"] for row in on_change["tally"]["pending"]] == ["Förslag A", "Förslag B"]


# c: survey reminders --------------------------------------------------------------------------


def test_survey_reminders_are_limited(client, network, coordinator, member_rep):
    survey = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    remind = reverse("surveys:remind", kwargs={"pk": survey.pk})
    client.force_login(coordinator)

    sent = [client.post(remind).status_code for _ in range(5)]
    refused = client.post(remind)

    assert sent == [302] * 5
    assert [message.to for message in mail.outbox] == [[member_rep.email]] * 5
    assert refused.status_code == 429
    assert "för många påminnelser" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


def test_the_office_is_limited_on_reminders_too(client, office_user, member_rep):
    # The office is left out of most limits, but a reminder e-mails people outside it.
    survey = make_survey(office_user)
    remind = reverse("surveys:remind", kwargs={"pk": survey.pk})
    client.force_login(office_user)

    sent = [client.post(remind).status_code for _ in range(5)]
    refused = client.post(remind)

    assert sent == [302] * 5
    assert len(mail.outbox) == 5
    assert refused.status_code == 429
    assert "för många påminnelser" in refused.content.decode()


def test_one_surveys_reminders_are_limited_whoever_sends_them(
    client, network, coordinator, office_user, member_rep
):
    survey = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    other = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    remind = reverse("surveys:remind", kwargs={"pk": survey.pk})
    client.force_login(coordinator)
    assert [client.post(remind).status_code for _ in range(5)] == [302] * 5

    client.force_login(office_user)
    refused = client.post(remind)
    elsewhere = client.post(reverse("surveys:remind", kwargs={"pk": other.pk}))

    assert refused.status_code == 429
    assert "påmints om den här enkäten" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 6


def test_a_representative_still_may_not_remind(client, network, coordinator, member_rep):
    survey = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    client.force_login(member_rep)
    remind = reverse("surveys:remind", kwargs={"pk": survey.pk})
    assert {client.post(remind).status_code for _ in range(6)} == {403}
    assert not mail.outbox


# d: a line break in a survey's title ----------------------------------------------------------

BROKEN = "Enkät\r\nBcc: angripare@example.se"


def test_a_title_with_a_line_break_is_saved_on_one_line(client, network, coordinator):
    response = client.post(
        "/api/v1/surveys",
        {
            "title": BROKEN,
            "opens_on": "2026-01-01",
            "closes_on": "2036-01-01",
            "audience": "network",
            "network": network.slug,
            "questions": [{"kind": "text", "text": "Övrigt"}],
        },
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Enkät Bcc: angripare@example.se"


def test_a_reminder_of_a_title_saved_with_a_line_break_is_sent(network, coordinator, member_rep):
    survey = make_survey(coordinator, audience=Audience.NETWORK, network=network)
    Survey.objects.filter(pk=survey.pk).update(title=BROKEN)  # as the admin could save it
    survey.refresh_from_db()

    assert reminder_send(by=coordinator, survey=survey) == 1

    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == [member_rep.email]
    assert "Bcc" not in message.message()


# e: people's text on the live dialog's, the surveys' and the start pages ------------------


@pytest.fixture
def marked_pages(network, coordinator, member_rep, office_user, region):
    """A meeting of today with a closed reflection and an open list to prioritise, a
    member registered for it, and a survey the member's region has answered: every text
    people type carries the marker."""
    meeting = make_meeting(network, days=0, title=f"Träff {MARK}")
    room = room_get_or_create(meeting=meeting)
    Registration.objects.create(
        meeting=meeting,
        person=member_rep,
        name=member_rep.name,
        email=member_rep.email,
        status=RegistrationStatus.REGISTERED,
    )
    participant, _ = guest(meeting)
    reflection = open_question(meeting, coordinator, kind="text", text=f"Fråga {MARK}")
    answer(reflection, participant, text=f"Svar {MARK}")
    question_services.question_close(question=reflection, by=coordinator)
    listed = open_question(
        meeting, coordinator, kind="prioritise", text=f"Lista {MARK}", options=[f"Val {MARK}"]
    )
    answer_services.option_suggest(question=listed, participant=participant, text=f"Förslag {MARK}")

    survey = make_survey(office_user)
    Survey.objects.filter(pk=survey.pk).update(
        title=f"Enkät {MARK}", introduction=f"Inledning {MARK}"
    )
    survey.refresh_from_db()
    text = survey.questions.get(kind="text")
    saved = answer_save(
        by=member_rep,
        survey=survey,
        organisation=region,
        version=0,
        answers={str(text.pk): f"Enkätsvar {MARK}"},
    )
    answer_submit(by=member_rep, survey=survey, organisation=region, version=saved.version)
    return meeting, room, survey


@pytest.mark.parametrize(
    "who, where",
    [
        ("coordinator", "live_host"),
        ("member_rep", "live_results"),
        (None, "live_room"),
        (None, "live_join"),
        ("member_rep", "start"),
        ("office_user", "inbox"),
        ("member_rep", "survey_list"),
        ("member_rep", "survey_detail"),
        ("member_rep", "survey_answer"),
        ("member_rep", "survey_results"),
    ],
)
def test_e_peoples_text_sits_in_hx_disable_containers(
    client, request, marked_pages, region, who, where
):
    meeting, room, survey = marked_pages
    urls = {
        "live_host": reverse("live:host", kwargs={"pk": meeting.pk}),
        "live_results": reverse("live:results", kwargs={"pk": meeting.pk}),
        "live_room": reverse("live:room", kwargs={"code": room.code}),
        "live_join": reverse("live:join") + "?kod=" + quote(MARK),
        "start": reverse("todo:home"),
        "inbox": reverse("todo:inbox"),
        "survey_list": reverse("surveys:list"),
        "survey_detail": reverse("surveys:detail", kwargs={"pk": survey.pk}),
        "survey_answer": reverse(
            "surveys:answer", kwargs={"pk": survey.pk, "organisation": region.slug}
        ),
        "survey_results": reverse("surveys:results", kwargs={"pk": survey.pk}),
    }
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.get(urls[where])

    assert response.status_code in (200, 404)  # a code that is no code is a 404 page
    assert unguarded(response.content.decode()) == []


# Held: a guest and a member take the last seat at once (PostgreSQL) ---------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_guest_and_a_member_racing_for_the_last_seat_get_one_seat(monkeypatch, member_rep):
    """The guests' path locks the meeting as the members' does: exactly one seat is taken."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database file for a write; row locks need PostgreSQL")
    original = registration_services.rules.seat_or_queue

    def slowly(**kwargs):
        found = original(**kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(registration_services.rules, "seat_or_queue", slowly)
    meeting = make_meeting(capacity=1)
    barrier = threading.Barrier(2)
    outcomes = {}

    def register(name, action):
        try:
            barrier.wait(timeout=10)
            outcomes[name] = action().status
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[name] = repr(error)
        finally:
            connection.close()

    actions = {
        "guest": lambda: registration_services.registration_register_guest(
            meeting=meeting, name="Gäst", email="gast@example.org"
        ),
        "member": lambda: registration_services.registration_register(
            meeting=meeting, person=member_rep
        ),
    }
    threads = [threading.Thread(target=register, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["registered", "waitlisted"], outcomes
    assert meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 1


# Held: no answer for an organisation one no longer represents, nor before the opening ---------


@pytest.mark.parametrize("how", ["affiliation_ended", "organisation_inactive"])
def test_no_answer_for_an_organisation_one_no_longer_represents(
    client, office_user, region, member_rep, how
):
    survey = make_survey(office_user)
    stage = str(survey.questions.get(kind="stage").pk)
    answer_url = f"/api/v1/surveys/{survey.pk}/answers/{region.slug}"
    headers = bearer(member_rep)
    saved = client.put(
        answer_url, {"version": 0, "answers": {stage: 1}}, "application/json", headers=headers
    )
    assert saved.status_code == 200
    if how == "affiliation_ended":
        Affiliation.objects.filter(person=member_rep).update(status=AffiliationStatus.ENDED)
    else:
        region.active_until = timezone.localdate() - dt.timedelta(days=1)
        region.save()

    again = client.put(
        answer_url, {"version": 1, "answers": {stage: 2}}, "application/json", headers=headers
    )
    client.force_login(member_rep)
    page = client.get(
        reverse("surveys:answer", kwargs={"pk": survey.pk, "organisation": region.slug})
    )

    assert again.status_code == 404  # the survey is no longer theirs to see
    assert page.status_code == 404
    assert SurveyAnswer.objects.get(survey=survey).data == {stage: 1}


def test_no_answer_before_the_survey_opens(client, office_user, region, member_rep):
    survey = make_survey(office_user)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=timezone.localdate() + dt.timedelta(days=1),
        closes_on=timezone.localdate() + dt.timedelta(days=9),
    )
    stage = str(survey.questions.get(kind="stage").pk)
    response = client.put(
        f"/api/v1/surveys/{survey.pk}/answers/{region.slug}",
        {"version": 0, "answers": {stage: 1}},
        "application/json",
        headers=bearer(member_rep),
    )
    assert response.status_code == 422
    assert not SurveyAnswer.objects.exists()


# f: a renewed join code locked the room out --------------------------------------------------


def test_phones_still_on_a_replaced_code_do_not_lock_the_room_out(client, network, coordinator):
    """After the host renews the code, every phone still on the old one asks for it again at
    the next question (the page reloads its address): from one venue's address that was
    counted as guessing, and 20 phones blocked the whole room from the new code."""
    meeting = make_meeting(network)
    old = room_get_or_create(meeting=meeting).code
    new = room_renew(meeting=meeting).code

    stale = [client.get(reverse("live:room", kwargs={"code": old})).status_code for _ in range(25)]
    joined = client.get(reverse("live:room", kwargs={"code": new}))

    assert set(stale) == {404}
    assert joined.status_code == 200


def test_guessing_is_still_throttled_after_a_renewal(client, network, coordinator):
    meeting = make_meeting(network)
    room_get_or_create(meeting=meeting)
    new = room_renew(meeting=meeting).code
    wrong = "Z" * 6 if new != "Z" * 6 else "Y" * 6

    guesses = [
        client.get(reverse("live:room", kwargs={"code": wrong})).status_code for _ in range(20)
    ]
    blocked = client.get(reverse("live:room", kwargs={"code": new}))

    assert set(guesses) == {404}
    assert blocked.status_code == 429
