"""The meetings API: /api/v1/networks… and /api/v1/meetings… in the common OpenAPI schema.

Reading networks and meetings needs no sign-in: a visitor sees what the public
pages show, a signed-in person (session or API token) also the members-only
meetings the pages show them. Registering and cancelling act for the person
signed in; the participant list is for the meeting's hosts. Refusals come in
Swedish with a stable code: 403 ``not_allowed``, 404, 409 with the rule's code
(``registration_closed``, ``already_registered`` …), 422 for bad input.
"""

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.security import HttpBearer, django_auth

from reglab.core.api_tokens import token_actor
from reglab.core.api_types import IsoDate
from reglab.meetings import selectors
from reglab.meetings.access import can_host_meeting, may_see_digital_link
from reglab.meetings.models import MeetingKind
from reglab.meetings.services import registration as registration_services

router = Router(tags=["meetings"])


def viewer(request):
    """Optional sign-in for reads: a valid API token, else the session, else a visitor.

    A token that is sent but not valid is refused (401) rather than read as a visitor.
    """
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        person = token_actor(header[7:].strip())
        if person is None:
            return None
        request.user = person
        return person
    return request.user if request.user.is_authenticated else "visitor"


class BearerToken(HttpBearer):
    """The API's token check (as reglab.api.api's, which imports this module)."""

    def authenticate(self, request, token):
        person = token_actor(token)
        if person is not None:
            request.user = person
        return person


SIGNED_IN = [BearerToken(), django_auth]


class NotFoundOut(Schema):
    detail: str


class CodedRefusalOut(Schema):
    detail: str
    code: str


class OrganisationRefOut(Schema):
    slug: str
    name: str


class NetworkItemOut(Schema):
    slug: str
    name: str
    purpose: str


class MeetingItemOut(Schema):
    id: int
    title: str
    kind: str = Field(description=gettext_lazy("One of: %s.") % ", ".join(MeetingKind.values))
    network: str | None = Field(description=gettext_lazy("The network's slug, if any."))
    date: dt.date
    end_date: dt.date | None
    start_time: dt.time
    end_time: dt.time
    address: str
    visibility: str
    capacity: int | None
    registered: int
    waitlisted: int
    themes: list[str] = Field(default_factory=list)
    url: str


class NetworkOut(NetworkItemOut):
    organisations: list[OrganisationRefOut]
    meetings: list[MeetingItemOut] = Field(
        description=gettext_lazy("Its meetings, newest first (the look back).")
    )


class SpeakerOut(Schema):
    name: str
    organisation: str
    organisation_slug: str | None


class ProgrammeItemOut(Schema):
    day: dt.date
    start_time: dt.time
    title: str
    kind: str
    speakers: list[SpeakerOut]


class NetworkMeetingOut(MeetingItemOut):
    description: str
    digital_link: str
    registration_opens: dt.datetime | None
    registration_closes: dt.datetime | None
    notes: str
    decisions: str
    programme: list[ProgrammeItemOut]


class RegistrationIn(Schema):
    dietary_needs: str = ""
    answers: dict[int, str] = Field(
        default_factory=dict,
        # The keys are the questions' ids (JSON keys are text).
        json_schema_extra={"propertyNames": {"pattern": "^-?[0-9]{1,18}$"}},
    )


class PlaceOut(Schema):
    status: str = Field(description=gettext_lazy('"registered" or "waitlisted".'))
    position: int = Field(
        description=gettext_lazy("The seat number, or the place in the waiting list (1 is next).")
    )


class RegistrationOut(Schema):
    id: int
    name: str
    email: str
    organisation: str
    status: str
    guest: bool
    confirmed: bool
    dietary_needs: str
    created_at: dt.datetime


def meeting_row(meeting, *, themes=()) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "kind": meeting.kind,
        "network": meeting.network.slug if meeting.network_id else None,
        "date": meeting.date,
        "end_date": meeting.end_date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "address": meeting.address,
        "visibility": meeting.visibility,
        "capacity": meeting.capacity,
        "registered": getattr(meeting, "registered_count", 0),
        "waitlisted": getattr(meeting, "waitlisted_count", 0),
        "themes": [item.title for item in themes],
        "url": meeting.get_absolute_url(),
    }


@router.get("/networks", response=list[NetworkItemOut], auth=viewer, tags=["networks"])
def list_networks(request):
    """Reglab's networks, by name."""
    return selectors.network_list()


@router.get(
    "/networks/{slug}",
    response={200: NetworkOut, 404: NotFoundOut},
    auth=viewer,
    tags=["networks"],
)
def get_network(request, slug: str):
    """A network with its organisations and its meetings, newest first."""
    network = selectors.network_get(slug=slug)
    upcoming = selectors.network_meetings(network=network, user=request.user, upcoming=True)
    earlier = selectors.network_meetings(network=network, user=request.user, upcoming=False)
    meetings = [meeting_row(m) for m in reversed(list(upcoming))] + [
        meeting_row(m, themes=m.themes) for m in earlier
    ]
    return {
        "slug": network.slug,
        "name": network.name,
        "purpose": network.purpose,
        "organisations": [{"slug": o.slug, "name": o.name} for o in network.organisations.all()],
        "meetings": meetings,
    }


class MeetingFilters(Schema):
    network: str = Field("", description=gettext_lazy("A network's slug."))
    kind: str = ""
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")


@router.get("/meetings", response={200: list[MeetingItemOut], 422: NotFoundOut}, auth=viewer)
def list_meetings(request, filters: Query[MeetingFilters]):
    """Meetings by date. Filters: ``network`` (slug), ``kind``, ``from`` and ``to`` (dates)."""
    network, kind = filters.network, filters.kind
    date_from, date_to = filters.date_from, filters.date_to
    if kind and kind not in MeetingKind.values:
        detail = _("Unknown kind of meeting: %(kind)s.") % {"kind": kind}
        return Status(422, {"detail": detail})
    meetings = selectors.meeting_list(
        user=request.user, network=network, kind=kind, date_from=date_from, date_to=date_to
    )
    return [meeting_row(m) for m in meetings]


def programme_rows(meeting) -> list[dict]:
    return [
        {
            "day": item.day or meeting.date,
            "start_time": item.start_time,
            "title": item.title,
            "kind": item.kind,
            "speakers": [
                {
                    "name": speaker.name,
                    "organisation": speaker.organisation_text,
                    "organisation_slug": speaker.organisation.slug
                    if speaker.organisation_id
                    else None,
                }
                for speaker in item.speakers.all()
            ],
        }
        for item in meeting.programme
    ]


@router.get("/meetings/{id}", response={200: NetworkMeetingOut, 404: NotFoundOut}, auth=viewer)
def get_meeting(request, id: int):
    """A meeting with its programme: start time, title, kind, speakers and organisations."""
    meeting = selectors.meeting_get_for(user=request.user, pk=id)
    registered = selectors.registration_for(meeting=meeting, user=request.user)
    may_see_link = may_see_digital_link(request.user, meeting, registered)
    return {
        **meeting_row(meeting),
        "description": meeting.description,
        "digital_link": meeting.digital_link if may_see_link else "",
        "registration_opens": meeting.registration_opens,
        "registration_closes": meeting.registration_closes,
        "notes": meeting.notes,
        "decisions": meeting.decisions,
        "programme": programme_rows(meeting),
    }


def refusal(error: ValidationError) -> dict:
    return {"detail": error.messages[0], "code": getattr(error, "code", None) or "invalid"}


def body_is_not_an_object(request) -> bool:
    """True when a JSON body was sent that is not an object (a list, a string, a number,
    null): ninja would read it as no fields at all and go on with the defaults."""
    if not request.body.strip():
        return False
    try:
        return not isinstance(json.loads(request.body), dict)
    except ValueError:
        # Not JSON at all: ninja's own parsing refuses it.
        return False


@router.post(
    "/meetings/{id}/registrations",
    response={
        201: PlaceOut,
        400: CodedRefusalOut,
        403: CodedRefusalOut,
        404: NotFoundOut,
        409: CodedRefusalOut,
        422: CodedRefusalOut,
    },
    auth=SIGNED_IN,
)
def register(request, id: int, payload: RegistrationIn | None = None):
    """Register the signed-in person: a seat while there is one, else the waiting list."""
    if body_is_not_an_object(request):
        detail = _('The body must be a JSON object, such as {} or {"dietary_needs": ""}.')
        return Status(400, {"detail": detail, "code": "body_not_object"})
    meeting = selectors.meeting_get_for(user=request.user, pk=id)
    payload = payload or RegistrationIn()
    try:
        registration = registration_services.registration_register(
            meeting=meeting,
            person=request.user,
            dietary_needs=payload.dietary_needs,
            answers=payload.answers,
        )
    except registration_services.RegistrationRefused as refused:
        return Status(409, {"detail": refused.messages[0], "code": refused.reason})
    except ValidationError as invalid:
        return Status(422, refusal(invalid))
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied), "code": "not_allowed"})
    place = registration_services.registration_place(registration)
    return Status(201, {"status": place.status, "position": place.position})


@router.delete(
    "/meetings/{id}/registrations/me",
    response={204: None, 404: NotFoundOut},
    auth=SIGNED_IN,
)
def cancel(request, id: int):
    """Cancel the signed-in person's registration; the waiting list moves up."""
    meeting = selectors.meeting_get_for(user=request.user, pk=id)
    own = selectors.registration_for(meeting=meeting, user=request.user)
    if own is None:
        return Status(404, {"detail": _("You are not registered for this meeting.")})
    registration_services.registration_cancel(registration=own, by=request.user)
    return Status(204, None)


@router.get(
    "/meetings/{id}/registrations",
    response={200: list[RegistrationOut], 403: CodedRefusalOut, 404: NotFoundOut},
    auth=SIGNED_IN,
)
def list_registrations(request, id: int):
    """The meeting's registrations, seats first, then the waiting list (hosts only)."""
    meeting = selectors.meeting_get_for(user=request.user, pk=id)
    if not can_host_meeting(request.user, meeting):
        return Status(
            403, {"detail": _("Only the meeting's hosts may do this."), "code": "not_allowed"}
        )
    rows = [
        {
            "id": r.pk,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name,
            "status": r.status,
            "guest": r.is_guest,
            "confirmed": r.is_confirmed,
            "dietary_needs": r.dietary_needs,
            "created_at": r.created_at,
        }
        for r in selectors.registration_list(meeting=meeting)
    ]
    return Status(200, rows)
