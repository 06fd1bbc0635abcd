"""Regression (property tests): odd values in a survey answer were a 500, now a refusal.

"²" passes ``str.isdigit`` but not ``int``; an object or a nested list cannot be looked
up among the option ids. Each is refused under its question, in Swedish; the answer page
shows a refused "²" again instead of failing.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reglab.surveys.services.answer import clean_answers

pytestmark = pytest.mark.django_db


def keys(survey):
    return {question.kind: str(question.pk) for question in survey.questions.all()}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("stage", "²"),
        ("stage", {}),
        ("single", [[1]]),
        ("single", "①"),
        ("multiple", ["²"]),
        ("multiple", [float("inf")]),
        ("multiple", [True]),
        ("multiple", [1.5]),
        ("multiple", {"a": 1}),
    ],
)
def test_odd_option_values_are_refused_under_their_question(survey, kind, value):
    key = keys(survey)[kind]
    with pytest.raises(ValidationError) as refused:
        clean_answers(survey, {key: value})
    assert list(refused.value.message_dict) == [key]
    assert (
        "svarsalternativ" in refused.value.message_dict[key][0]
        or "steg" in (refused.value.message_dict[key][0])
    )


def test_ascii_digits_still_choose_an_option(survey):
    key = keys(survey)
    cleaned = clean_answers(survey, {key["stage"]: " 2 ", key["multiple"]: ["1", 2]})
    assert cleaned == {key["stage"]: 2, key["multiple"]: [1, 2]}


def test_answer_page_shows_a_refused_superscript_again(client, survey, region, member_rep):
    client.force_login(member_rep)
    url = reverse("surveys:answer", kwargs={"pk": survey.pk, "organisation": region.slug})
    response = client.post(url, {"version": "0", keys(survey)["multiple"]: ["²", "1"]})
    assert response.status_code == 422
    assert "Välj bland svarsalternativen" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "value"),
    [("year", "1_990"), ("year", "١٩٩٠"), ("year", "+1990"), ("scale", "٣"), ("scale", "0_3")],
)
def test_a_typed_number_is_plain_ascii_digits(survey, kind, value):
    """int() reads "1_990", Arabic-Indic digits and "+1990"; a typed answer may not."""
    key = keys(survey)[kind]
    with pytest.raises(ValidationError) as refused:
        clean_answers(survey, {key: value})
    assert list(refused.value.message_dict) == [key]


def test_typed_ascii_years_and_scales_still_count(survey):
    key = keys(survey)
    cleaned = clean_answers(survey, {key["year"]: " 1990 ", key["scale"]: "3"})
    assert cleaned[key["year"]] == 1990
    assert cleaned[key["scale"]] == 3
