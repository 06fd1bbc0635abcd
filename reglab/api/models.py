import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    """SHA-256 of a token. Tokens are long random strings, so no salt or slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Not revoked, not expired, and the person's account is active."""
        return self.filter(revoked_at__isnull=True, person__is_active=True).exclude(
            expires_at__lte=timezone.now()
        )


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token is shown once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("beginning of the token"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the token does not expire.")
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.person})"

    @staticmethod
    def generate_raw() -> str:
        return settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
