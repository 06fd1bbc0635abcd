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
