from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "reglab.core"
    label = "core"

    def ready(self):
        from reglab.core import checks  # noqa: F401 – registers the deploy checks
        from reglab.core.converters import IdConverter

        register_converter(IdConverter, "id")
