"""clean_report_data and check_report_complete: the report's shape and what submitting needs."""

import pytest

from reglab.provrum.messages import reason_message
from reglab.provrum.report.validation import (
    EVIDENCE_LIMIT,
    LONG_TEXT_LIMIT,
    REPORT_MESSAGES,
    SUMMARY_LIMIT,
    check_report_complete,
    clean_report_data,
)
from reglab.provrum.rules import ERROR, Reason
from tests.provrum.report_fixtures import ROWS, valid_report


def _codes(reasons):
    return [reason.code for reason in reasons]


def test_a_valid_report_comes_back_unchanged():
    data, errors = clean_report_data(valid_report(), rows=ROWS, document_ids=set())
    assert errors == {}
    assert data == valid_report()
    assert list(data) == [
        "summary",
        "results",
        "lessons",
        "recommendations",
        "follow_on",
        "attachments",
    ]


def test_an_empty_report_follows_the_plan_and_is_a_valid_draft():
    data, errors = clean_report_data({}, rows=ROWS)
    assert errors == {}
    assert [(row["kind"], row["text"]) for row in data["results"]] == ROWS
    assert {(row["outcome"], row["evidence"]) for row in data["results"]} == {("", "")}
    assert (data["summary"], data["follow_on"], data["attachments"]) == ("", "", [])


def test_rows_without_kind_and_text_are_the_plans_rows_in_order():
    raw = {"results": [{"outcome": "met"}, {"evidence": "  Bevis  "}, {"outcome": "partly"}]}
    data, errors = clean_report_data(raw, rows=ROWS)
    assert errors == {}
    assert [row["text"] for row in data["results"]] == [text for _kind, text in ROWS]
    assert [row["outcome"] for row in data["results"]] == ["met", "", "partly"]
    assert data["results"][1]["evidence"] == "Bevis"


def test_texts_are_trimmed():
    data, errors = clean_report_data(valid_report(summary="  Kort.  \n"), rows=ROWS)
    assert errors == {}
    assert data["summary"] == "Kort."


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("summary", SUMMARY_LIMIT),
        ("lessons", LONG_TEXT_LIMIT),
        ("recommendations", LONG_TEXT_LIMIT),
    ],
)
def test_text_lengths_at_the_limit_and_one_over(field, limit):
    _data, errors = clean_report_data(valid_report(**{field: "å" * limit}), rows=ROWS)
    assert errors == {}
    data, errors = clean_report_data(valid_report(**{field: "å" * (limit + 1)}), rows=ROWS)
    assert list(errors) == [field]
    assert data[field] == "å" * (limit + 1)  # kept as typed


def test_evidence_at_the_limit_and_one_over():
    raw = valid_report()
    raw["results"][2]["evidence"] = "e" * EVIDENCE_LIMIT
    assert clean_report_data(raw, rows=ROWS)[1] == {}
    raw["results"][2]["evidence"] = "e" * (EVIDENCE_LIMIT + 1)
    assert list(clean_report_data(raw, rows=ROWS)[1]) == ["results.2.evidence"]


@pytest.mark.parametrize("outcome", ["yes", "MET", 1, True, ["met"]])
def test_an_unknown_outcome_is_refused_and_kept(outcome):
    raw = valid_report()
    raw["results"][1]["outcome"] = outcome
    data, errors = clean_report_data(raw, rows=ROWS)
    assert list(errors) == ["results.1.outcome"]
    assert data["results"][1]["outcome"] == outcome


@pytest.mark.parametrize("outcome", ["met", "partly", "not_met", "", None])
def test_the_known_outcomes_and_none_yet(outcome):
    raw = valid_report()
    raw["results"][0]["outcome"] = outcome
    data, errors = clean_report_data(raw, rows=ROWS)
    assert errors == {}
    assert data["results"][0]["outcome"] == (outcome or "")


def test_results_must_follow_the_plan():
    fewer = valid_report(results=valid_report()["results"][:2])
    assert list(clean_report_data(fewer, rows=ROWS)[1]) == ["results"]
    swapped = valid_report()
    swapped["results"][0], swapped["results"][1] = swapped["results"][1], swapped["results"][0]
    _data, errors = clean_report_data(swapped, rows=ROWS)
    assert set(errors) == {"results.0.text", "results.1.text"}
    other_kind = valid_report()
    other_kind["results"][2]["kind"] = "criterion"
    assert list(clean_report_data(other_kind, rows=ROWS)[1]) == ["results.2.text"]


@pytest.mark.parametrize("results", ["Två av tre", {"outcome": "met"}, 3])
def test_results_that_are_not_a_list(results):
    data, errors = clean_report_data(valid_report(results=results), rows=ROWS)
    assert "results" in errors
    assert len(data["results"]) == len(ROWS)


def test_a_row_that_is_not_a_set_of_fields():
    raw = valid_report()
    raw["results"][1] = "met"
    _data, errors = clean_report_data(raw, rows=ROWS)
    assert list(errors) == ["results.1"]


def test_without_a_plan_the_rows_name_themselves():
    raw = {"results": [{"kind": "criterion", "text": "Ett mål", "outcome": "met"}]}
    data, errors = clean_report_data(raw)
    assert errors == {}
    assert data["results"] == [
        {"kind": "criterion", "text": "Ett mål", "outcome": "met", "evidence": ""}
    ]
    bad = {"results": [{"kind": "mål", "text": "", "outcome": "met"}]}
    assert set(clean_report_data(bad)[1]) == {"results.0.kind", "results.0.text"}


@pytest.mark.parametrize(
    ("follow_on", "ok"),
    [
        ("", True),
        ("learning_project", True),
        ("new_provrum", True),
        ("none", True),
        ("lärprojekt", False),
        (5, False),
    ],
)
def test_the_recommended_next_step(follow_on, ok):
    _data, errors = clean_report_data(valid_report(follow_on=follow_on), rows=ROWS)
    assert (errors == {}) is ok
    if not ok:
        assert list(errors) == ["follow_on"]


def test_attachments_are_the_provrums_documents_by_id():
    data, errors = clean_report_data(
        valid_report(attachments=[3, "7", " 3 "]), rows=ROWS, document_ids={3, 7}
    )
    assert errors == {}
    assert data["attachments"] == [3, 7]  # in order, once each


@pytest.mark.parametrize("attachments", [[99], [3, 99], ["x"], [True], [3.0], [{"id": 3}]])
def test_attachments_refused(attachments):
    data, errors = clean_report_data(
        valid_report(attachments=attachments), rows=ROWS, document_ids={3, 7}
    )
    assert list(errors) == ["attachments"]
    assert 99 not in data["attachments"]


def test_a_single_attachment_need_not_be_a_list():
    data, errors = clean_report_data(valid_report(attachments="7"), rows=ROWS, document_ids={7})
    assert errors == {}
    assert data["attachments"] == [7]


@pytest.mark.parametrize("raw", [None, [], "rapport", 5])
def test_a_report_that_is_not_a_set_of_fields(raw):
    data, errors = clean_report_data(raw, rows=ROWS)
    assert list(errors) == ["__all__"]
    assert len(data["results"]) == len(ROWS)


# What submitting needs -------------------------------------------------------------


def test_a_complete_report_lacks_nothing():
    assert check_report_complete(valid_report()) == []


def test_recommendations_next_step_and_attachments_are_optional():
    assert check_report_complete(valid_report(recommendations="", follow_on="")) == []


def test_every_missing_outcome_is_listed_with_its_row():
    data = valid_report()
    data["results"][0]["outcome"] = ""
    data["results"][2]["outcome"] = "kanske"
    reasons = check_report_complete(data)
    assert _codes(reasons) == ["report_outcome_missing", "report_outcome_missing"]
    assert [reason.params["number"] for reason in reasons] == [1, 3]
    assert reasons[0].params["text"] == ROWS[0][1]
    assert reasons[1].params["kind"] == "indicator"
    assert all(reason.severity == ERROR for reason in reasons)


@pytest.mark.parametrize("outcome", ["met", "partly", "not_met"])
def test_any_outcome_is_an_outcome(outcome):
    data = valid_report()
    for row in data["results"]:
        row["outcome"] = outcome
    assert check_report_complete(data) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("summary", "", "report_summary_missing"),
        ("summary", " \n ", "report_summary_missing"),
        ("lessons", "", "report_lessons_missing"),
        ("lessons", None, "report_lessons_missing"),
    ],
)
def test_summary_and_lessons_are_needed(field, value, code):
    assert _codes(check_report_complete(valid_report(**{field: value}))) == [code]
    assert check_report_complete(valid_report(**{field: "x"})) == []


def test_everything_missing_is_reported_at_once():
    data, _errors = clean_report_data({}, rows=ROWS)
    assert _codes(check_report_complete(data)) == [
        "report_outcome_missing",
        "report_outcome_missing",
        "report_outcome_missing",
        "report_summary_missing",
        "report_lessons_missing",
    ]


def test_without_results_the_texts_suffice():
    assert check_report_complete(valid_report(results=[])) == []


def test_a_long_criterion_is_shortened_in_the_reason():
    data = valid_report()
    data["results"][0] = {"kind": "criterion", "text": "ord " * 100, "outcome": ""}
    (reason,) = check_report_complete(data)
    assert len(reason.params["text"]) <= 80
    assert reason.params["text"].endswith("…")


@pytest.mark.parametrize("code", list(REPORT_MESSAGES))
def test_every_reason_has_a_sentence(code):
    params = {"text": "Ett mål", "number": 1, "kind": "criterion", "status": "x", "state": "x"}
    message = reason_message(Reason(code, ERROR, params))
    assert message != code
    assert "%(" not in message


@pytest.mark.parametrize("follow_on", [["none"], {"a": 1}])
def test_a_next_step_that_is_not_a_word(follow_on):
    assert list(clean_report_data(valid_report(follow_on=follow_on), rows=ROWS)[1]) == ["follow_on"]
