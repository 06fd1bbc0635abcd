from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "reglab.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The meetings and provrum apps know nothing of notifications: they send
        # signals, heard here.
        from reglab.meetings import signals
        from reglab.notifications import meetings, services, surveys
        from reglab.provrum import signals as provrum_signals
        from reglab.surveys import signals as survey_signals

        provrum_signals.event_recorded.connect(
            services.event_recorded_received, dispatch_uid="notifications_provrum_event"
        )
        signals.registration_promoted.connect(
            meetings.registration_promoted_received, dispatch_uid="notifications_meeting_place"
        )
        signals.meeting_published.connect(
            meetings.meeting_published_received, dispatch_uid="notifications_meeting_published"
        )
        survey_signals.reminder_sent.connect(
            surveys.reminder_sent_received, dispatch_uid="notifications_survey_reminder"
        )
        signals.meeting_changed.connect(
            meetings.meeting_changed_received, dispatch_uid="notifications_meeting_changed"
        )
