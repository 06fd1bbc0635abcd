"""Writes (and the two reads the token page needs) on personal API tokens."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from reglab.accounts.mfa import SecondFactorRequired, second_factor_missing
from reglab.accounts.models import User
from reglab.api.models import ApiToken, hash_token


@transaction.atomic
def api_token_create(
    *, person: User, name: str = "", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the record and the raw token, shown only once.

    With ``expires_at`` the token is refused (401) from that moment on.
    """
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(
        person=person, name=name, key_hash=hash_token(raw), prefix=raw[:10], expires_at=expires_at
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke a token; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_list_for(*, person: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(person=person).order_by("-created_at", "-pk")


def api_token_get_for(*, person: User, pk: int) -> ApiToken:
    """One of the person's own tokens; Http404 for someone else's and a missing one alike."""
    token = ApiToken.objects.filter(person=person, pk=pk).first()
    if token is None:
        raise Http404
    return token


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


def api_token_actor(raw: str) -> User | None:
    """The person who may act with a raw token, or None.

    The office's token acts as the office: an account that must use a second factor
    and has not set it up is refused (``SecondFactorRequired``, answered 403).
    """
    person = api_token_authenticate(raw)
    if person is not None and second_factor_missing(person):
        raise SecondFactorRequired
    return person
