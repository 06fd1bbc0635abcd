from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _organisation_saved(sender, instance, raw=False, **kwargs):
    """A changed membership or region status can make a provrum ready or not."""
    if raw:
        return
    from reglab.provrum.readiness import readiness_refresh_for_organisation

    readiness_refresh_for_organisation(instance)


class ProvrumConfig(AppConfig):
    name = "reglab.provrum"
    verbose_name = _("Provrum")

    def ready(self):
        from reglab.organisations.models import Organisation

        # Registers the permission rules and the provrum section of an organisation's page.
        from reglab.provrum import organisation_page, permissions  # noqa: F401

        post_save.connect(
            _organisation_saved, sender=Organisation, dispatch_uid="provrum_readiness_organisation"
        )
