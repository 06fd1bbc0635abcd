"""The Swedish (translatable) sentence for each reason code of the live dialog."""

from django.utils.translation import gettext_lazy as _

from reglab.live import rules

# Codes of the services (not the pure rules): the state of a question or a room.
QUESTION_CLOSED = "question_closed"
QUESTION_NOT_OPEN = "question_not_open"
WRONG_MEETING = "wrong_meeting"
UNKNOWN_CODE = "unknown_code"
NOT_ALLOWED = "not_allowed"
PARTICIPANT_UNKNOWN = "participant_unknown"
UNKNOWN_KIND = "unknown_kind"
ITEM_NOT_IN_MEETING = "item_not_in_meeting"
PROPOSALS_NOT_ALLOWED = "proposals_not_allowed"
JOIN_THROTTLED = "join_throttled"
NOT_A_DATE_POLL = "not_a_date_poll"
POLL_NOT_CLOSED = "poll_not_closed"
NO_WINNING_DATE = "no_winning_date"
DRAFT_NOT_POSSIBLE = "draft_not_possible"
BANK_QUESTION_UNKNOWN = "bank_question_unknown"

MESSAGES = {
    rules.ANSWER_MISSING: _("Give an answer of the kind the question asks for."),
    rules.CHOOSE_ONE: _("Choose exactly one option."),
    rules.CHOOSE_AT_LEAST_ONE: _("Choose at least one option."),
    rules.UNKNOWN_OPTION: _("The answer names an option that the question does not have."),
    rules.DUPLICATE_OPTION: _("The same option is chosen twice."),
    rules.TEXT_EMPTY: _("Write something before you send."),
    rules.TEXT_TOO_LONG: _("The text is too long: at most %(max)s characters.")
    % {"max": rules.TEXT_MAX_LENGTH},
    rules.NO_DOTS: _("Place at least one dot."),
    rules.TOO_MANY_DOTS: _("You have placed more dots than you have."),
    rules.DOTS_NOT_WHOLE: _("Dots are counted in whole numbers, zero or more."),
    rules.VALUE_OUT_OF_RANGE: _("Choose a value on the scale."),
    rules.DATE_REPLY_UNKNOWN: _("Answer yes, if need be or no for a date."),
    rules.DATES_EMPTY: _("Answer for at least one date."),
    rules.NAME_TOO_LONG: _("The name is too long: at most %(max)s characters.")
    % {"max": rules.NAME_MAX_LENGTH},
    rules.ORGANISATION_TOO_LONG: _("The organisation is too long: at most %(max)s characters.")
    % {"max": rules.ORGANISATION_MAX_LENGTH},
    rules.QUESTION_EMPTY: _("Write the question."),
    rules.QUESTION_TOO_LONG: _("The question is too long: at most %(max)s characters.")
    % {"max": rules.QUESTION_MAX_LENGTH},
    rules.TOO_FEW_OPTIONS: _("Give the options: at least two to choose between, one to vote on."),
    rules.TOO_MANY_OPTIONS: _("Too many options: at most %(max)s.") % {"max": rules.OPTIONS_MAX},
    rules.OPTION_EMPTY: _("An option is empty."),
    rules.OPTION_TOO_LONG: _("An option is too long: at most %(max)s characters.")
    % {"max": rules.OPTION_MAX_LENGTH},
    rules.DOTS_OUT_OF_RANGE: _("Give each participant from 1 to %(max)s dots.")
    % {"max": rules.DOTS_MAX},
    rules.SCALE_NOT_ALLOWED: _("A scale goes from 1 to 5 or from 1 to 10."),
    rules.DATE_INVALID: _("Write the dates as YYYY-MM-DD."),
    QUESTION_CLOSED: _("The question is closed; answers are no longer taken."),
    QUESTION_NOT_OPEN: _("The question is not open yet."),
    WRONG_MEETING: _("The question belongs to another meeting."),
    UNKNOWN_CODE: _("There is no meeting with that code. Check the code and try again."),
    NOT_ALLOWED: _("Only the meeting's hosts may do this."),
    PARTICIPANT_UNKNOWN: _("Join the meeting with its code first."),
    UNKNOWN_KIND: _("Unknown kind of question."),
    ITEM_NOT_IN_MEETING: _("The programme item belongs to another meeting."),
    PROPOSALS_NOT_ALLOWED: _("Suggestions can only be added to a list to prioritise."),
    NOT_A_DATE_POLL: _("Only a date poll can make the next meeting."),
    POLL_NOT_CLOSED: _("Close the date poll first; then its result is settled."),
    NO_WINNING_DATE: _("No date has won yet: nobody has answered yes or if need be."),
    DRAFT_NOT_POSSIBLE: _(
        "The draft could not be made from this meeting's facts. Create the next meeting by hand."
    ),
    BANK_QUESTION_UNKNOWN: _("There is no such question in your question bank."),
    JOIN_THROTTLED: _(
        "Too many wrong codes from your connection. Wait a few minutes and try again."
    ),
}


def message(code: str) -> str:
    return str(MESSAGES[code])


class Refused(Exception):
    """A live-dialog action refused: a stable code, its Swedish sentence and an HTTP status."""

    def __init__(self, code: str, *, status: int = 422, codes: list[str] | None = None):
        self.code = code
        self.codes = codes or [code]
        self.status = status
        super().__init__(message(code))

    @property
    def message(self) -> str:
        return "; ".join(message(code) for code in self.codes)
