"""The survey forms sent back carry the error summary, its links to fields on the page."""

import pytest
from django.urls import reverse

from tests.error_summary import summary_links

pytestmark = pytest.mark.django_db


def test_a_refused_new_survey_links_each_error_and_keeps_the_input(client, office_user):
    client.force_login(office_user)
    data = {
        "title": "",
        "introduction": "Min <b>inledning</b>",
        "opens_on": "2026-02-01",
        "closes_on": "2026-01-01",
        "audience": "regions",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-kind": "text",
        "q-0-text": "x" * 501,
        "q-0-scale_max": "5",
        "q-1-scale_max": "7",
    }
    response = client.post(reverse("surveys:create"), data)
    assert response.status_code == 200
    links = summary_links(response.content)
    assert set(links) == {"id_title", "id_closes_on", "id_q-0-text", "id_q-1-scale_max"}
    assert links["id_closes_on"] == "En enkät kan inte stänga innan den öppnar."
    page = response.content.decode()
    assert "Min &lt;b&gt;inledning&lt;/b&gt;" in page  # kept, and escaped
    assert page.count("En enkät kan inte stänga innan den öppnar.") == 2  # the field keeps it


def test_a_refused_answer_links_each_question_and_keeps_the_input(client, survey, member_rep):
    client.force_login(member_rep)
    stage, single, multiple, text, scale, year = [str(q.pk) for q in survey.questions.all()]
    path = reverse("surveys:answer", kwargs={"pk": survey.pk, "organisation": "region-skane"})
    response = client.post(
        path, {"version": "0", stage: "99", scale: "3", year: "17", text: "Mitt svar"}
    )
    assert response.status_code == 422
    links = summary_links(response.content)
    first_stage = survey.questions.get(pk=stage).options[0]["id"]
    assert set(links) == {f"q{stage}-{first_stage}", f"q{year}"}
    page = response.content.decode()
    assert f'id="q-{stage}_error"' in page and f'id="q-{year}_error"' in page
    assert ">Mitt svar</textarea>" in page and 'value="3" checked' in page
