"""The proposal's REST API: /api/v1/provrum – list, propose, read, edit, publish,
withdraw; the discussion; interest and the leader; the office's decision.

Each endpoint parses its input, calls the same selector or service as the HTML
views, and shapes the answer. Refusals are not handled here: the services raise
``PermissionDenied`` (403), ``RuleViolation`` (409), ``ValidationError`` (422)
and the selectors ``Http404``; ``reglab.api.api`` turns them into JSON with
``{detail, reasons}`` or ``{detail, errors, fields}``. The operation ids keep the
module these endpoints were first written in (``reglab.api.openapi``).

Organisations are named by their slug everywhere.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from reglab.core.api_pages import page_answer
from reglab.core.limits import limit_take
from reglab.organisations.models import Membership, Organisation
from reglab.provrum.models import Comment, IntendedUse, Kind, State
from reglab.provrum.proposal import decisions, services
from reglab.provrum.selectors import (
    comment_list,
    format_rules_get,
    provrum_display_state,
    provrum_get_for,
    provrum_is_ready,
    provrum_list,
    provrum_readiness_payload,
)
from reglab.provrum.web import (
    LIMITED,
    REFUSALS,
    DecisionIn,
    NotFoundOut,
    ReasonOut,
    is_stale,
    stale_answer,
    with_stale,
)

router = Router(tags=["provrum"])

MAX_PAGE_SIZE = 200
MAX_THEMES = 20


# Answers ---------------------------------------------------------------------


class ReadinessOut(Schema):
    ready: bool
    reasons: list[ReasonOut]


class ParticipantOut(Schema):
    organisation: str = Field(description=gettext_lazy("The organisation's slug."))
    name: str
    is_region: bool
    is_member: bool
    wants_to_lead: bool


# A provrum as a card on the board.
class ProvrumItemOut(Schema):
    id: int
    title: str
    kind: str
    intended_use: str
    themes: list[str]
    state: str = Field(description=gettext_lazy("The stored state."))
    display_state: str = Field(
        description=gettext_lazy('The state as shown: "ready" when computed so.')
    )
    proposer: str
    leader: str | None
    participant_count: int
    region_count: int
    comment_count: int
    published_at: datetime | None
    go_ahead_at: datetime | None


class ProvrumPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProvrumItemOut]


class ProvrumOut(Schema):
    id: int
    title: str
    summary: str
    question: str
    kind: str
    intended_use: str
    themes: list[str]
    state: str = Field(description=gettext_lazy("The stored state."))
    display_state: str = Field(
        description=gettext_lazy('The state as shown: "ready" when computed so.')
    )
    proposer: str
    leader: str | None
    participants: list[ParticipantOut]
    readiness: ReadinessOut
    version: int = Field(description=gettext_lazy("Send it back with an edit (PATCH)."))
    published_at: datetime | None
    go_ahead_at: datetime | None
    comment_count: int


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    body: str = Field(description=gettext_lazy("Empty when the office has removed the comment."))
    created_at: datetime
    edited_at: datetime | None
    removed: bool
    replies: list["CommentOut"] = []


CommentOut.model_rebuild()


# Input -------------------------------------------------------------------------

STATE_FILTER = Literal[tuple([*State.values, "ready"])]
KIND_DOC = {"enum": Kind.values}
USE_DOC = {"enum": IntendedUse.values}


class ProvrumFilters(Schema):
    state: STATE_FILTER | None = None
    theme: str = Field("", description=gettext_lazy("A theme's slug."))
    year: int | None = Field(None, ge=1900, le=9999)
    organisation: str = Field("", description=gettext_lazy("Proposed by, or taking part: a slug."))
    q: str = Field(
        "", max_length=200, description=gettext_lazy("Full-text search (Swedish word forms).")
    )
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    # Beyond a million rows an offset means nothing, and a huge one overflowed SQLite.
    offset: int = Field(0, ge=0, le=1_000_000)


class ProvrumIn(Schema):
    organisation: str = Field(description=gettext_lazy("The proposing member organisation's slug."))
    title: str
    summary: str
    question: str
    # Kind and use are checked by the service, which answers in the user's language.
    kind: str = Field(json_schema_extra=KIND_DOC)
    intended_use: str = Field(json_schema_extra=USE_DOC)
    themes: list[str] = Field(default_factory=list, max_length=MAX_THEMES)
    wants_to_lead: bool = False


class ProvrumPatch(Schema):
    version: int = Field(description=gettext_lazy("The version the edit starts from."))
    title: str | None = None
    summary: str | None = None
    question: str | None = None
    kind: str | None = Field(None, json_schema_extra=KIND_DOC)
    intended_use: str | None = Field(None, json_schema_extra=USE_DOC)
    themes: list[str] | None = Field(None, max_length=MAX_THEMES)


class CommentIn(Schema):
    body: str
    parent: int | None = Field(None, description=gettext_lazy("The comment this one replies to."))


class InterestIn(Schema):
    organisation: str
    wants_to_lead: bool = False


class OrganisationIn(Schema):
    organisation: str


class GoAheadIn(Schema):
    comment: str = ""
    acknowledge_warnings: bool = False


# Shaping and parsing -----------------------------------------------------------


def _participant(interest) -> dict:
    organisation = interest.organisation
    return {
        "organisation": organisation.slug,
        "name": organisation.name,
        "is_region": organisation.is_region,
        "is_member": organisation.membership == Membership.MEMBER,
        "wants_to_lead": interest.wants_to_lead,
    }


def _basics(provrum, limits) -> dict:
    """What a board card and the provrum itself both show (the schemas give the order)."""
    return {
        "id": provrum.pk,
        "title": provrum.title,
        "kind": provrum.kind,
        "intended_use": provrum.intended_use,
        "themes": [theme.name for theme in provrum.themes.all()],
        "state": provrum.state,
        "display_state": provrum_display_state(provrum, limits),
        "proposer": provrum.proposer_organisation.slug,
        "leader": provrum.leader.slug if provrum.leader else None,
        "comment_count": provrum.comment_count,
        "published_at": provrum.published_at,
        "go_ahead_at": provrum.go_ahead_at,
    }


def _item(provrum, limits) -> dict:
    """A board card; reads only what ``provrum_list`` prefetched."""
    interests = provrum.interests.all()
    return {
        **_basics(provrum, limits),
        "participant_count": len(interests),
        "region_count": sum(1 for interest in interests if interest.organisation.is_region),
    }


def _detail(provrum) -> dict:
    limits = format_rules_get().to_limits()
    return {
        **_basics(provrum, limits),
        "summary": provrum.summary,
        "question": provrum.question,
        "participants": [_participant(interest) for interest in provrum.interests.all()],
        "readiness": provrum_readiness_payload(provrum, limits),
        "version": provrum.version,
    }


def _comment(comment, *, replies=()) -> dict:
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": comment.author.name or str(comment.author),
        "body": "" if comment.is_removed else comment.body,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "removed": comment.is_removed,
        "replies": [_comment(reply) for reply in replies],
    }


def _thread(comment) -> dict:
    """A thread's first comment with its replies; ``comment_list`` flattens the
    replies, so this never goes deeper than two levels, whatever is stored."""
    return _comment(comment, replies=comment.children)


def _organisation(slug: str, *, field: str = "organisation") -> Organisation:
    """The organisation a body field names; an unknown slug is a 422."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError(
            {field: _("There is no organisation with the slug “%(slug)s”.") % {"slug": slug}}
        )
    return organisation


def _fresh(request, provrum_id: int) -> dict:
    """The provrum as it is after a write, read the way GET reads it."""
    return _detail(provrum_get_for(user=request.user, pk=provrum_id))


def _act(request, provrum_id: int, service, **values) -> dict:
    """``service`` on a provrum the person may see (else 404), by the person, with
    ``values``; then the provrum as GET reads it."""
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    service(provrum=provrum, by=request.user, **values)
    return _fresh(request, provrum_id)


# Endpoints ---------------------------------------------------------------------


@router.get(
    "/provrum",
    response=ProvrumPageOut,
    summary=gettext_lazy("List provrum"),
    description=gettext_lazy(
        "The provrum the person may see, newest first. The state filter also takes "
        "“ready”, which is computed from the format rules."
    ),
)
def list_provrum(request, filters: Query[ProvrumFilters]):
    if filters.organisation:
        _organisation(filters.organisation)
    queryset = provrum_list(
        user=request.user,
        state=filters.state or "",
        theme=filters.theme,
        year=filters.year,
        organisation=filters.organisation,
        query=filters.q,
    ).order_by("-published_at", "-created_at", "-pk")
    limits = format_rules_get().to_limits()
    rows = queryset
    if filters.state == "ready":
        rows = [provrum for provrum in queryset if provrum_is_ready(provrum, limits)]
    return page_answer(
        rows,
        limit=filters.limit,
        offset=filters.offset,
        shape=lambda provrum: _item(provrum, limits),
    )


@router.post(
    "/provrum",
    response={201: ProvrumOut, **REFUSALS, **LIMITED},
    summary=gettext_lazy("Propose a provrum (draft)"),
    description=gettext_lazy(
        "Creates a draft on behalf of a member organisation the person represents. "
        "Partners cannot propose (409 partner_cannot_propose)."
    ),
)
def create_provrum(request, payload: ProvrumIn):
    limit_take(request.user, "proposal")
    provrum = services.provrum_create(
        by=request.user,
        organisation=_organisation(payload.organisation),
        title=payload.title,
        summary=payload.summary,
        question=payload.question,
        kind=payload.kind,
        intended_use=payload.intended_use,
        themes=payload.themes,
        wants_to_lead=payload.wants_to_lead,
    )
    return Status(201, _fresh(request, provrum.pk))


@router.get(
    "/provrum/{provrum_id}",
    response={200: ProvrumOut, 404: NotFoundOut},
    summary=gettext_lazy("One provrum"),
    description=gettext_lazy(
        "With its participants and readiness. Missing and not visible give the same 404."
    ),
)
def get_provrum(request, provrum_id: int):
    return _fresh(request, provrum_id)


@router.patch(
    "/provrum/{provrum_id}",
    response=with_stale({200: ProvrumOut}),
    summary=gettext_lazy("Edit a provrum"),
    description=gettext_lazy(
        "Send the version you started from; if someone saved in between, the answer "
        "is 409 stale_version with the current version."
    ),
)
def update_provrum(request, provrum_id: int, payload: ProvrumPatch):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    try:
        services.provrum_update(provrum=provrum, by=request.user, version=version, **values)
    except ValidationError as error:
        if not is_stale(error):
            raise
        current = provrum_get_for(user=request.user, pk=provrum_id)
        return stale_answer(error, version=current.version)
    return _fresh(request, provrum_id)


@router.delete(
    "/provrum/{provrum_id}",
    response={204: None, **REFUSALS},
    summary=gettext_lazy("Delete a draft"),
    description=gettext_lazy(
        "The proposing organisation deletes its draft, with everything attached to it. "
        "A published proposal is withdrawn instead (409 not_a_draft)."
    ),
)
def delete_provrum(request, provrum_id: int):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    services.provrum_delete_draft(provrum=provrum, by=request.user)
    return Status(204, None)


@router.post(
    "/provrum/{provrum_id}/publish",
    response={200: ProvrumOut, **REFUSALS, **LIMITED},
    summary=gettext_lazy("Publish a draft"),
)
def publish_provrum(request, provrum_id: int):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    limit_take(request.user, "publish")
    services.provrum_publish(provrum=provrum, by=request.user)
    return _fresh(request, provrum_id)


@router.post(
    "/provrum/{provrum_id}/withdraw",
    response={200: ProvrumOut, **REFUSALS},
    summary=gettext_lazy("Withdraw a provrum"),
)
def withdraw_provrum(request, provrum_id: int, payload: DecisionIn = None):
    comment = payload.comment if payload else ""
    return _act(request, provrum_id, services.provrum_withdraw, comment=comment)


@router.get(
    "/provrum/{provrum_id}/comments",
    response={200: list[CommentOut], 404: NotFoundOut},
    summary=gettext_lazy("The discussion"),
    description=gettext_lazy(
        "Top-level comments, oldest first, each with its replies (a reply to a reply "
        "is stored as a reply to the thread's first comment)."
    ),
)
def list_comments(request, provrum_id: int):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    return [_thread(comment) for comment in comment_list(provrum)]


@router.post(
    "/provrum/{provrum_id}/comments",
    response={201: CommentOut, **REFUSALS, **LIMITED},
    summary=gettext_lazy("Comment"),
)
def add_comment(request, provrum_id: int, payload: CommentIn):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent).first()
        if parent is None:
            raise ValidationError({"parent": _("The comment you reply to does not exist.")})
    limit_take(request.user, "comment")
    comment = services.comment_add(
        provrum=provrum, by=request.user, body=payload.body, parent=parent
    )
    return Status(201, _comment(comment))


@router.post(
    "/provrum/{provrum_id}/interests",
    response={200: ParticipantOut, 201: ParticipantOut, **REFUSALS, **LIMITED},
    summary=gettext_lazy("Register interest"),
    description=gettext_lazy(
        "For an organisation the person represents: 201 when new, 200 when it changes "
        "whether the organisation wants to lead."
    ),
)
def register_interest(request, provrum_id: int, payload: InterestIn):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    organisation = _organisation(payload.organisation)
    limit_take(request.user, "interest")
    existed = any(i.organisation_id == organisation.pk for i in provrum.interests.all())
    interest = services.interest_register(
        provrum=provrum,
        by=request.user,
        organisation=organisation,
        wants_to_lead=payload.wants_to_lead,
    )
    interest.organisation = organisation
    return Status(200 if existed else 201, _participant(interest))


@router.delete(
    "/provrum/{provrum_id}/interests/{organisation}",
    response={204: None, **REFUSALS},
    summary=gettext_lazy("Withdraw an interest"),
)
def withdraw_interest(request, provrum_id: int, organisation: str):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    found = Organisation.objects.filter(slug=organisation).first()
    if found is None:
        raise Http404
    services.interest_withdraw(provrum=provrum, by=request.user, organisation=found)
    return Status(204, None)


@router.post(
    "/provrum/{provrum_id}/leader",
    response={200: ProvrumOut, **REFUSALS},
    summary=gettext_lazy("Choose the leader"),
    description=gettext_lazy("Among the participating members that offered to lead."),
)
def choose_leader(request, provrum_id: int, payload: OrganisationIn):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    services.leader_choose(
        provrum=provrum, by=request.user, organisation=_organisation(payload.organisation)
    )
    return _fresh(request, provrum_id)


@router.post(
    "/provrum/{provrum_id}/go-ahead",
    response={200: ProvrumOut, **REFUSALS},
    summary=gettext_lazy("Give the go-ahead"),
    description=gettext_lazy(
        "The office only. Warnings must be acknowledged (acknowledge_warnings) with a comment."
    ),
)
def give_go_ahead(request, provrum_id: int, payload: GoAheadIn):
    return _act(
        request,
        provrum_id,
        decisions.provrum_give_go_ahead,
        comment=payload.comment,
        acknowledge_warnings=payload.acknowledge_warnings,
    )


@router.post(
    "/provrum/{provrum_id}/decline",
    response={200: ProvrumOut, **REFUSALS},
    summary=gettext_lazy("Decline"),
    description=gettext_lazy("The office only, with a comment that says why."),
)
def decline_provrum(request, provrum_id: int, payload: DecisionIn):
    return _act(request, provrum_id, decisions.provrum_decline, comment=payload.comment)


@router.post(
    "/provrum/{provrum_id}/lapse",
    response={200: ProvrumOut, **REFUSALS},
    summary=gettext_lazy("Mark as lapsed"),
    description=gettext_lazy("The office only, with a comment: no group formed in time."),
)
def lapse_provrum(request, provrum_id: int, payload: DecisionIn):
    return _act(request, provrum_id, decisions.provrum_lapse, comment=payload.comment)
