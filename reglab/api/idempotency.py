"""``Idempotency-Key`` on the API's writes: a POST sent twice makes one record.

A client that sends ``Idempotency-Key: <up to 255 visible ASCII characters>`` with a
POST gets, for the same key from the same sender with the same request (method,
path, query and body), the answer of the first request again – status and body,
marked ``Idempotent-Replayed: true`` – and the operation runs once. The same key
with a different request is refused (422 ``idempotency_key_reused``). Keys expire
after 24 hours.

The sender is the person (API token or session) or, for a live participant, the
participant's token. A request without a sender (joining a live meeting) runs as it
is: there is nobody to keep the key for.

Only a successful answer (2xx) is kept: a refusal can be sent again with the same key
once its cause is put right. Two requests with the same key at the same moment are
made one by the database: the first inserts the key inside the transaction that runs
the operation, the second waits on the unique index and then replays the stored answer.
"""

import hashlib
import re
from datetime import timedelta
from functools import wraps
from inspect import iscoroutinefunction

from django.db import IntegrityError, transaction
from django.http import HttpResponse, RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.mfa import SecondFactorRequired
from reglab.api.models import IdempotencyKey
from reglab.api.services import api_token_actor

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
_VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")


def _owner(request) -> tuple[str, object] | None:
    """(``owner``, person or None) of the request, as the API authenticates it."""
    authorization = request.headers.get("Authorization", "")
    scheme, _space, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        try:
            person = api_token_actor(token.strip())
        except SecondFactorRequired:
            # No sender: the request runs as it is, and the API's own check refuses it
            # (403), rather than a stored answer being given without the second factor.
            return None
        if person is not None:
            return f"person:{person.pk}", person
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest(), None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"person:{user.pk}", user
    return None


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    try:
        digest.update(request.body)
    except RawPostDataException:
        # A multipart form read already: its fields and files' names and sizes.
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            digest.update(repr((name, [(f.name, f.size) for f in files])).encode())
    return digest.hexdigest()


def _refusal(api, request, code: str, detail: str, *, kind: str):
    """422 naming the header. ``kind``: the error's type, ``invalid`` for what the OpenAPI
    schema cannot say (a key used before), as for other refusals of meaning."""
    reason = {"code": code, "severity": "error", "message": detail}
    error = {"loc": ["header", HEADER], "msg": detail, "type": kind}
    return api.create_response(
        request,
        {"detail": detail, "code": code, "reasons": [reason], "errors": [error]},
        status=422,
    )


def _replay(found: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(found.body, status=found.status, content_type=found.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _reused(api, request):
    return _refusal(
        api,
        request,
        "idempotency_key_reused",
        _(
            "The idempotency key has already been used for another request. "
            "Use a new key for a new request."
        ),
        kind="invalid",
    )


def idempotent(api):
    """The view-mode decorator for ``api``: POSTs with the header run once per key."""

    def decorator(run):
        if iscoroutinefunction(run):
            return run

        @wraps(run)
        def once(request, *args, **kwargs):
            key = request.headers.get(HEADER)
            if request.method != "POST" or key is None:
                return run(request, *args, **kwargs)
            if not _VALID_KEY.fullmatch(key):
                return _refusal(
                    api,
                    request,
                    "idempotency_key_invalid",
                    _(
                        "The idempotency key must be 1 to 255 characters: letters, digits "
                        "and punctuation, without spaces."
                    ),
                    kind="idempotency_key_invalid",
                )
            sender = _owner(request)
            if sender is None:
                return run(request, *args, **kwargs)
            owner, person = sender
            fingerprint = _fingerprint(request)
            IdempotencyKey.objects.filter(
                owner=owner, key=key, created_at__lt=timezone.now() - LIFETIME
            ).delete()
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        record = IdempotencyKey.objects.create(
                            person=person, owner=owner, key=key, fingerprint=fingerprint
                        )
                except IntegrityError:
                    # Sent before, or at this moment by a request that has now committed.
                    found = IdempotencyKey.objects.filter(owner=owner, key=key).first()
                    if found is None or found.status is None:
                        return run(request, *args, **kwargs)
                    if found.fingerprint != fingerprint:
                        return _reused(api, request)
                    return _replay(found)
                response = run(request, *args, **kwargs)
                if 200 <= response.status_code < 300 and not response.streaming:
                    record.status = response.status_code
                    record.content_type = response.get("Content-Type", "")
                    record.body = response.content.decode(response.charset or "utf-8")
                    record.save(update_fields=["status", "content_type", "body"])
                else:
                    # A refusal is not kept: the same key may be sent again.
                    record.delete()
                return response

        return once

    return decorator


def expired_keys_delete() -> int:
    """Delete the keys older than 24 hours; the number deleted."""
    return IdempotencyKey.objects.filter(created_at__lt=timezone.now() - LIFETIME).delete()[0]
