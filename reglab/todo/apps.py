from django.apps import AppConfig


class TodoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reglab.todo"
    verbose_name = "Att göra"

    def ready(self):
        # The platform's own sources register themselves on import.
        from reglab.todo import office, sources  # noqa: F401
