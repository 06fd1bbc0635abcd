from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "reglab.evaluation"
    verbose_name = _("Evaluation of the format")

    def ready(self):
        from reglab.evaluation.caching import connect_signals

        connect_signals()
