"""The demo surveys (``data/surveys.toml``).

The seed's survey "Var i RUS-processen befinner sig regionerna? (April 2018)" to
the member organisations, closed, with ten submitted answers that reproduce the
seed's respondents (3 storregioner, 3 nybildade, 3 blivande regioner, 1
myndighet) and the office's groups; and an open survey to the regions with a
stage question that five regions have answered. Running it again adds nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from reglab.accounts.models import Affiliation
from reglab.demo.datafiles import load
from reglab.organisations.models import Organisation
from reglab.surveys.models import AnswerVersion, Audience, RespondentGroup, Survey, SurveyAnswer
from reglab.surveys.services.answer import answer_save, answer_submit
from reglab.surveys.services.survey import survey_create


@dataclass
class DemoSurveys:
    surveys: list = field(default_factory=list)
    answers: int = 0

    def summary_line(self) -> str:
        return f"Enkäter: {len(self.surveys)} nya enkäter, {self.answers} svar."


def representative(organisation):
    affiliation = (
        Affiliation.objects.confirmed().filter(organisation=organisation).select_related("person")
    ).first()
    return affiliation.person if affiliation else None


def april_2018(office, result: DemoSurveys) -> None:
    data = load("surveys")["april_2018"]
    survey = survey_create(
        by=office,
        title=data["title"],
        introduction=data["introduction"],
        opens_on=dt.date.fromisoformat(data["opens_on"]),
        closes_on=dt.date.fromisoformat(data["closes_on"]),
        audience=Audience.MEMBERS,
        questions=data["questions"],
    )
    for position, (name, slugs) in enumerate(data["groups"].items()):
        group = RespondentGroup.objects.create(survey=survey, name=name, position=position)
        group.organisations.set(Organisation.objects.filter(slug__in=slugs))
    keys = [str(question.pk) for question in survey.questions.all()]
    closed_at = timezone.make_aware(dt.datetime(2018, 4, 20, 10, 0))
    for slug, values in data["answers"].items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        survey.recipients.add(organisation)
        answers = {
            key: values[name]
            for key, name in zip(keys, data["question_names"], strict=True)
            if values.get(name) not in (None, "")
        }
        if values.get("why"):
            answers[f"{keys[2]}_why"] = values["why"]
        person = representative(organisation)
        # The survey is closed: its answers are written as they were kept then.
        answer = SurveyAnswer.objects.create(
            survey=survey,
            organisation=organisation,
            data=answers,
            version=1,
            status=SurveyAnswer.Status.SUBMITTED,
            updated_at=closed_at,
            updated_by=person,
            submitted_at=closed_at,
            submitted_by=person,
        )
        AnswerVersion.objects.create(answer=answer, number=1, data=answers, author=person)
        result.answers += 1
    result.surveys.append(survey.title)


def open_to_regions(office, result: DemoSurveys) -> None:
    data = load("surveys")["open_survey"]
    today = timezone.localdate()
    survey = survey_create(
        by=office,
        title=data["title"],
        introduction=data["introduction"],
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=21),
        audience=Audience.REGIONS,
        questions=data["questions"],
    )
    stage = str(survey.questions.first().pk)
    for slug, value in data["answers"].items():
        organisation = survey.recipients.filter(slug=slug).first()
        person = organisation and representative(organisation)
        if person is None:
            continue
        answer = answer_save(
            by=person, survey=survey, organisation=organisation, version=0, answers={stage: value}
        )
        answer_submit(by=person, survey=survey, organisation=organisation, version=answer.version)
        result.answers += 1
    result.surveys.append(survey.title)


@transaction.atomic
def seed_demo_surveys(*, office) -> DemoSurveys:
    data = load("surveys")
    result = DemoSurveys()
    if not Survey.objects.filter(title=data["april_2018"]["title"]).exists():
        april_2018(office, result)
    if not Survey.objects.filter(title=data["open_survey"]["title"]).exists():
        open_to_regions(office, result)
    return result
