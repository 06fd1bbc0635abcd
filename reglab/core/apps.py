from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "reglab.core"
    label = "core"

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from reglab.core import checks  # noqa: F401 – registers the deploy checks
        from reglab.core.blocks import (
            migrations_begin,
            migrations_done,
            settings_changed,
            watch_writes,
        )
        from reglab.core.converters import IdConverter

        register_converter(IdConverter, "id")
        from reglab.core import security_log

        security_log.connect()
        # Every write moves the data version that saved pages are checked against.
        connection_created.connect(watch_writes, dispatch_uid="reglab.core.watch_writes")
        pre_migrate.connect(migrations_begin, dispatch_uid="reglab.core.migrations_begin")
        post_migrate.connect(migrations_done, dispatch_uid="reglab.core.migrations_done")
        setting_changed.connect(settings_changed, dispatch_uid="reglab.core.settings_changed")
