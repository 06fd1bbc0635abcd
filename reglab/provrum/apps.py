from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvrumConfig(AppConfig):
    name = "reglab.provrum"
    verbose_name = _("Provrum")

    def ready(self):
        from reglab.provrum import permissions  # noqa: F401  (registers the rules)
