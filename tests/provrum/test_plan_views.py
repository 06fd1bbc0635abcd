"""The project plan pages: who sees and edits the plan, saving, versions, the office's decision."""

import re

import pytest
from django.urls import reverse

from reglab.provrum.models import PlanComment, PlanVersion, ProjectPlan, State
from reglab.provrum.plan import services as plans
from reglab.provrum.plan import views as plan_views
from tests.provrum.views_helpers import LOGIN, outcome, sign_in

pytestmark = pytest.mark.django_db


def plan_post(**overrides):
    """A complete plan as the editor sends it: rows by number, strings as typed."""
    data = {
        "version": "0",
        "purpose": "Pröva AI för regional analys – åäö",
        "expected_result": "En gemensam metod för visualisering",
        "main_question": "Hur kan regionerna använda AI?",
        "delimitations": "Inte persondata",
        "start": "2027-01-15",
        "end": "2027-06-15",
        "milestones-0-date": "2027-02-01",
        "milestones-0-title": "Startmöte",
        "milestones-0-meeting": "physical",
        "milestones-0-place": "Örebro",
        "milestones-1-date": "",
        "milestones-1-title": "",
        "milestones-1-meeting": "",
        "milestones-1-place": "",
        "resources-0-who": "Region Skåne",
        "resources-0-what": "Leder arbetet",
        "success_criteria-0-text": "Tre regioner använder metoden",
        "indicators-0-indicator": "Antal regioner",
        "indicators-0-measured_by": "Enkät",
        "budget_lines-0-category": "expertise",
        "budget_lines-0-description": "Konsult för analys",
        "budget_lines-0-amount": "120 000",
        "budget_lines-1-category": "working_time",
        "budget_lines-1-description": "Arbetstid i regionerna",
        "budget_lines-1-amount": "80000",
        "budget_lines-1-is_working_time": "on",
        "budget_lines-2-category": "",
        "budget_lines-2-description": "",
        "budget_lines-2-amount": "",
        "financing-0-source": "base_funding",
        "financing-0-organisation": "",
        "financing-0-label": "",
        "financing-0-amount": "100000",
        "financing-1-source": "organisation",
        "financing-1-organisation": "region-skane",
        "financing-1-label": "",
        "financing-1-amount": "100000",
    }
    data.update(overrides)
    return data


def url(name, provrum, **kwargs):
    return reverse(f"provrum:{name}", args=[provrum.pk], **kwargs)


@pytest.fixture
def go_ahead(make_provrum):
    return make_provrum("go_ahead")


def save(client, person, provrum, **overrides):
    client.force_login(person)
    return client.post(url("plan", provrum), plan_post(**overrides))


def plan_of(provrum):
    return ProjectPlan.objects.get(provrum=provrum)


# Who sees what ---------------------------------------------------------------

ACCESS = {
    # role: (GET status, editor shown, POST status)
    "anonymous": (LOGIN, None, LOGIN),
    "skane": (200, True, 302),
    "orebro": (200, True, 302),
    # A member outside the group does not find a plan being written (finding 13).
    "gavleborg": (404, None, 404),
    "office": (200, False, 403),
}


@pytest.mark.parametrize("role", ACCESS)
def test_who_reads_and_who_edits_the_plan(client, cast, go_ahead, role):
    from django.contrib.auth.models import AnonymousUser

    user = (
        AnonymousUser()
        if role == "anonymous"
        else cast["office"]
        if role == "office"
        else cast["people"][role]
    )
    sign_in(client, user)
    expected_get, editor, expected_post = ACCESS[role]
    page = client.get(url("plan", go_ahead))
    assert outcome(page) == expected_get
    if editor is not None:
        assert page.context["editable"] is editor
        assert (b"data-plan-form" in page.content) is editor
    assert outcome(client.post(url("plan", go_ahead), plan_post())) == expected_post
    assert ProjectPlan.objects.filter(version__gt=0).exists() is (expected_post == 302)


@pytest.mark.parametrize("state", ["proposed", "interest"])
def test_no_plan_before_the_go_ahead(client, cast, make_provrum, state):
    provrum = make_provrum(state)
    client.force_login(cast["people"]["skane"])
    assert client.get(url("plan", provrum)).status_code == 404
    assert client.post(url("plan", provrum), plan_post()).status_code == 404
    assert client.get(url("plan_versions", provrum)).status_code == 404


def test_the_provrum_page_links_to_the_plan_after_the_go_ahead(client, cast, make_provrum):
    client.force_login(cast["people"]["skane"])
    forming = make_provrum("interest", title="Ett annat provrum")
    assert url("plan", forming).encode() not in client.get(forming.get_absolute_url()).content
    provrum = make_provrum("go_ahead")
    page = client.get(provrum.get_absolute_url()).content.decode()
    assert 'id="plan-link"' in page
    assert f'href="{url("plan", provrum)}"' in page


def test_the_provrum_page_links_to_versions_and_downloads_once_saved(client, cast, go_ahead):
    client.force_login(cast["office"])
    before = client.get(go_ahead.get_absolute_url()).content.decode()
    assert f'href="{url("plan", go_ahead)}"' in before  # to read it
    assert url("plan_versions", go_ahead) not in before
    save(client, cast["people"]["skane"], go_ahead)
    client.force_login(cast["office"])
    after = client.get(go_ahead.get_absolute_url()).content.decode()
    assert f'href="{url("plan_versions", go_ahead)}"' in after
    for link in plan_views.export_links(go_ahead):
        assert f'href="{link["url"]}"' in after


# Saving ------------------------------------------------------------------------


def test_the_empty_editor_has_blank_rows_and_version_zero(client, cast, go_ahead):
    client.force_login(cast["people"]["skane"])
    page = client.get(url("plan", go_ahead))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="version" value="0"' in html
    for name in ("milestones-1-date", "budget_lines-2-amount", "financing-2-source"):
        assert f'name="{name}"' in html
    assert '<option value="region-skane">' in html  # a participant's own contribution
    assert 'src="/static/js/plan.js"' in html and "<script>" not in html
    # Without JavaScript the blank rows are used; the row buttons wait for plan.js.
    assert re.search(r"<button[^>]*data-add-row hidden", html)
    assert re.search(r"<button[^>]*data-remove-row hidden", html)


def test_saving_stores_a_version_and_the_sums(client, cast, go_ahead):
    response = save(client, cast["people"]["skane"], go_ahead)
    assert response.status_code == 302
    assert response["Location"] == url("plan", go_ahead)
    plan = plan_of(go_ahead)
    assert plan.version == 1
    assert plan.status == ProjectPlan.Status.DRAFT
    assert plan.data["budget_lines"][0] == {
        "category": "expertise",
        "description": "Konsult för analys",
        "amount": 120000,
        "is_working_time": False,
    }
    assert plan.data["budget_lines"][1]["is_working_time"] is True
    assert len(plan.data["budget_lines"]) == 2  # the blank row is dropped
    assert plan.data["purpose"] == "Pröva AI för regional analys – åäö"
    assert PlanVersion.objects.filter(plan=plan).count() == 1

    page = client.get(url("plan", go_ahead))
    sums = page.context["sums"]
    assert (sums["budget"], sums["not_working_time"]) == (200000, 120000)
    assert (sums["financing"], sums["base_funding"], sums["base_share"]) == (200000, 100000, 50)
    html = page.content.decode()
    assert 'name="version" value="1"' in html
    assert 'data-sum="budget" data-value="200000"' in html
    assert 'value="Konsult för analys"' in html


def test_rows_are_read_in_order_whatever_their_numbers(client, cast, go_ahead):
    response = save(
        client,
        cast["people"]["skane"],
        go_ahead,
        **{
            "budget_lines-7-category": "other",
            "budget_lines-7-description": "Sist",
            "budget_lines-7-amount": "1000",
            "budget_lines-0-description": "Först",
            "success_criteria-4-text": "Ett andra kriterium",
        },
    )
    assert response.status_code == 302
    data = plan_of(go_ahead).data
    assert [line["description"] for line in data["budget_lines"]] == [
        "Först",
        "Arbetstid i regionerna",
        "Sist",
    ]
    assert data["success_criteria"] == ["Tre regioner använder metoden", "Ett andra kriterium"]


BAD_INPUT = {
    "negative": ({"budget_lines-0-amount": "-5"}, "budget_lines-0-amount", "-5"),
    "fraction": ({"budget_lines-0-amount": "12,50"}, "budget_lines-0-amount", "12,50"),
    "too_large": (
        {"financing-1-amount": "100000001"},
        "financing-1-amount",
        "100000001",
    ),
    "not_a_number": ({"budget_lines-0-amount": "tusen"}, "budget_lines-0-amount", "tusen"),
    "end_before_start": ({"end": "2027-01-01"}, "end", "2027-01-01"),
    "milestone_outside": (
        {"milestones-0-date": "2027-09-01"},
        "milestones-0-date",
        "2027-09-01",
    ),
    "row_without_description": (
        {"budget_lines-0-description": ""},
        "budget_lines-0-description",
        "",
    ),
    "megabyte": ({"purpose": "å" * 1_000_000}, "purpose", "å" * 1000),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_explained_by_the_field_and_everything_kept(client, cast, go_ahead, case):
    overrides, field, typed = BAD_INPUT[case]
    response = save(client, cast["people"]["skane"], go_ahead, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error"', html)
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html)
    assert typed in html
    # The rest of what was typed is there too.
    assert "Arbetstid i regionerna" in html and "Startmöte" in html
    assert 'id="form-errors"' in html
    assert not ProjectPlan.objects.filter(version__gt=0).exists()


def test_a_stale_save_keeps_the_typed_text(client, cast, go_ahead):
    assert save(client, cast["people"]["skane"], go_ahead).status_code == 302
    response = save(
        client, cast["people"]["orebro"], go_ahead, purpose="Örebros egen text", version="0"
    )
    assert response.status_code == 409
    assert response.context["feedback"].codes == ["stale_version"]
    html = response.content.decode()
    assert "Örebros egen text" in html
    assert 'name="version" value="1"' in html
    assert 'data-version="1"' in html  # the status tells of the saved version
    assert plan_of(go_ahead).data["purpose"] != "Örebros egen text"
    again = save(
        client, cast["people"]["orebro"], go_ahead, purpose="Örebros egen text", version="1"
    )
    assert again.status_code == 302
    assert plan_of(go_ahead).version == 2


def test_a_missing_or_forged_version_is_refused(client, cast, go_ahead):
    assert save(client, cast["people"]["skane"], go_ahead).status_code == 302
    response = save(client, cast["people"]["skane"], go_ahead, version="nonsense")
    assert response.status_code == 409
    assert plan_of(go_ahead).version == 1


# The rules beside the buttons ------------------------------------------------------


def test_the_rules_are_shown_next_to_the_submit_button(client, cast, go_ahead):
    response = save(
        client,
        cast["people"]["skane"],
        go_ahead,
        **{"financing-0-amount": "100001", "financing-1-amount": "99999"},
    )
    assert response.status_code == 302
    page = client.get(url("plan", go_ahead))
    codes = [reason["code"] for reason in page.context["reasons"]]
    assert "base_funding_over_half" in codes
    assert 'data-code="base_funding_over_half"' in page.content.decode()


def test_the_live_check_answers_for_the_plan_as_typed(client, cast, go_ahead):
    client.force_login(cast["people"]["skane"])
    over = client.post(url("plan_check", go_ahead), plan_post(**{"financing-0-amount": "100001"}))
    assert over.status_code == 200
    html = over.content.decode()
    assert 'data-code="base_funding_over_half"' in html
    assert 'data-sum="base_funding" data-value="100001"' in html
    assert "<html" not in html
    fixed = client.post(url("plan_check", go_ahead), plan_post())
    assert 'data-code="base_funding_over_half"' not in fixed.content.decode()
    assert not ProjectPlan.objects.exists()  # checking saves nothing
    assert client.get(url("plan_check", go_ahead)).status_code == 405


def test_the_live_check_is_only_for_those_who_see_the_plan(client, cast, make_provrum):
    provrum = make_provrum("interest")
    client.force_login(cast["people"]["skane"])
    assert client.post(url("plan_check", provrum), plan_post()).status_code == 404


# Submitting and the office's decision ------------------------------------------------


def test_submitting_an_incomplete_plan_says_what_is_missing(client, cast, go_ahead):
    response = save(
        client, cast["people"]["skane"], go_ahead, purpose="", start="", action="submit"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_purpose_error"' in html and 'id="id_start_error"' in html
    assert not ProjectPlan.objects.exists()


def test_submitting_with_a_rule_error_saves_but_does_not_submit(client, cast, go_ahead):
    response = save(
        client,
        cast["people"]["skane"],
        go_ahead,
        action="submit",
        **{"financing-0-amount": "150000"},
    )
    assert response.status_code == 409
    assert "base_funding_over_half" in response.context["feedback"].codes
    plan = plan_of(go_ahead)
    assert (plan.version, plan.status) == (1, ProjectPlan.Status.DRAFT)


def submit(client, cast, provrum):
    response = save(client, cast["people"]["skane"], provrum, action="submit")
    assert response.status_code == 302
    return plan_of(provrum)


def test_submit_then_approve_starts_the_provrum(client, cast, go_ahead):
    plan = submit(client, cast, go_ahead)
    assert plan.status == ProjectPlan.Status.SUBMITTED
    page = client.get(url("plan", go_ahead))
    assert page.context["editable"] is False
    assert page.context["can_decide"] is False
    # Locked while the office decides.
    assert save(client, cast["people"]["orebro"], go_ahead, version="1").status_code == 403
    assert client.post(url("plan_approve", go_ahead)).status_code == 403

    client.force_login(cast["office"])
    office_page = client.get(url("plan", go_ahead))
    assert office_page.context["can_decide"] is True
    assert 'id="plan-decision"' in office_page.content.decode()
    response = client.post(url("plan_approve", go_ahead), {"comment": "Bra plan."})
    assert response.status_code == 302
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.RUNNING
    assert plan_of(go_ahead).status == ProjectPlan.Status.APPROVED
    assert "Bra plan." in client.get(url("plan", go_ahead)).content.decode()


def test_the_office_cannot_approve_while_a_rule_error_remains(client, cast, go_ahead, make_provrum):
    submit(client, cast, go_ahead)
    plan = plan_of(go_ahead)
    # Another provrum's approved plan has used most of the office's yearly cap since.
    rules_row = plans.format_rules_get()
    rules_row.office_annual_cap_sek = 199_999
    rules_row.save()
    other = make_provrum("go_ahead", title="Ett annat provrum")
    ProjectPlan.objects.create(
        provrum=other,
        status=ProjectPlan.Status.APPROVED,
        data={**plan.data, "financing": [{"source": "base_funding", "amount": 100000}]},
    )
    client.force_login(cast["office"])
    page = client.get(url("plan", go_ahead))
    assert page.context["has_errors"] is True
    response = client.post(url("plan_approve", go_ahead), {"comment": ""})
    assert response.status_code == 409
    assert "office_annual_cap_exceeded" in response.context["feedback"].codes
    go_ahead.refresh_from_db()
    assert go_ahead.state == State.GO_AHEAD


def test_the_office_returns_the_plan_with_a_comment(client, cast, go_ahead):
    submit(client, cast, go_ahead)
    client.force_login(cast["office"])
    refused = client.post(url("plan_return", go_ahead), {"comment": "  "})
    assert refused.status_code == 422
    assert plan_of(go_ahead).status == ProjectPlan.Status.SUBMITTED
    response = client.post(url("plan_return", go_ahead), {"comment": "Förtydliga budgeten."})
    assert response.status_code == 302
    assert plan_of(go_ahead).status == ProjectPlan.Status.RETURNED

    client.force_login(cast["people"]["orebro"])
    page = client.get(url("plan", go_ahead))
    assert page.context["editable"] is True
    html = page.content.decode()
    assert "Förtydliga budgeten." in html
    assert 'data-kind="returned"' in html
    assert save(client, cast["people"]["orebro"], go_ahead, version="1").status_code == 302


def test_only_the_office_decides(client, cast, go_ahead):
    submit(client, cast, go_ahead)
    client.force_login(cast["people"]["orebro"])
    assert client.post(url("plan_approve", go_ahead)).status_code == 403
    assert client.post(url("plan_return", go_ahead), {"comment": "Nej"}).status_code == 403
    # Outside the group the submitted plan is not found at all (finding 13).
    client.force_login(cast["people"]["gavleborg"])
    assert client.post(url("plan_approve", go_ahead)).status_code == 404
    assert client.post(url("plan_return", go_ahead), {"comment": "Nej"}).status_code == 404
    assert plan_of(go_ahead).status == ProjectPlan.Status.SUBMITTED


def test_comments_on_the_plan(client, cast, go_ahead):
    save(client, cast["people"]["skane"], go_ahead)
    client.force_login(cast["office"])
    response = client.post(url("plan_comment", go_ahead), {"body": "Titta på tidplanen."})
    assert response.status_code == 302
    assert PlanComment.objects.get().body == "Titta på tidplanen."
    empty = client.post(url("plan_comment", go_ahead), {"body": ""})
    assert empty.status_code == 422
    client.force_login(cast["people"]["skane"])
    assert "Titta på tidplanen." in client.get(url("plan", go_ahead)).content.decode()


# Versions --------------------------------------------------------------------------


def test_versions_and_the_diff_between_two(client, cast, go_ahead):
    save(client, cast["people"]["skane"], go_ahead)
    save(client, cast["people"]["orebro"], go_ahead, version="1", purpose="En ny inriktning")
    save(
        client,
        cast["people"]["skane"],
        go_ahead,
        version="2",
        purpose="En ny inriktning",
        **{"budget_lines-0-amount": "130000"},
    )
    page = client.get(url("plan_versions", go_ahead))
    assert page.status_code == 200
    assert [version.number for version in page.context["versions"]] == [3, 2, 1]
    assert (page.context["older"], page.context["newer"]) == (2, 3)
    changed = [line for line in page.context["diff"] if line.op != "equal"]
    assert {line.op for line in changed} == {"insert", "delete"}
    assert any("130" in line.text for line in changed if line.op == "insert")

    chosen = client.get(url("plan_versions", go_ahead), {"fran": "1", "till": "2"})
    inserted = [line.text for line in chosen.context["diff"] if line.op == "insert"]
    assert "En ny inriktning" in inserted
    assert 'data-op="insert"' in chosen.content.decode()

    nonsense = client.get(url("plan_versions", go_ahead), {"fran": "x", "till": "99"})
    assert nonsense.status_code == 200
    assert (nonsense.context["older"], nonsense.context["newer"]) == (2, 3)


def test_versions_of_an_unsaved_plan(client, cast, go_ahead):
    client.force_login(cast["office"])
    page = client.get(url("plan_versions", go_ahead))
    assert page.status_code == 200
    assert page.context["versions"] == [] and page.context["diff"] is None


def test_a_megabyte_of_swedish_text_sent_as_a_browser_does_is_explained(client, cast, go_ahead):
    """A browser URL-encodes the form: "å" takes six bytes, 6 MB for a megabyte of text."""
    from urllib.parse import urlencode

    client.force_login(cast["people"]["skane"])
    body = urlencode(plan_post(purpose="å" * 1_000_000), doseq=True)
    assert len(body) > 5_000_000
    response = client.post(
        url("plan", go_ahead), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_purpose_error"' in html
    assert "å" * 1000 in html
