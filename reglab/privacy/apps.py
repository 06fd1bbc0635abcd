from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reglab.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from reglab.privacy import permissions  # noqa: F401  (registers the rules)
