"""Money (SEK) and dates as people type them, and the plan and report as they are sent.

Any input: a value or a Swedish message per field path, never an exception, and what
was typed is kept when it is refused (nothing typed is lost).
"""

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from reglab.provrum.messages import reason_message
from reglab.provrum.plan.validation import (
    MAX_AMOUNT_SEK,
    clean_plan_data,
    parse_amount,
    parse_date,
)
from reglab.provrum.report.validation import check_report_complete, clean_report_data
from tests.properties.conftest import assert_field_errors, assert_swedish

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=12),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
# Amounts the way Swedes type them: "1 000", "1 000,50", "12 500 kr", "−300", "1e309".
typed_amounts = st.one_of(
    st.integers(-(10**16), 10**16),
    st.floats(),
    st.from_regex(r"[−-]?\d{1,3}([  \u202f]?\d{3}){0,5}([.,]\d{0,3})?( ?kr)?", fullmatch=True),
    st.from_regex(r"\s*\d*[.,e]?\d*\s*(kr|KR|sek)?\s*", fullmatch=True),
    st.text(max_size=20),
    json_values,
)


@given(value=typed_amounts)
def test_amount_is_whole_kronor_or_a_swedish_refusal(value):
    amount, error = parse_amount(value)
    if error is None:
        assert isinstance(amount, int) and not isinstance(amount, bool)
        assert 0 <= amount <= MAX_AMOUNT_SEK
    else:
        assert_swedish(error, code="amount")
        assert amount is value or amount == str(value).strip() or isinstance(amount, str)


@given(kronor=st.integers(0, MAX_AMOUNT_SEK), spaces=st.sampled_from(["", " ", "\u00a0", "\u202f"]))
def test_amount_with_digit_groups_and_kr(kronor, spaces):
    """ "1 000 000 kr" is 1,000,000: spaces (also non-breaking) group, a kr suffix is allowed."""
    grouped = f"{kronor:,}".replace(",", spaces)
    assert parse_amount(grouped) == (kronor, None)
    assert parse_amount(f"{grouped} kr") == (kronor, None)
    assert parse_amount(f"{grouped},00") == (kronor, None)
    assert parse_amount(MAX_AMOUNT_SEK + 1)[1] is not None


@given(
    value=st.one_of(st.dates(), st.dates().map(date.isoformat), st.text(max_size=14), json_values)
)
def test_date_is_iso_in_the_plan_years_or_a_swedish_refusal(value):
    parsed, error = parse_date(value)
    if error is None:
        if parsed is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parsed)
            date.fromisoformat(parsed)
    else:
        assert_swedish(error, code="date")


def _rows(fields):
    return st.lists(st.one_of(st.fixed_dictionaries({}, optional=fields), json_values), max_size=4)


TEXT = st.one_of(st.text(max_size=40), json_scalars)
plans = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "purpose": TEXT,
            "expected_result": TEXT,
            "main_question": TEXT,
            "delimitations": st.one_of(TEXT, st.text(min_size=10_001, max_size=10_002)),
            "start": st.one_of(st.dates().map(date.isoformat), TEXT),
            "end": st.one_of(st.dates().map(date.isoformat), TEXT),
            "milestones": _rows(
                {
                    "date": st.one_of(st.dates().map(date.isoformat), TEXT),
                    "title": TEXT,
                    "meeting": st.one_of(st.sampled_from(["none", "physical", "digital"]), TEXT),
                    "place": TEXT,
                }
            ),
            "resources": _rows({"who": TEXT, "what": TEXT}),
            "success_criteria": st.lists(json_values, max_size=3),
            "indicators": _rows({"indicator": TEXT, "measured_by": TEXT}),
            "budget_lines": _rows(
                {
                    "category": st.one_of(
                        st.sampled_from(["expertise", "working_time", "other"]), TEXT
                    ),
                    "description": TEXT,
                    "amount": typed_amounts,
                    "is_working_time": json_values,
                }
            ),
            "financing": _rows(
                {
                    "source": st.one_of(
                        st.sampled_from(["base_funding", "organisation", "other"]), TEXT
                    ),
                    "organisation": st.one_of(st.sampled_from(["region-skane", "x"]), TEXT),
                    "label": TEXT,
                    "amount": typed_amounts,
                }
            ),
        },
    ),
)


@given(raw=plans, complete=st.booleans())
def test_plan_cleaning_any_input(raw, complete):
    data, errors = clean_plan_data(raw, organisation_slugs={"region-skane"}, complete=complete)
    assert_field_errors(errors)
    assert isinstance(data, dict)
    # Cleaned again, the clean plan says the same: cleaning is stable.
    again, errors_again = clean_plan_data(data, organisation_slugs={"region-skane"})
    if not errors:
        assert again == data and not errors_again


report_rows = st.lists(
    st.tuples(st.sampled_from(["criterion", "indicator"]), st.text(min_size=1, max_size=20)),
    max_size=3,
)
reports = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "summary": TEXT,
            "lessons": TEXT,
            "recommendations": TEXT,
            "follow_on": st.one_of(st.sampled_from(["none", "new_provrum"]), json_values),
            "attachments": st.one_of(
                json_values, st.lists(st.one_of(st.integers(-5, 10**20), TEXT), max_size=4)
            ),
            "results": st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "kind": st.one_of(st.sampled_from(["criterion", "indicator"]), TEXT),
                            "text": TEXT,
                            "outcome": st.one_of(
                                st.sampled_from(["met", "partly_met", "not_met"]), json_values
                            ),
                            "evidence": TEXT,
                        },
                    ),
                    json_values,
                ),
                max_size=4,
            ),
        },
    ),
)


@given(raw=reports, rows=st.one_of(st.none(), report_rows), documents=st.sets(st.integers(1, 9)))
def test_report_cleaning_any_input(raw, rows, documents):
    data, errors = clean_report_data(raw, rows=rows, document_ids=documents)
    assert_field_errors(errors)
    assert set(data["attachments"]) <= documents
    if rows is not None:
        assert [(row["kind"], row["text"]) for row in data["results"]] == rows
    for reason in check_report_complete(data):
        assert_swedish(reason_message(reason), code=reason.code)
