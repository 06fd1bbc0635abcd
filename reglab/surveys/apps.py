from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "reglab.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # The start page's and the office inbox's survey rows (reglab.todo's registry).
        from reglab.surveys import todo  # noqa: F401
