"""The API's personal-data operations: the person's export and the office's erasure."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from reglab.core.limits import limit_take
from reglab.privacy.erasure import (
    PSEUDONYM,
    AlreadyErased,
    already_erased_text,
    person_erase,
)
from reglab.privacy.export import export_json_chunks

router = Router(tags=["people"])


class EraseIn(Schema):
    confirm: bool


class ErrorOut(Schema):
    detail: str
    code: str


class EraseOut(Schema):
    id: int
    name: str
    removed: dict[str, int]
    found_before: int
    found_after: list[dict[str, str]]


@router.get(
    "/me/export",
    response={200: dict},
)
def me_export(request):
    """Everything stored about the signed-in person, as JSON. Only about yourself."""
    person = request.user
    # The whole file is built on request, as the other exports are: the same limit (429).
    limit_take(person, "export")
    response = StreamingHttpResponse(
        export_json_chunks(person), content_type="application/json; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="reglab-mina-uppgifter-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/people/{person_id}/erase",
    response={200: EraseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def people_erase(request, person_id: int, data: EraseIn):
    """Erase a person (office only): personal data removed, what they wrote kept without name.

    Send ``{"confirm": true}``. A person already erased: 409.
    """
    by = request.user
    if not by.has_perm("privacy.erase_person"):
        raise PermissionDenied(_("Only the office may erase a person."))
    if person_id == by.pk:
        raise PermissionDenied(_("You cannot erase yourself. Ask a colleague at the office."))
    person = get_user_model().objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    if person.is_superuser and not by.is_superuser:
        raise PermissionDenied(_("Only an administrator may erase an administrator."))
    if not data.confirm:
        return Status(
            422,
            {
                "detail": _("Confirm the erasure: send confirm set to true."),
                "code": "confirmation_required",
            },
        )
    try:
        summary = person_erase(person_id=person_id, by=by)
    except AlreadyErased:
        return Status(409, {"detail": already_erased_text(), "code": "already_erased"})
    return Status(200, {"id": person_id, "name": PSEUDONYM, **summary})
