"""The surveys' events others subscribe to.

``reminder_sent(survey, people)``: the office reminded these people to answer.
"""

from django.dispatch import Signal

reminder_sent = Signal()
