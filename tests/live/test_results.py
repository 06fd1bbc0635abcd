"""Results stay with the meeting: the network's look back and the XLSX export (point 5)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reglab.live.services import answer as answer_services
from reglab.live.services import question as question_services
from tests.live.conftest import answer, guest, open_question, option_ids
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def close(question, host):
    return question_services.question_close(question=question, by=host)


def past_meeting_with_answers(network, host, title="Klokare på idag"):
    meeting = make_meeting(network, days=-20)
    text = open_question(meeting, host, kind="text", text=title)
    first, _t = guest(meeting)
    answer(text, first, text="<script>alert(1)</script> Framsyn framsyn")
    second, _t = guest(meeting)
    rude = answer(text, second, text="Olämpligt svar")
    answer_services.answer_hide(answer=rude, by=host, hidden=True)
    close(text, host)
    choice = open_question(meeting, host, kind="single", text="Är RUSen styrande?")
    answer(choice, first, options=option_ids(choice)[:1])
    close(choice, host)
    return meeting


def test_the_look_back_shows_what_the_room_answered(client, network, host):
    past_meeting_with_answers(network, host)
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Vad rummet svarade (2 frågor)" in page
    assert "Klokare på idag" in page and "Är RUSen styrande?" in page
    assert "framsyn" in page.lower()
    assert "Olämpligt svar" not in page  # hidden by the host
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_look_back_leaves_out_open_questions(client, network, host):
    meeting = make_meeting(network, days=-5)
    question = open_question(meeting, host, kind="text", text="Pågår fortfarande")
    participant, _t = guest(meeting)
    answer(question, participant, text="Inte än")
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Pågår fortfarande" not in page and "Inte än" not in page


def test_the_look_back_reads_in_a_fixed_number_of_queries(client, network, host):
    def count():
        client.get(network.get_absolute_url())
        with CaptureQueriesContext(connection) as context:
            assert client.get(network.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    past_meeting_with_answers(network, host, title="Första")
    few = count()
    for number in range(3):
        past_meeting_with_answers(network, host, title=f"Fler {number}")
    assert count() == few


def test_the_xlsx_export_has_the_answers_as_text_never_formulas(client, network, host):
    meeting = make_meeting(network, days=-1)
    question = open_question(meeting, host, kind="text", text="=1+1 fråga")
    participant, _t = guest(meeting)
    answer(question, participant, text='=HYPERLINK("http://x") Framsyn')
    other, _t = guest(meeting)
    rude = answer(question, other, text="Dolt svar")
    answer_services.answer_hide(answer=rude, by=host, hidden=True)
    client.force_login(host)
    response = client.get(reverse("live:results_xlsx", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Fråga"
    texts = [row[3] for row in rows[1:]]
    assert texts == ['=HYPERLINK("http://x") Framsyn']  # the hidden answer left out
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type == "s" for cell in row if cell.value is not None)


def test_the_xlsx_export_is_for_hosts(client, meeting, outsider, member_rep):
    url = reverse("live:results_xlsx", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 302
    for person in (outsider, member_rep):
        client.force_login(person)
        assert client.get(url).status_code == 403
