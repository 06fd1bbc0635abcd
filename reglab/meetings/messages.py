"""The Swedish (translatable) sentence for each reason code of ``rules``."""

from django.utils.translation import gettext_lazy as _

from reglab.meetings import rules

MESSAGES = {
    rules.MEETING_ENDS_BEFORE_START: _("The meeting ends before it starts."),
    rules.MEETING_LAST_DAY_BEFORE_FIRST: _("The last day comes before the first day."),
    rules.MEETING_NO_PLACE: _("Give an address, a digital link or both."),
    rules.REGISTRATION_CLOSES_BEFORE_OPENS: _("Registration closes before it opens."),
    rules.ITEM_OUTSIDE_MEETING: _("The programme item is outside the meeting's time."),
    rules.REGISTRATION_NOT_OPEN: _("Registration has not opened yet."),
    rules.REGISTRATION_CLOSED: _("Registration has closed."),
    rules.MEETING_OVER: _("The meeting has already started; registration is closed."),
    rules.ALREADY_REGISTERED: _("You are already registered for this meeting."),
}


def message(code: str) -> str:
    return str(MESSAGES[code])
