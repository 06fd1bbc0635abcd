"""The live dialog's pure rules, at their boundaries (no database)."""

import datetime as dt

import pytest

from reglab.live import rules
from reglab.live.rules import AnswerIn, DateRow, QuestionFacts

SINGLE = QuestionFacts(kind="single", option_ids=frozenset({1, 2, 3}))
DOTS = QuestionFacts(kind="prioritise", option_ids=frozenset({1, 2, 3}), dots=3)


def reasons(question, **answer):
    return rules.check_answer(question=question, answer=AnswerIn(**answer)).reasons


def test_join_codes_avoid_look_alikes():
    for letter in "0O1IL":
        assert letter not in rules.CODE_ALPHABET
    code = rules.new_code()
    assert rules.is_well_formed_code(code)
    assert rules.normalise_code(" abc-d2 3 ") == "ABCD23"
    assert not rules.is_well_formed_code("ABCD2")
    assert not rules.is_well_formed_code("ABCD2O")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([1], []),
        ([], ["choose_one"]),
        ([1, 2], ["choose_one"]),
        ([9], ["unknown_option"]),
        (["2"], []),
        ([True], ["unknown_option"]),
        ("1", ["answer_missing"]),
    ],
)
def test_single_choice(options, expected):
    assert reasons(SINGLE, options=options) == expected


def test_multiple_choice_needs_one_and_no_repeats():
    multiple = QuestionFacts(kind="multiple", option_ids=frozenset({1, 2}))
    assert reasons(multiple, options=[1, 2]) == []
    assert reasons(multiple, options=[]) == ["choose_at_least_one"]
    assert reasons(multiple, options=[1, 1]) == ["duplicate_option"]


def test_why_is_kept_only_when_asked():
    asked = QuestionFacts(kind="single", option_ids=frozenset({1}), ask_why=True)
    assert (
        rules.check_answer(
            question=asked, answer=AnswerIn(options=[1], text=" Därför ")
        ).answer.text
        == "Därför"
    )
    assert (
        rules.check_answer(question=SINGLE, answer=AnswerIn(options=[1], text="x")).answer.text
        == ""
    )
    assert reasons(asked, options=[1], text="x" * (rules.TEXT_MAX_LENGTH + 1)) == ["text_too_long"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roligt", []),
        ("   ", ["text_empty"]),
        ("x" * rules.TEXT_MAX_LENGTH, []),
        ("x" * (rules.TEXT_MAX_LENGTH + 1), ["text_too_long"]),
    ],
)
def test_reflection_length(text, expected):
    assert reasons(QuestionFacts(kind="text"), text=text) == expected


@pytest.mark.parametrize(
    ("dots", "expected"),
    [
        ({1: 3}, []),
        ({1: 2, 2: 1}, []),
        ({1: 2, 2: 2}, ["too_many_dots"]),
        ({1: 4}, ["too_many_dots"]),
        ({1: 0}, ["no_dots"]),
        ({}, ["no_dots"]),
        ({1: -1}, ["dots_not_whole"]),
        ({1: 1.5}, ["dots_not_whole"]),
        ({7: 1}, ["unknown_option"]),
        ({"2": 1}, []),
    ],
)
def test_dot_limit(dots, expected):
    assert reasons(DOTS, dots=dots) == expected


@pytest.mark.parametrize(
    ("value", "maximum", "expected"),
    [
        (1, 5, []),
        (5, 5, []),
        (6, 5, ["value_out_of_range"]),
        (0, 5, ["value_out_of_range"]),
        (10, 10, []),
        (11, 10, ["value_out_of_range"]),
        ("3", 5, ["value_out_of_range"]),
        (None, 5, ["answer_missing"]),
        (True, 5, ["value_out_of_range"]),
    ],
)
def test_scale_bounds(value, maximum, expected):
    assert reasons(QuestionFacts(kind="scale", scale_max=maximum), value=value) == expected


def test_date_replies():
    dates = QuestionFacts(kind="dates", option_ids=frozenset({1, 2}))
    assert reasons(dates, dates={"1": "yes", "2": "maybe"}) == []
    assert reasons(dates, dates={"1": "kanske"}) == ["date_reply_unknown"]
    assert reasons(dates, dates={}) == ["dates_empty"]
    assert reasons(dates, dates={"1": "yes"}, volunteer_name="x" * 151) == ["name_too_long"]
    clean = rules.check_answer(
        question=dates, answer=AnswerIn(dates={"1": "no"}, volunteer_organisation="Region X")
    ).answer
    assert clean.volunteer_organisation == ""  # an organisation without a name says nothing


def test_question_checks():
    assert rules.check_question(kind="single", text="Fråga?", options=["Ja", "Nej"]) == []
    assert rules.check_question(kind="single", text="", options=["Ja"]) == [
        "question_empty",
        "too_few_options",
    ]
    assert rules.check_question(kind="prioritise", text="F", options=["A"], dots=21) == [
        "dots_out_of_range"
    ]
    assert rules.check_question(kind="scale", text="F", options=[], scale_max=7) == [
        "scale_not_allowed"
    ]
    assert rules.check_question(kind="text", text="x" * 301, options=[]) == ["question_too_long"]


def test_tally_counts_each_answer_once_per_option():
    assert rules.tally_options([1, 2, 3], [[1], [1, 2], [2, 2], [9]]) == {1: 2, 2: 2, 3: 0}


def test_dots_add_up():
    assert rules.tally_dots([1, 2], [{"1": 2, "2": 1}, {"1": 1}, {"9": 3}]) == {1: 3, 2: 1}


def test_scale_tally_and_mean():
    tally = rules.tally_scale([1, 5, 3, 3], maximum=5)
    assert tally.counts == {1: 1, 2: 0, 3: 2, 4: 0, 5: 1}
    assert tally.mean == 3.0
    assert rules.tally_scale([], maximum=10).mean is None


def test_word_cloud_is_case_insensitive_without_stop_words():
    words = dict(rules.word_counts(["Kollegor och Fika!", "fika med kollegor", "FIKA, är det."]))
    assert words == {"fika": 3, "kollegor": 2}


def test_word_cloud_orders_by_count_then_alphabet_and_keeps_swedish_letters():
    words = rules.word_counts(["Lärande lärande öppenhet", "öppenhet analys"])
    assert words == [("lärande", 2), ("öppenhet", 2), ("analys", 1)]
    assert rules.word_counts(["a 1234 x"]) == []


def test_cloud_weight_bounds():
    assert rules.cloud_weight(1, 1) == 1
    assert rules.cloud_weight(10, 10) == 5
    assert 1 <= rules.cloud_weight(5, 10) <= 5


DAY = dt.date(2027, 3, 1)


def row(option, days, yes=0, maybe=0, no=0):
    return DateRow(option, DAY + dt.timedelta(days=days), yes, maybe, no)


@pytest.mark.parametrize(
    ("rows", "winner"),
    [
        ([row(1, 0, yes=3), row(2, 7, yes=4)], 2),
        ([row(1, 0, yes=3, maybe=0), row(2, 7, yes=3, maybe=2)], 2),
        ([row(1, 0, yes=3, no=2), row(2, 7, yes=3, no=1)], 2),
        ([row(1, 7, yes=3), row(2, 0, yes=3)], 2),  # a tie: the earlier date
        ([row(1, 0, no=5), row(2, 7, maybe=1)], 2),
        ([row(1, 0, no=5)], None),
        ([], None),
    ],
)
def test_date_poll_winner(rows, winner):
    assert rules.date_winner(rows) == winner


def test_tally_dates_counts_each_reply():
    rows = rules.tally_dates([(1, DAY), (2, DAY)], [{"1": "yes", "2": "no"}, {"1": "maybe"}])
    assert rows == [DateRow(1, DAY, 1, 1, 0), DateRow(2, DAY, 0, 0, 1)]
