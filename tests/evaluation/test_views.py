"""The dashboard page: the figures as the office sees them, the map, the charts, the queries."""

import re
from datetime import date

import pytest
from django.urls import reverse
from lxml import html

from reglab.evaluation.caching import evaluation_invalidate
from reglab.evaluation.sweden_map import LEVELS
from reglab.provrum.models import (
    Dissemination,
    FinalReport,
    IntendedUse,
    Interest,
    Kind,
    ProjectPlan,
    Provrum,
    State,
    SurveyInvitation,
    SurveyResponse,
)
from tests.evaluation.conftest import at, plan_data, results
from tests.evaluation.expected import EXPECTED
from tests.factories import UserFactory

URL = reverse("evaluation:dashboard")


def add_provrum(world, count: int) -> None:
    """``count`` more provrum with everything the dashboard reads: go-ahead in 2025,
    participants, an approved plan, an approved report, dissemination and a survey."""
    for number in range(count):
        provrum = Provrum.objects.create(
            title=f"Extra {number}",
            summary="S",
            question="F",
            kind=Kind.SUBSTANTIVE,
            intended_use=IntendedUse.PROBE,
            proposer_organisation=world.orgs["skane"],
            created_by=world.proposer,
            leader=world.orgs["skane"],
        )
        Provrum.objects.filter(pk=provrum.pk).update(
            state=State.CLOSED, published_at=at(2025, 1, 2), go_ahead_at=at(2025, 2, 3)
        )
        for key in ("skane", "norrbotten", "kontigo"):
            Interest.objects.create(
                provrum=provrum, organisation=world.orgs[key], registered_by=world.proposer
            )
        ProjectPlan.objects.create(
            provrum=provrum, status=ProjectPlan.Status.APPROVED, data=plan_data(1_000)
        )
        FinalReport.objects.create(
            provrum=provrum,
            status=FinalReport.Status.APPROVED,
            submitted_at=at(2025, 5, 1),
            published_at=at(2025, 5, 5),
            data={"results": results(("criterion", "met")), "follow_on": "none"},
        )
        Dissemination.objects.create(provrum=provrum, channel="web", date=date(2025, 5, 6))
        person = UserFactory(email=f"extra{number}@example.se")
        SurveyInvitation.objects.create(provrum=provrum, person=person)
        SurveyResponse.objects.create(provrum=provrum, usefulness=4, take_part_again="yes")


def page(client, user, period=None):
    """The page in Swedish, the default language: numbers as Swedish writes them."""
    client.force_login(user)
    client.cookies["django_language"] = "sv"
    response = client.get(URL, {"period": period} if period else {})
    assert response.status_code == 200
    return response, html.fromstring(response.content.decode())


def squeeze(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces are kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def key_figure(tree, name: str) -> str:
    [element] = tree.xpath(f'//dd[@data-figure="{name}"]')
    return squeeze(element.text_content())


def table_rows(tree, key: str) -> list[list[str]]:
    """The table's rows (header, body, footer) as cell texts."""
    [table] = tree.xpath(f'//table[@data-table="{key}"]')
    return [
        [squeeze(cell.text_content()) for cell in row.xpath("./th|./td")]
        for row in table.xpath(".//tr")
    ]


@pytest.mark.parametrize("period", ["2023", "2024", "development"])
def test_the_key_figures_on_the_page_match_the_hand_count(client, world, period):
    _, tree = page(client, world.office, period)
    expected = EXPECTED[period]
    for name, value in expected["counts"].items():
        assert key_figure(tree, name) == str(value), name
    participation = expected["participation"]
    for name in ("organisations", "members", "partners", "regions"):
        assert key_figure(tree, name) == str(participation[name]), name
    feedback = expected["feedback"]
    assert key_figure(tree, "responses") == str(feedback["responses"])
    assert key_figure(tree, "invitations") == str(feedback["invitations"])


def test_the_page_writes_the_numbers_as_swedish_does(client, world):
    _, tree = page(client, world.office, "development")
    # 31, 40, 42, 50 days → 41 (n = 4); 184 and 215 → 199,5 (n = 2).
    assert key_figure(tree, "to_go_ahead") == "41 (n = 4)"
    assert key_figure(tree, "to_report") == "199,5 (n = 2)"
    assert key_figure(tree, "response_rate") == "85,7\xa0%"  # 6 of 7
    assert key_figure(tree, "mean_usefulness") == "3,83"  # 23 / 6
    assert key_figure(tree, "again_yes") == "50\xa0%"  # 3 of 6
    assert [row[1:] for row in table_rows(tree, "funding")[1:]] == [
        ["130\xa0000\xa0kr", "200\xa0000\xa0kr", "65\xa0%"],
        ["100\xa0000\xa0kr", "150\xa0000\xa0kr", "66,7\xa0%"],
        ["230\xa0000\xa0kr", "350\xa0000\xa0kr", "65,7\xa0%"],  # the whole period
    ]


def test_tables_on_the_page(client, world):
    _, tree = page(client, world.office, "development")
    counts = table_rows(tree, "counts")
    assert counts[1:] == [
        ["2023", "3", "2", "1", "0", "0"],
        ["2024", "4", "2", "0", "1", "1"],
        [counts[3][0], "7", "4", "1", "1", "1"],  # the whole period
    ]
    durations = table_rows(tree, "durations")
    assert [row[1:] for row in durations[1:]] == [
        ["41", "2", "184", "1"],
        ["40,5", "2", "215", "1"],
        ["41", "4", "199,5", "2"],
    ]
    participation = table_rows(tree, "participation")
    assert [row[1:] for row in participation[1:]] == [
        ["2", "5", "4", "1", "0", "3", "3", "2"],
        ["2", "6", "4", "1", "1", "4", "3,5", "2,5"],
        ["4", "7", "5", "1", "1", "4", "3,25", "2,25"],
    ]
    outcomes = table_rows(tree, "outcomes")
    assert [row[1:] for row in outcomes[1:]] == [
        ["2", "2", "1", "5"],
        ["1", "1", "1", "3"],
        ["3", "3", "2", "8"],
    ]
    assert [row[1] for row in table_rows(tree, "reports")[1:]] == ["2", "2", "1", "2", "2"]
    assert [row[1:] for row in table_rows(tree, "usefulness")[1:]] == [
        ["0", "0\xa0%"],
        ["1", "16,7\xa0%"],
        ["1", "16,7\xa0%"],
        ["2", "33,3\xa0%"],
        ["2", "33,3\xa0%"],
    ]
    assert [row[1:] for row in table_rows(tree, "again")[1:]] == [
        ["3", "50\xa0%"],
        ["2", "33,3\xa0%"],
        ["1", "16,7\xa0%"],
    ]
    comments = [
        squeeze(li.text_content()) for li in tree.xpath('//ul[@class="evaluation-comments"]/li')
    ]
    assert comments == [
        "Färre möten.",
        "Mer tid för spridningen.",
        "Tydligare mall för slutrapporten.",
    ]


def test_the_free_text_answers_are_anonymous(client, world):
    response, _ = page(client, world.office, "all")
    content = response.content.decode()
    for invitation in SurveyInvitation.objects.select_related("person"):
        assert invitation.person.email not in content
        assert invitation.person.name not in content


def test_the_map_is_inline_svg_shaded_by_participation(client, world):
    _, tree = page(client, world.office, "all")
    [svg] = tree.xpath('//svg[contains(@class, "sweden-map")]')
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.xpath(f'./title[@id="{title_id}"]') and svg.xpath(f'./desc[@id="{desc_id}"]')
    paths = svg.xpath(".//path[@data-code]")
    assert len(paths) == 21
    by_code = {path.get("data-code"): path for path in paths}
    # All years: Skåne 3, Örebro 3 (class 3–4), Gävleborg 2, Uppsala 1, the others 0.
    expected_levels = {"12": 3, "18": 3, "21": 2, "03": 1, "25": 0, "01": 0}
    for code, level in expected_levels.items():
        path = by_code[code]
        assert f"county-level-{level}" in path.get("class")
        assert path.get("fill") == LEVELS[level][1]
    assert by_code["12"].get("data-count") == "3"
    assert by_code["12"].xpath("./title")[0].text == "Skåne län: 3 provrum"
    assert by_code["25"].xpath("./title")[0].text == "Norrbottens län: 0 provrum"
    # The table next to the map says the same.
    rows = {row[0]: row for row in table_rows(tree, "counties")[1:]}
    assert len(rows) == 21
    assert rows["12"] == ["12", "Skåne län", "Region Skåne", "3"]
    assert rows["03"] == ["03", "Uppsala län", "Region Uppsala", "1"]


def test_every_chart_has_a_name_and_a_table_next_to_it(client, world):
    _, tree = page(client, world.office, "development")
    charts = tree.xpath('//svg[contains(@class, "chart ")]')
    assert {svg.get("id") for svg in charts} == {
        "chart-counts",
        "chart-funding",
        "chart-outcomes",
        "chart-usefulness",
        "chart-again",
    }
    for svg in charts:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.xpath(f'./title[@id="{title_id}"]')[0].text
        assert svg.xpath(f'./desc[@id="{desc_id}"]')[0].text
        section = svg.xpath('./ancestor::section[contains(@class, "evaluation-figure")]')[0]
        assert section.xpath(".//table/caption"), svg.get("id")
        assert len(section.xpath(".//a[@download]")) == 2  # CSV and XLSX


def test_the_period_selector_offers_the_years_with_data(client, world):
    _, tree = page(client, world.office)
    options = [
        (o.get("value"), o.get("selected") is not None)
        for o in tree.xpath('//select[@name="period"]/option')
    ]
    assert options == [
        ("all", True),
        ("development", False),
        ("2024", False),
        ("2023", False),
    ]


def test_an_unknown_period_shows_all_years_with_a_message(client, world):
    response, tree = page(client, world.office, "1999")
    assert response.context["period"].key == "all"
    assert response.context["unknown_period"] is True
    assert key_figure(tree, "proposals") == "7"


def test_the_dashboard_with_no_data(client, office_user):
    response, tree = page(client, office_user)
    assert key_figure(tree, "proposals") == "0"
    assert key_figure(tree, "to_go_ahead").startswith("–")
    assert key_figure(tree, "mean_usefulness") == "–"
    assert len(tree.xpath('//svg[contains(@class, "sweden-map")]//path[@data-code]')) == 21
    assert "Ingen slutrapport godkändes under perioden." in response.content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_the_page_reads_with_the_same_number_of_queries_for_more_provrum(
    client, world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.office)
    client.get(URL)  # warm the session, the cached map and the cached figures
    with CaptureQueriesContext(connection) as cached:
        assert client.get(URL).status_code == 200
    evaluation_invalidate()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(URL).status_code == 200
    # The figures are read once per change of the data, a fixed number of queries.
    assert len(cached.captured_queries) < len(cold.captured_queries) <= 20
    assert len(cached.captured_queries) <= 6
    with django_capture_on_commit_callbacks(execute=True):
        add_provrum(world, 20)
    with django_assert_max_num_queries(len(cold.captured_queries)):
        response = client.get(URL)
    assert response.context["figures"].counts.proposals == 7 + 20
    with django_assert_max_num_queries(len(cached.captured_queries)):
        response = client.get(URL)
    assert response.context["figures"].counts.proposals == 7 + 20


def test_html_of_the_figures_is_escaped(client, world):
    SurveyResponse.objects.filter(format_change__startswith="Mer tid").update(
        format_change='<script>alert("x")</script>'
    )
    response, _ = page(client, world.office, "all")
    assert b'<script>alert("x")</script>' not in response.content
    assert re.search(rb"&lt;script&gt;alert\(&(quot|#x27|#34);x", response.content)
