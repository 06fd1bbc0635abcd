from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "reglab.live"
    verbose_name = _("Live dialog")

    def ready(self):
        from reglab.live import access  # noqa: F401  (registers the rules)
        from reglab.live.services.room import room_for_new_meeting
        from reglab.meetings.signals import meeting_published

        # Every meeting gets its join code when it is made, so pages that show the
        # code (the host's page, GET …/join-code) only read it.
        meeting_published.connect(room_for_new_meeting, dispatch_uid="live-room-for-meeting")
