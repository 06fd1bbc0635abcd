"""The admin's URL values: each model's first row, found from the admin's own registry."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from reglab.organisations.models import Organisation
from tests.security.authz_world import ABSENT


def _model_for(key: str, pattern: str):
    """The model whose admin serves the route (by URL name or by pattern)."""
    for model in admin.site._registry:
        meta = model._meta
        if key.startswith(f"admin:{meta.app_label}_{meta.model_name}_") or pattern.startswith(
            f"/admin/{meta.app_label}/{meta.model_name}/"
        ):
            return model
    return None


def admin_params(key: str, route) -> dict:
    pattern, names = route
    model = _model_for(key, pattern)
    organisation = Organisation.objects.order_by("pk").first()
    values = {
        "app_label": "organisations",
        "content_type_id": ContentType.objects.get_for_model(Organisation).pk,
        "object_id": organisation.pk,
        "id": organisation.pk,
        "url": "okand-sida/",
        "arg1": ABSENT,  # a history entry
    }
    if model is not None:
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        values["object_id"] = values["id"] = ABSENT if first is None else first
    values["arg0"] = values["object_id"]
    return {name: str(values[name]) for name in names}
