from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "reglab.live"
    verbose_name = _("Live dialog")

    def ready(self):
        from reglab.live import access  # noqa: F401  (registers the rules)
        from reglab.live.services.room import room_for_new_meeting
        from reglab.meetings.signals import meeting_published
        from reglab.surveys.signals import screen_changed as survey_screen_changed

        # Every meeting gets its join code when it is made, so pages that show the
        # code (the host's page, GET …/join-code) only read it.
        meeting_published.connect(room_for_new_meeting, dispatch_uid="live-room-for-meeting")
        # A survey shown on (or taken off) the big screen: the screens fetch again. Surveys
        # send the signal and do not import the live dialog.
        survey_screen_changed.connect(_refresh_screens, dispatch_uid="live-survey-on-screen")


def _refresh_screens(sender, meeting_id, **kwargs):
    from reglab.live.events import screen_refresh

    screen_refresh(meeting_id)
