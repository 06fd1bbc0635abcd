"""Two colleagues save an organisation's first answer at once: one answer, one version 1,
and the other is told that a colleague saved (409), never silently overwritten.

Real threads, each with its own connection, start together at a barrier.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reglab.surveys.models import AnswerVersion, SurveyAnswer
from reglab.surveys.services.answer import answer_save
from tests.factories import AffiliationFactory, RegionFactory, UserFactory
from tests.surveys.conftest import make_survey

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("contenders", [2, 4])
def test_concurrent_first_saves_make_one_answer(contenders):
    office = UserFactory(email="kansli@example.se", is_office=True)
    region = RegionFactory(name="Region Skåne", slug="region-skane", county_code="12")
    survey = make_survey(office)
    stage = str(survey.questions.first().pk)
    people = [UserFactory(email=f"k{n}@example.se") for n in range(contenders)]
    for person in people:
        AffiliationFactory(person=person, organisation=region)
    barrier = threading.Barrier(contenders)
    outcomes = {}

    def save(index, person):
        try:
            barrier.wait(timeout=10)
            answer_save(
                by=person,
                survey=survey,
                organisation=region,
                version=0,
                answers={stage: index + 1},
            )
            outcomes[index] = "saved"
        except ValidationError as error:
            outcomes[index] = error.code
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["saved"] + ["stale_version"] * (contenders - 1)
    assert SurveyAnswer.objects.count() == 1
    assert list(AnswerVersion.objects.values_list("number", flat=True)) == [1]
