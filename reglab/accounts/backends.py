import logging

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from rules.permissions import ObjectPermissionBackend

logger = logging.getLogger(__name__)

# Apps whose records the office manages in Django's admin.
OFFICE_ADMIN_APPS = {"accounts", "organisations", "api", "account", "socialaccount", "axes"}


class OfficeAdminBackend(BaseBackend):
    """Gives the office (kansli) the admin permissions for the platform's own apps.

    Superusers already have every permission; this lets office staff manage
    organisations and people without being superusers.
    """

    def _is_office(self, user_obj):
        return bool(
            user_obj.is_active and getattr(user_obj, "is_office", False) and user_obj.is_staff
        )

    def has_perm(self, user_obj, perm, obj=None):
        if not self._is_office(user_obj):
            return False
        app_label, _, codename = perm.partition(".")
        return app_label in OFFICE_ADMIN_APPS and codename.split("_")[0] in {
            "add",
            "change",
            "delete",
            "view",
        }

    def has_module_perms(self, user_obj, app_label):
        return self._is_office(user_obj) and app_label in OFFICE_ADMIN_APPS


class FailClosedRulesBackend(ObjectPermissionBackend):
    """django-rules' backend, closed on failure: a predicate that raises denies.

    django-rules lets a predicate's exception through ``user.has_perm``, which would
    answer 500 for a page and leave whether later backends grant the permission to
    chance. Here the error is logged and the permission refused with
    ``PermissionDenied``, which Django reads as "no" from every backend.
    """

    def has_perm(self, user, perm, *args, **kwargs):
        try:
            return super().has_perm(user, perm, *args, **kwargs)
        except PermissionDenied:
            raise
        except Exception:
            logger.exception("Permission check %s failed; denied", perm)
            raise PermissionDenied from None
