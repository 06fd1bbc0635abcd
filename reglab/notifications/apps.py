from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "reglab.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The meetings app knows nothing of notifications: it sends signals, heard here.
        from reglab.meetings.signals import registration_promoted
        from reglab.notifications.meetings import registration_promoted_received

        registration_promoted.connect(
            registration_promoted_received, dispatch_uid="notifications_meeting_place"
        )
