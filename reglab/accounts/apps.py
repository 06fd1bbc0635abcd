from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "reglab.accounts"
    label = "accounts"
    verbose_name = _("People and sign-in")

    def ready(self):
        from reglab.accounts import (
            permissions,  # noqa: F401  (registers the rules)
            reauthentication,
            sessions,  # noqa: F401  (starts a session's clock at sign-in)
            signals,  # noqa: F401  (connects the receivers)
        )

        # Allauth asks us whether the person authenticated recently.
        reauthentication.install()
