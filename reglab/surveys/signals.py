"""The surveys' events others subscribe to.

``reminder_sent(survey, people)``: the office reminded these people to answer.
``screen_changed(meeting_id)``: what a meeting's big screen shows of a survey changed (shown,
hidden, detached); the live dialog tells the screens to fetch again. Sent inside the
transaction; the live dialog's receiver sends to the screens after the commit.
"""

from django.dispatch import Signal

reminder_sent = Signal()
screen_changed = Signal()
