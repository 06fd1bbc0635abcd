from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "reglab.demo"
    verbose_name = "Demodata"
