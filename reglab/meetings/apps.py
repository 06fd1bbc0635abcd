from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_init, post_save
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "reglab.meetings"
    verbose_name = _("Networks and meetings")

    def ready(self):
        from reglab.core.calendar import personal_source_register
        from reglab.meetings import (
            access,  # noqa: F401  (registers the rules)
            receivers,
        )
        from reglab.meetings.ics import personal_events

        # The person's subscribed calendar shows the meetings they are registered for.
        personal_source_register(personal_events)

        # A reactivated person's waiting lists move up (reglab.meetings.receivers).
        person = get_user_model()
        post_init.connect(
            receivers.remember_active, sender=person, dispatch_uid="meetings_person_loaded"
        )
        post_save.connect(
            receivers.person_saved, sender=person, dispatch_uid="meetings_person_saved"
        )
