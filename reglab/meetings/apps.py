from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "reglab.meetings"
    verbose_name = _("Networks and meetings")

    def ready(self):
        from reglab.core.calendar import personal_source_register
        from reglab.meetings import access  # noqa: F401  (registers the rules)
        from reglab.meetings.ics import personal_events

        # The person's subscribed calendar shows the meetings they are registered for.
        personal_source_register(personal_events)
