"""Writes on API tokens."""

from django.db import transaction
from django.utils import timezone

from reglab.accounts.models import User
from reglab.api.models import ApiToken, hash_token


@transaction.atomic
def api_token_create(*, person: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the record and the raw token, shown only once."""
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(
        person=person, name=name, key_hash=hash_token(raw), prefix=raw[:10]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke a token; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_authenticate(raw: str) -> User | None:
    """The active person a raw token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.active().select_related("person").filter(key_hash=hash_token(raw)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, so that reads do not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
