from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "reglab.live"
    verbose_name = _("Live dialog")

    def ready(self):
        from reglab.live import access  # noqa: F401  (registers the rules)
