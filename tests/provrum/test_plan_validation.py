"""clean_plan_data: whole kronor, dates, rows, lengths; nothing typed is lost."""

import pytest

from reglab.provrum.plan.validation import clean_plan_data, parse_amount, plan_sums
from tests.provrum.plan_fixtures import valid_plan


def test_a_valid_plan_comes_back_unchanged():
    data, errors = clean_plan_data(
        valid_plan(), organisation_slugs={"region-skane", "region-orebro-lan"}
    )
    assert errors == {}
    assert data == valid_plan()


def test_an_empty_plan_is_a_valid_draft_but_not_complete():
    data, errors = clean_plan_data({})
    assert errors == {}
    assert data["milestones"] == [] and data["start"] is None
    _, errors = clean_plan_data({}, complete=True)
    assert set(errors) == {
        "purpose",
        "expected_result",
        "main_question",
        "start",
        "end",
        "budget_lines",
    }


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        (0, 0),
        (100_000_000, 100_000_000),
        ("12 500", 12_500),
        ("12\u00a0500 kr", 12_500),
        ("7000,00", 7000),
        (40_000.0, 40_000),
    ],
)
def test_amounts_accepted(typed, amount):
    assert parse_amount(typed) == (amount, None)


@pytest.mark.parametrize(
    "typed",
    [
        -1,
        "-1",
        "−1",
        0.5,
        "12,5",
        "12.50",
        100_000_001,
        "1e6",
        "tio",
        "",
        True,
        None,
        [1],
        "١٢٣",
        "１２３",
        "12٫5",
    ],
)
def test_amounts_refused_keep_what_was_typed(typed):
    kept, error = parse_amount(typed)
    assert error
    assert kept == typed or (typed is None and kept == "")


def test_errors_point_at_the_field_and_the_typed_text_is_kept():
    raw = valid_plan(start="2027-05-01", end="2027-01-01")
    raw["budget_lines"][0]["amount"] = "sextio tusen"
    raw["milestones"][0]["title"] = ""
    data, errors = clean_plan_data(raw)
    assert errors.keys() == {"end", "budget_lines.0.amount", "milestones.0.title"}
    assert data["budget_lines"][0]["amount"] == "sextio tusen"
    assert data["budget_lines"][0]["description"] == "Analysbyrå"
    assert (data["start"], data["end"]) == ("2027-05-01", "2027-01-01")


def test_milestones_must_fall_within_the_timeline():
    raw = valid_plan()
    raw["milestones"][0]["date"] = "2027-01-14"  # the day before the start
    raw["milestones"][1]["date"] = "2027-05-16"  # the day after the end
    _, errors = clean_plan_data(raw)
    assert set(errors) == {"milestones.0.date", "milestones.1.date"}
    raw["milestones"][0]["date"] = "2027-01-15"
    raw["milestones"][1]["date"] = "2027-05-15"
    assert clean_plan_data(raw)[1] == {}


def test_blank_rows_are_dropped_and_row_numbers_count_the_kept_rows():
    raw = valid_plan()
    raw["budget_lines"].insert(0, {"category": "expertise", "description": " ", "amount": ""})
    raw["budget_lines"][2]["amount"] = -3
    data, errors = clean_plan_data(raw)
    assert len(data["budget_lines"]) == 2
    assert set(errors) == {"budget_lines.1.amount"}


def test_a_started_row_must_be_complete():
    raw = valid_plan(
        resources=[{"who": "Region Skåne", "what": ""}],
        indicators=[{"indicator": "", "measured_by": "Enkät"}],
    )
    raw["budget_lines"].append({"category": "", "description": "", "amount": "5000"})
    raw["financing"].append({"source": "other", "label": "", "amount": 1000})
    raw["milestones"].append({"date": "2027-03-01", "title": "Möte", "meeting": "digital"})
    _, errors = clean_plan_data(raw)
    assert set(errors) == {
        "resources.0.what",
        "indicators.0.indicator",
        "budget_lines.2.category",
        "budget_lines.2.description",
        "financing.3.label",
        "milestones.2.place",
    }


def test_working_time_category_is_always_working_time():
    raw = valid_plan()
    raw["budget_lines"][1]["is_working_time"] = False
    data, _ = clean_plan_data(raw)
    assert data["budget_lines"][1]["is_working_time"] is True
    raw["budget_lines"][0]["is_working_time"] = "on"
    assert clean_plan_data(raw)[0]["budget_lines"][0]["is_working_time"] is True


def test_base_funding_is_one_line():
    raw = valid_plan()
    raw["financing"].append({"source": "base_funding", "amount": 1})
    _, errors = clean_plan_data(raw)
    assert set(errors) == {"financing.3.source"}


def test_own_contribution_from_a_participant_only():
    raw = valid_plan()
    _, errors = clean_plan_data(raw, organisation_slugs={"region-skane"})
    assert set(errors) == {"financing.2.organisation"}


def test_a_megabyte_of_text_is_refused_but_kept():
    text = "ö" * 1_000_000
    data, errors = clean_plan_data(valid_plan(purpose=text))
    assert set(errors) == {"purpose"}
    assert data["purpose"] == text


def test_too_many_rows():
    raw = valid_plan(success_criteria=[f"Kriterium {n}" for n in range(101)])
    _, errors = clean_plan_data(raw)
    assert "success_criteria" in errors


@pytest.mark.parametrize("raw", [None, [], "plan", 5])
def test_not_a_plan(raw):
    data, errors = clean_plan_data(raw)
    assert set(errors) == {"__all__"}
    assert data["budget_lines"] == []


def test_sums_count_invalid_amounts_as_zero():
    raw = valid_plan()
    raw["budget_lines"][0]["amount"] = "x"
    sums = plan_sums(raw)
    assert sums["budget"] == 40_000
    assert sums["not_working_time"] == 0
    assert sums["base_funding"] == 50_000
    assert sums["financing"] == 100_000
    assert sums["by_category"]["working_time"] == 40_000
