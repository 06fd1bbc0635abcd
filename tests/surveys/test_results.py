"""Results: counts, the anonymity threshold, the map's colours, escaping, exports, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reglab.surveys.maps import NO_ANSWER, SEQUENCE, answer_map
from reglab.surveys.models import SurveyAnswer
from reglab.surveys.selectors import survey_results
from tests.factories import MemberAgencyFactory, RegionFactory
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def submit(survey, organisation, data):
    return SurveyAnswer.objects.create(
        survey=survey, organisation=organisation, data=data, version=1, status="submitted"
    )


def regions(count):
    codes = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "13"]
    return [
        RegionFactory(name=f"Region {n}", slug=f"region-{n}", county_code=codes[n])
        for n in range(count)
    ]


def test_counts_by_kind_and_tallies(office_user, region):
    agency = MemberAgencyFactory(name="Tillväxtverket", slug="tillvaxtverket")
    survey = make_survey(office_user, audience="members")
    stage = survey.questions.first()
    submit(survey, region, {str(stage.pk): 2})
    submit(survey, agency, {str(stage.pk): 2})
    results = survey_results(survey)
    assert results.respondents == 2
    assert sorted(results.by_kind) == [("Region", 1), ("Statlig myndighet", 1)]
    assert results.questions[0].tally[1] == ("Framtagande", 2)


def test_anonymous_results_only_from_three(client, office_user, member_rep, region):
    survey = make_survey(office_user, anonymous=True)
    others = regions(2)
    survey.recipients.add(*others)
    stage = str(survey.questions.first().pk)
    submit(survey, region, {stage: 1})
    submit(survey, others[0], {stage: 2})
    client.force_login(member_rep)
    page = client.get(reverse("surveys:results", kwargs={"pk": survey.pk}))
    assert page.status_code == 200
    assert "Analys" not in page.content.decode()
    assert survey_results(survey).hidden
    assert client.get(f"/api/v1/surveys/{survey.pk}/results").json()["questions"] == []
    assert client.get(reverse("surveys:export_csv", kwargs={"pk": survey.pk})).status_code == 403
    # The office cannot read one organisation's answer of an anonymous survey either.
    client.force_login(office_user)
    assert client.get(f"/api/v1/surveys/{survey.pk}/answers/region-skane").status_code == 403
    submit(survey, others[1], {stage: 3})
    body = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert not body["hidden"]
    assert {a["organisation"] for a in body["questions"][0]["answers"]} == {None}
    page = client.get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert "Region Skåne" not in page and "Region 0" not in page


def test_the_map_colours_each_region_by_its_answer(office_user, region):
    survey = make_survey(office_user)
    first, second = regions(2)
    survey.recipients.add(first, second)
    stage = survey.questions.first()
    submit(survey, region, {str(stage.pk): 1})  # Skåne, 12
    submit(survey, first, {str(stage.pk): 4})  # Stockholm, 01
    shown = {row.code: row for row in answer_map(survey, stage).regions}
    assert len(shown) == 21
    assert shown["12"].fill == SEQUENCE[0] and shown["12"].answer == "Analys"
    assert shown["01"].fill == SEQUENCE[3] and shown["01"].answer == "Beslutad"
    assert shown["03"].fill == NO_ANSWER  # asked, not answered
    assert shown["25"].fill == NO_ANSWER  # not asked
    legend = answer_map(survey, stage).legend
    assert legend[0] == ("Analys", SEQUENCE[0], 1) and legend[-1] == ("Inget svar", NO_ANSWER, 19)


def test_people_text_is_escaped_on_results_and_map(client, office_user):
    evil = RegionFactory(name=XSS, slug="evil", county_code="01")
    survey = make_survey(office_user)
    survey.questions.filter(kind="stage").update(
        options=[{"id": 1, "label": XSS}, {"id": 2, "label": "Två"}]
    )
    stage, single, *_ = list(survey.questions.all())
    submit(survey, evil, {str(stage.pk): 1, str(single.pk): 1, f"{single.pk}_why": XSS})
    client.force_login(office_user)
    page = client.get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert XSS not in page
    assert "&lt;script&gt;" in page
    detail = client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert XSS not in detail


def test_exports_defuse_formulas(client, office_user, region):
    survey = make_survey(office_user)
    text = survey.questions.get(kind="text")
    submit(survey, region, {str(text.pk): '=HYPERLINK("http://x")'})
    client.force_login(office_user)
    csv = client.get(reverse("surveys:export_csv", kwargs={"pk": survey.pk})).content.decode()
    assert "'=HYPERLINK" in csv
    xlsx = client.get(reverse("surveys:export_xlsx", kwargs={"pk": survey.pk}))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_results_queries_do_not_grow_with_answers(client, office_user, region, no_page_cache):
    survey = make_survey(office_user)
    stage = str(survey.questions.first().pk)
    client.force_login(office_user)
    many = regions(10)
    survey.recipients.add(*many)
    submit(survey, region, {stage: 1})
    path = reverse("surveys:results", kwargs={"pk": survey.pk})
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for organisation in many:
        submit(survey, organisation, {stage: 2})
    with CaptureQueriesContext(connection) as more:
        assert client.get(path).status_code == 200
    assert len(more) == len(few)
