from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "reglab.meetings"
    verbose_name = _("Networks and meetings")

    def ready(self):
        from reglab.meetings import access  # noqa: F401  (registers the rules)
