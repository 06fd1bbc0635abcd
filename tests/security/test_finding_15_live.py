"""Finding 15: crafted input to the live dialog's room API gets a refusal, never a 500.

An option key such as "²" or "①" passes ``str.isdigit`` but not ``int``: dots keyed by
one made ``int`` raise (500). NUL characters were already refused by the API's input
guard; those probes stay as regressions.
"""

import pytest

from tests.live.conftest import coordinator, host, meeting, network  # noqa: F401
from tests.live.test_api import bearer, host_headers, join, post, run_a_question  # noqa: F401

pytestmark = pytest.mark.django_db


def answer_path(code, qid):
    return f"/api/v1/live/{code}/questions/{qid}/answers"


@pytest.mark.parametrize("key", ["²", "①", "٣"])
def test_dots_keyed_by_a_non_ascii_digit_are_refused(client, meeting, host_headers, key):  # noqa: F811
    qid, code = run_a_question(
        client, meeting, host_headers, kind="prioritise", text="Vad?", options=["A", "B"]
    )
    token = join(client, code)
    response = post(client, answer_path(code, qid), {"dots": {key: 1}}, bearer(token))
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_option"


@pytest.mark.parametrize(
    "kind, body",
    [
        ("text", {"text": "hej\x00då"}),
        ("single", {"options": [], "text": "varför\x00"}),
        ("dates", {"dates": {}, "volunteer_name": "A\x00", "volunteer_organisation": "B"}),
    ],
)
def test_nul_characters_in_answers_are_refused(client, meeting, host_headers, kind, body):  # noqa: F811
    extra = {"ask_why": True} if kind == "single" else {}
    options = {"single": ["Ja", "Nej"], "dates": ["2031-05-05"]}.get(kind, [])
    qid, code = run_a_question(
        client, meeting, host_headers, kind=kind, text="Fråga", options=options, **extra
    )
    token = join(client, code)
    room = client.get(f"/api/v1/live/{code}").json()["question"]
    first = room["options"][0]["id"] if room["options"] else None
    if kind == "single":
        body["options"] = [first]
    if kind == "dates":
        body["dates"] = {str(first): "yes"}
    response = post(client, answer_path(code, qid), body, bearer(token))
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_nul_characters_in_suggestions_and_questions_are_refused(client, meeting, host_headers):  # noqa: F811
    qid, code = run_a_question(
        client, meeting, host_headers, kind="prioritise", text="Vad?", options=["A", "B"]
    )
    token = join(client, code)
    response = post(
        client, f"/api/v1/live/{code}/questions/{qid}/suggestions", {"text": "C\x00"}, bearer(token)
    )
    assert response.status_code == 422
    created = post(
        client,
        f"/api/v1/meetings/{meeting.pk}/questions",
        {"kind": "single", "text": "Fr\x00åga", "options": ["Ja", "Nej"]},
        host_headers,
    )
    assert created.status_code == 422


EVIL = '<img src=x onerror=alert(1) hx-get="/x">'


def test_peoples_text_is_escaped_on_every_page_and_the_csv_has_no_formulas(
    client,
    meeting,  # noqa: F811
    host,  # noqa: F811
):
    from django.urls import reverse

    from reglab.live.services import question as question_services
    from reglab.live.services.room import room_get_or_create, room_renew
    from tests.live.conftest import answer, guest, open_question

    question = open_question(meeting, host, kind="text", text=EVIL)
    participant, _ = guest(meeting)
    answer(question, participant, text='=HYPERLINK("http://x") ' + EVIL)
    room = room_get_or_create(meeting=meeting)
    pages = [
        client.get(reverse("live:room", kwargs={"code": room.code})),
        client.get(reverse("live:screen", kwargs={"token": room.presenter_token})),
        client.get(reverse("live:screen_results", kwargs={"token": room.presenter_token})),
    ]
    client.force_login(host)
    pages.append(client.get(reverse("live:host", kwargs={"pk": meeting.pk})))
    question_services.question_close(question=question, by=host)
    pages.append(client.get(reverse("live:results", kwargs={"pk": meeting.pk})))
    for page in pages:
        assert page.status_code == 200
        assert b"<img src=x" not in page.content
    csv = client.get(reverse("live:results_csv", kwargs={"pk": meeting.pk})).content.decode()
    assert ";'=HYPERLINK" in csv or "'=HYPERLINK" in csv
    assert ";=HYPERLINK" not in csv and '"=HYPERLINK' not in csv
    old = room.presenter_token
    room_renew(meeting=meeting)
    client.logout()
    assert client.get(reverse("live:screen", kwargs={"token": old})).status_code == 404


def test_join_code_guessing_from_one_ipv6_network_counts_together(client):
    """One /64 is one household or machine: rotating addresses inside it got a fresh limit each."""
    from reglab.live import limits

    for n in range(limits.WRONG_CODES_PER_WINDOW):
        response = client.post(
            f"/api/v1/live/ZZZZZ{n % 10}/participants",
            content_type="application/json",
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
        )
        assert response.status_code == 404
    refused = client.post(
        "/api/v1/live/ZZZZZ1/participants",
        content_type="application/json",
        REMOTE_ADDR="2001:db8:1:2:ffff::99",
    )
    assert refused.status_code == 429
    other = client.post(
        "/api/v1/live/ZZZZZ1/participants",
        content_type="application/json",
        REMOTE_ADDR="2001:db8:1:3::1",
    )
    assert other.status_code == 404


@pytest.mark.parametrize("typed", ["²", "--2", "-²", "①"])
@pytest.mark.parametrize("kind", ["prioritise", "scale"])
def test_odd_numbers_typed_on_the_phone_page_come_back_with_the_reason(
    client,
    meeting,  # noqa: F811
    host,  # noqa: F811
    kind,
    typed,
):
    from django.urls import reverse

    from reglab.live.services.room import room_get_or_create
    from tests.live.conftest import open_question, option_ids

    code = room_get_or_create(meeting=meeting).code
    question = open_question(meeting, host, kind=kind, text="Fråga")
    field = f"dots-{option_ids(question)[0]}" if kind == "prioritise" else "value"
    url = reverse("live:answer", kwargs={"code": code, "qid": question.pk})
    assert client.post(url, {field: typed}).status_code == 400


def test_answering_again_does_not_bring_back_an_answer_the_host_hid(meeting, host):  # noqa: F811
    from reglab.live import selectors
    from reglab.live.services import answer as answer_services
    from tests.live.conftest import answer, guest, open_question

    question = open_question(meeting, host, kind="text", text="Ett ord?")
    participant, _ = guest(meeting)
    stored = answer(question, participant, text="olämpligt")
    answer_services.answer_hide(answer=stored, by=host, hidden=True)
    again = answer(question, participant, text="olämpligt igen")
    assert again.hidden
    assert selectors.question_tally(question)["answers"] == 0


def test_guessing_join_codes_through_the_qr_code_is_throttled(client, meeting):  # noqa: F811
    from django.urls import reverse

    from reglab.live import limits
    from reglab.live.services.room import room_get_or_create

    code = room_get_or_create(meeting=meeting).code
    for n in range(limits.WRONG_CODES_PER_WINDOW):
        assert client.get(reverse("live:qr", kwargs={"code": f"ZZZZZ{n % 10}"})).status_code == 404
    assert client.get(reverse("live:qr", kwargs={"code": code})).status_code == 429
