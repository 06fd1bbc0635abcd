"""The models of the live dialog, re-exported so ``reglab.live.models.X`` works."""

from reglab.live.models.answer import Answer, Participant
from reglab.live.models.bank import BankQuestion
from reglab.live.models.question import Option, Question, QuestionKind, QuestionStatus, Room

__all__ = [
    "Answer",
    "BankQuestion",
    "Option",
    "Participant",
    "Question",
    "QuestionKind",
    "QuestionStatus",
    "Room",
]
