"""The demo surveys: the seed's April 2018 counts, and an open survey half answered."""

from io import StringIO

import pytest
from django.core.management import call_command

from reglab.surveys.models import Survey
from reglab.surveys.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_the_demo_reproduces_the_seeds_respondents(settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", password="demo-losenord", stdout=out)
    assert "Enkäter: 2 nya enkäter, 15 svar." in out.getvalue()
    april = Survey.objects.get(title="Var i RUS-processen befinner sig regionerna? (April 2018)")
    results = survey_results(april)
    assert results.respondents == 10
    assert dict(results.by_kind) == {"Region": 9, "Statlig myndighet": 1}
    assert results.by_group == [
        ("Storregioner", 3),
        ("Nybildade regioner", 3),
        ("Blivande regioner", 3),
    ]
    steering = results.questions[2]
    assert steering.tally == [("Ja", 5), ("Nja", 4), ("Nej", 1)]
    open_survey = Survey.objects.get(title="RUS-läget i regionerna")
    assert open_survey.is_open()
    assert survey_results(open_survey).respondents == 5
    assert open_survey.recipients.count() == 21
    call_command("seed_demo", password="demo-losenord", stdout=out)
    assert Survey.objects.count() == 2
