"""The pages: a phone joins with the code and answers; the host runs the questions; the
presenter's screen and the meeting page show the results; the CSV export."""

import pytest
from django.urls import reverse

from reglab.live import limits
from reglab.live.models import Answer, Participant, QuestionStatus
from reglab.live.services.room import room_get_or_create
from reglab.live.views import COOKIE
from tests.live.conftest import answer, guest, make_question, open_question, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(meeting):
    return room_get_or_create(meeting=meeting).code


def test_a_phone_joins_with_the_code_as_typed(client, code):
    response = client.get(reverse("live:join"), {"kod": f" {code[:3].lower()} {code[3:]} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("live:room", kwargs={"code": code})


def test_a_wrong_code_is_refused_in_swedish_and_counted(client, meeting):
    response = client.get(reverse("live:join"), {"kod": "ZZZZZZ"})
    assert response.status_code == 404
    assert "Det finns inget möte med den koden" in response.content.decode()
    for _ in range(limits.WRONG_CODES_PER_WINDOW):
        client.get(reverse("live:join"), {"kod": "ZZZZZZ"})
    right = room_get_or_create(meeting=meeting).code
    assert client.get(reverse("live:room", kwargs={"code": right})).status_code == 429


def test_a_guest_answers_and_changes_the_answer(client, meeting, host, code):
    question = open_question(meeting, host)
    yes, no, _ = option_ids(question)
    page = client.get(reverse("live:room", kwargs={"code": code}))
    assert page.status_code == 200
    assert question.text in page.content.decode()
    assert Participant.objects.count() == 0  # a GET writes nothing

    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    first = client.post(url, {"option": yes})
    assert first.status_code == 302 and COOKIE in first.cookies
    assert first.cookies[COOKIE]["httponly"]
    client.post(url, {"option": no})

    assert Answer.objects.get().choice == [no]
    assert Participant.objects.count() == 1
    page = client.get(reverse("live:room", kwargs={"code": code}) + "?sparat=1")
    assert f'value="{no}" id="option-{no}" checked' in page.content.decode()


def test_clearing_cookies_makes_a_new_participant(client, meeting, host, code):
    question = open_question(meeting, host, kind="text", text="Reflektion")
    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    client.post(url, {"text": "Första"})
    client.cookies.clear()
    client.post(url, {"text": "Andra"})
    assert Answer.objects.count() == 2


def test_a_signed_in_person_answers_as_themselves(client, meeting, host, code, member_rep):
    question = open_question(meeting, host, kind="text", text="Reflektion", anonymous=False)
    client.force_login(member_rep)
    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    client.post(url, {"text": "Lärande"})
    client.post(url, {"text": "Lärande igen"})
    stored = Answer.objects.get()
    assert stored.participant.person == member_rep and stored.text == "Lärande igen"


@pytest.mark.parametrize(
    ("kind", "extra", "data", "check"),
    [
        (
            "prioritise",
            {"dots": 3},
            lambda ids: {f"dots-{ids[0]}": "2", f"dots-{ids[1]}": "1"},
            lambda a, ids: a.choice == {str(ids[0]): 2, str(ids[1]): 1},
        ),
        ("scale", {"scale_max": 10}, lambda ids: {"value": "10"}, lambda a, ids: a.choice == 10),
        (
            "dates",
            {},
            lambda ids: {
                f"date-{ids[0]}": "yes",
                f"date-{ids[1]}": "maybe",
                "volunteer_name": "Anna",
                "volunteer_organisation": "Region X",
            },
            lambda a, ids: (
                a.choice == {str(ids[0]): "yes", str(ids[1]): "maybe"}
                and a.volunteer_name == "Anna"
            ),
        ),
        (
            "multiple",
            {"ask_why": True},
            lambda ids: {"option": [ids[0], ids[2]], "text": "För att"},
            lambda a, ids: a.choice == sorted([ids[0], ids[2]]) and a.text == "För att",
        ),
    ],
)
def test_every_kind_answers_from_its_form(client, meeting, host, code, kind, extra, data, check):
    question = open_question(meeting, host, kind=kind, text="Fråga", **extra)
    ids = option_ids(question)
    page = client.get(reverse("live:room", kwargs={"code": code}))
    assert page.status_code == 200
    response = client.post(
        reverse("live:answer", kwargs={"code": code, "qid": question.pk}), data(ids)
    )
    assert response.status_code == 302, response.content.decode()
    assert check(Answer.objects.get(), ids)


def test_bad_answers_come_back_with_the_reason(client, meeting, host, code):
    question = open_question(meeting, host, kind="prioritise", text="Prioritera", dots=2)
    ids = option_ids(question)
    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    response = client.post(url, {f"dots-{ids[0]}": "3"})
    assert response.status_code == 400
    assert "fler prickar än du har" in response.content.decode()
    assert client.post(url, {f"dots-{ids[0]}": "x"}).status_code == 400
    assert not Answer.objects.exists()


def test_a_closed_question_refuses_on_the_page(client, meeting, host, code):
    question = open_question(meeting, host, kind="text", text="Reflektion")
    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    client.force_login(host)
    client.post(reverse("live:question_action", args=[meeting.pk, question.pk, "stang"]))
    client.logout()
    response = client.post(url, {"text": "Sent"})
    assert response.status_code == 409
    assert "stängd" in response.content.decode()


def test_people_s_text_is_escaped_everywhere(client, meeting, host, code):
    question = open_question(meeting, host, kind="text", text="<b>Fråga</b>")
    participant, _t = guest(meeting)
    answer(question, participant, text='<script>alert(1)</script> <img src=x onerror="x()">')
    token = room_get_or_create(meeting=meeting).presenter_token
    client.force_login(host)
    pages = [
        client.get(reverse("live:screen", kwargs={"token": token})),
        client.get(reverse("live:screen_results", kwargs={"token": token})),
        client.get(reverse("live:host", kwargs={"pk": meeting.pk})),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
        assert "<b>Fråga</b>" not in html


def test_the_host_runs_the_questions(client, meeting, host):
    client.force_login(host)
    response = client.post(
        reverse("live:question_add", kwargs={"pk": meeting.pk}),
        {
            "kind": "single",
            "text": "Är RUSen styrande?",
            "options": "Ja!\nNja…",
            "anonymous": "on",
            "dots": "3",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    question = meeting.live_questions.get()
    client.post(reverse("live:question_action", args=[meeting.pk, question.pk, "oppna"]))
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    client.post(reverse("live:question_action", args=[meeting.pk, question.pk, "dolj-resultat"]))
    question.refresh_from_db()
    assert question.show_results is False
    page = client.get(reverse("live:host", kwargs={"pk": meeting.pk}))
    assert page.status_code == 200
    assert room_get_or_create(meeting=meeting).code in page.content.decode()
    # The status is an adjective ("Öppen"), not the button's verb ("Öppna").
    assert "<strong>Öppen</strong>" in page.content.decode()


def test_a_bad_question_comes_back_with_the_reason(client, meeting, host):
    client.force_login(host)
    response = client.post(
        reverse("live:question_add", kwargs={"pk": meeting.pk}),
        {"kind": "single", "text": "Fråga", "options": "Bara ett", "dots": "3", "scale_max": "5"},
    )
    assert response.status_code == 400
    assert "minst två" in response.content.decode()


def test_the_host_hides_an_answer_from_the_screen(client, meeting, host):
    question = open_question(meeting, host, kind="text", text="Reflektion")
    participant, _t = guest(meeting)
    rude = answer(question, participant, text="Olämpligt ord")
    client.force_login(host)
    client.post(reverse("live:answer_hide", kwargs={"pk": meeting.pk, "aid": rude.pk}))
    token = room_get_or_create(meeting=meeting).presenter_token
    screen = client.get(reverse("live:screen_results", kwargs={"token": token})).content.decode()
    assert "Olämpligt" not in screen


@pytest.mark.parametrize("name", ["host", "results_csv", "renew"])
def test_host_pages_are_for_hosts(client, meeting, outsider, name):
    url = reverse(f"live:{name}", kwargs={"pk": meeting.pk})
    method = client.post if name == "renew" else client.get
    assert method(url).status_code == 302  # to sign in
    client.force_login(outsider)
    assert method(url).status_code == 403


def test_the_presenter_screen_needs_its_token(client, meeting):
    room_get_or_create(meeting=meeting)
    assert client.get(reverse("live:screen", kwargs={"token": "fel"})).status_code == 404


def test_the_screen_shows_a_short_address_to_type_and_the_code(client, meeting, code):
    token = room_get_or_create(meeting=meeting).presenter_token
    html = client.get(reverse("live:screen", kwargs={"token": token})).content.decode()
    # Read from across the room: no scheme, a break only after the host, the code apart.
    assert '<strong class="screen-address">testserver<wbr>/delta/</strong>' in html
    assert f'<p class="screen-code">{code}</p>' in html


def test_the_qr_code_is_an_svg_of_the_join_link(client, code):
    response = client.get(reverse("live:qr", kwargs={"code": code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert (
        response.content.startswith(b"<svg") and b"http://www.w3.org/2000/svg" in response.content
    )


def test_results_stay_with_the_meeting_page_and_export(client, meeting, host):
    question = open_question(meeting, host, kind="text", text="Klokare på idag")
    participant, _t = guest(meeting)
    answer(question, participant, text='=HYPERLINK("x") Framsyn')
    other, _t = guest(meeting)
    rude = answer(question, other, text="Dolt svar")
    client.force_login(host)
    client.post(reverse("live:answer_hide", kwargs={"pk": meeting.pk, "aid": rude.pk}))
    client.post(reverse("live:question_action", args=[meeting.pk, question.pk, "stang"]))
    client.logout()

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Klokare på idag" in page and "Framsyn" in page and "Dolt svar" not in page

    client.force_login(host)
    csv = client.get(reverse("live:results_csv", kwargs={"pk": meeting.pk}))
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK" in text and "Dolt svar" not in text


def test_the_open_question_is_not_on_the_meeting_page(client, meeting, host):
    question = open_question(meeting, host, kind="text", text="Pågående fråga")
    participant, _t = guest(meeting)
    answer(question, participant, text="Hemligt än")
    assert "Hemligt än" not in client.get(meeting.get_absolute_url()).content.decode()
    make_question(meeting, host, kind="text", text="Förberedd")
