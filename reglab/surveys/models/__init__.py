"""The surveys' models; every model is re-exported here."""

from reglab.surveys.models.answer import AnswerComment, AnswerVersion, SurveyAnswer
from reglab.surveys.models.meeting import ItemSurvey
from reglab.surveys.models.survey import (
    Audience,
    Question,
    QuestionKind,
    RespondentGroup,
    Survey,
)

__all__ = [
    "AnswerComment",
    "AnswerVersion",
    "Audience",
    "ItemSurvey",
    "Question",
    "QuestionKind",
    "RespondentGroup",
    "Survey",
    "SurveyAnswer",
]
