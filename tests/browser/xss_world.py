"""The demo data with the attack corpus in every free-text field and file name (issue 17, part 3).

``seed_demo`` builds provrum in every state, meetings with programmes, live rooms with
answers and surveys with answers; ``taint`` then writes the payloads of
tests/security/xss_payloads.py over every free-text column the platform shows and every
free-text value in the plans', reports' and survey answers' JSON, as a person could have
typed them (writes go around the forms on purpose: what is tested is the output).
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

from tests.security.xss_payloads import rotating

DEMO_PASSWORD = "demo-losenord-for-webblasartest"

# Every free-text column of the platform's models that a page, feed or export shows.
# Codes, slugs, tokens, hashes, e-mail addresses and URLs are validated on the way in,
# not free text; search_text is derived.
TEXT_COLUMNS = {
    "accounts.User": ["name", "title"],
    "accounts.Affiliation": ["role_description", "message", "decision_comment"],
    "organisations.Organisation": ["name", "short_name"],
    "organisations.OrganisationName": ["name"],
    "provrum.Theme": ["name"],
    "provrum.Provrum": ["title", "summary", "question"],
    "provrum.Comment": ["body"],
    "provrum.Decision": ["comment"],
    "provrum.Event": ["note"],
    "provrum.Meeting": ["title", "place", "agenda", "notes"],
    "provrum.Document": ["name", "description"],
    "provrum.StatusUpdate": ["body"],
    "provrum.PlanComment": ["body"],
    "provrum.ReportComment": ["body"],
    "provrum.Dissemination": ["responsible", "note"],
    "provrum.SurveyResponse": ["format_change"],
    "meetings.Meeting": ["title", "address", "description", "notes", "decisions"],
    "meetings.ProgrammeItem": ["title", "description"],
    "meetings.Speaker": ["name", "organisation_name"],
    "meetings.HostQuestion": ["text"],
    "meetings.Network": ["name", "purpose"],
    "meetings.Registration": ["name", "organisation_name", "dietary_needs"],
    "meetings.Answer": ["text"],
    "meetings.SlideAttachment": ["name"],
    "live.Answer": ["text", "volunteer_name", "volunteer_organisation"],
    "live.Question": ["text"],
    "live.Option": ["text"],
    "live.BankQuestion": ["text"],
    "surveys.Survey": ["title", "introduction"],
    "surveys.Question": ["text"],
    "surveys.RespondentGroup": ["name"],
    "surveys.AnswerComment": ["body"],
    "api.ApiToken": ["name"],
}
# The free-text values inside the plans' and reports' JSON (plan/validation.py,
# report/validation.py); dates, amounts, choices and ids keep their shapes.
JSON_TEXT_KEYS = {
    "purpose",
    "expected_result",
    "main_question",
    "delimitations",
    "label",
    "description",
    "title",
    "place",
    "what",
    "who",
    "measured_by",
    "indicator",
    "source",
    "summary",
    "lessons",
    "recommendations",
    "evidence",
}
JSON_TEXT_LISTS = {"success_criteria"}
JSON_COLUMNS = {
    "provrum.ProjectPlan": "data",
    "provrum.PlanVersion": "data",
    "provrum.FinalReport": "data",
    "provrum.ReportVersion": "data",
}
TEXT_LIMIT = 20_000


class Counter:
    def __init__(self):
        self.offset = 0
        self.fields = 0

    def next(self, limit: int) -> str:
        self.offset += 1
        self.fields += 1
        return rotating(self.offset, limit)


def taint() -> int:
    """Write the payloads over every free-text value; returns how many values were written."""
    counter = Counter()
    for label, names in TEXT_COLUMNS.items():
        model = apps.get_model(label)
        limits = {name: model._meta.get_field(name).max_length or TEXT_LIMIT for name in names}
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(
                **{name: counter.next(limit) for name, limit in limits.items()}
            )
    for label, column in JSON_COLUMNS.items():
        model = apps.get_model(label)
        for pk, data in model.objects.values_list("pk", column):
            model.objects.filter(pk=pk).update(**{column: _tainted(data, counter)})
    _taint_survey_answers(counter)
    return counter.fields


def _tainted(value, counter: Counter, key: str | None = None):
    if isinstance(value, dict):
        return {name: _tainted(item, counter, name) for name, item in value.items()}
    if isinstance(value, list):
        if key in JSON_TEXT_LISTS:
            return [counter.next(500) for _ in value]
        return [_tainted(item, counter) for item in value]
    if isinstance(value, str) and key in JSON_TEXT_KEYS and value:
        return counter.next(5_000 if key in {"summary", "lessons", "recommendations"} else 500)
    return value


def _taint_survey_answers(counter: Counter) -> None:
    """The survey answers to free-text questions (``{"<question id>": text}``)."""
    from reglab.surveys.models import SurveyAnswer
    from reglab.surveys.models.survey import Question, QuestionKind

    text_questions = {
        str(pk)
        for pk in Question.objects.filter(kind=QuestionKind.TEXT).values_list("pk", flat=True)
    }
    for answer in SurveyAnswer.objects.all():
        data = {
            key: counter.next(2_000) if key in text_questions and isinstance(value, str) else value
            for key, value in answer.data.items()
        }
        SurveyAnswer.objects.filter(pk=answer.pk).update(data=data)


def build_world() -> int:
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())
    return taint()
