"""The review workflow's API routes, defined once and registered for each kind.

``register(router, kind)`` adds a kind's routes to a router, under
/provrum/{provrum_id}/<name>: the document (GET, PUT), its check, its versions,
submit, approve and return, and, for a kind with comments in its API, the
comments (GET, POST). The routes call the kind's selectors and services, as the
pages do. What differs by kind is in its ``ApiKind``: its schemas, how a
document is shaped and checked, and the routes' texts. Each route keeps the
operation id it had when every kind wrote its own routes
(``<module>_<verb>_<name>``), so the OpenAPI schema names the same operations.

Refusals are not handled here, except the stale save (409 with the current
version): the services raise ``PermissionDenied`` (403), ``RuleViolation``
(409), ``ValidationError`` (422) and the selectors ``Http404``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ninja import Router, Schema, Status

from reglab.provrum.web import REFUSALS, DecisionIn, NotFoundOut, unless_stale, with_stale


@dataclass(frozen=True)
class ApiKind:
    """One kind's part of the API: its schemas, its services and its routes' texts.

    ``texts`` maps a route ("get", "put", "check", "versions", "submit",
    "approve", "return", "comments", "comment") to its summary and description
    (``None`` for none). ``get_for`` and ``history_get_for`` take ``user`` and
    ``pk`` and give the document or 404; ``shape`` gives the answer for a
    document; ``check`` gives the answer of the check route.
    """

    name: str
    module: str
    tags: list[str] | None
    out: type[Schema]
    check_out: type[Schema]
    version_out: type[Schema]
    data_in: type[Schema]
    submit_in: type[Schema]
    texts: dict
    get_for: Callable
    history_get_for: Callable
    shape: Callable
    check: Callable
    versions: Callable
    save: Callable
    submit: Callable
    approve: Callable
    return_: Callable
    comment_out: type[Schema] | None = None
    comment_in: type[Schema] | None = None
    comments: Callable | None = None
    comment: Callable | None = None


def person_name(person) -> str | None:
    """How the API names a person: their name, else their e-mail; ``None`` for nobody."""
    return (person.name or str(person)) if person else None


def comment_answer(comment) -> dict:
    """A comment on a reviewed document, as the API gives it."""
    return {
        "id": comment.pk,
        "author": person_name(comment.author),
        "body": comment.body,
        "kind": comment.kind,
        "version_number": comment.version_number,
        "created_at": comment.created_at,
    }


def register(router: Router, kind: ApiKind) -> None:
    """Add the kind's routes to ``router``, in the order the schema lists them."""
    path = f"/provrum/{{provrum_id}}/{kind.name}"
    name = kind.name

    def route(method, suffix, key, function_name, response):
        summary, description = kind.texts[key]
        options = {"summary": summary, "response": response}
        if description is not None:
            options["description"] = description
        if kind.tags is not None:
            options["tags"] = kind.tags
        operation_id = f"{kind.module}_{function_name}".replace(".", "_")
        return getattr(router, method)(path + suffix, operation_id=operation_id, **options)

    def fresh(request, provrum_id: int) -> dict:
        """The document as it is after a write, read the way GET reads it."""
        return kind.shape(request, kind.get_for(user=request.user, pk=provrum_id))

    with_stale_out = with_stale({200: kind.out})

    @route("get", "", "get", f"get_{name}", {200: kind.out, 404: NotFoundOut})
    def get_document(request, provrum_id: int):
        return fresh(request, provrum_id)

    @route("put", "", "put", f"put_{name}", with_stale_out)
    def put_document(request, provrum_id: int, payload: kind.data_in):
        document = kind.get_for(user=request.user, pk=provrum_id)
        return unless_stale(
            lambda: kind.save(
                provrum=document.provrum,
                by=request.user,
                data=payload.data,
                version=payload.version,
            ),
            lambda _saved: fresh(request, provrum_id),
        )

    @route("get", "/check", "check", f"check_{name}", {200: kind.check_out, 404: NotFoundOut})
    def check_document(request, provrum_id: int):
        return kind.check(kind.get_for(user=request.user, pk=provrum_id))

    @route(
        "get",
        "/versions",
        "versions",
        f"list_{name}_versions",
        {200: list[kind.version_out], 404: NotFoundOut},
    )
    def list_versions(request, provrum_id: int):
        document = kind.history_get_for(user=request.user, pk=provrum_id)
        return [
            {
                "number": version.number,
                "author": person_name(version.author),
                "created_at": version.created_at,
            }
            for version in kind.versions(document)
        ]

    @route("post", "/submit", "submit", f"submit_{name}", with_stale_out)
    def submit_document(request, provrum_id: int, payload: kind.submit_in = None):
        document = kind.get_for(user=request.user, pk=provrum_id)
        version = payload.version if payload else None
        return unless_stale(
            lambda: kind.submit(provrum=document.provrum, by=request.user, version=version),
            lambda _submitted: fresh(request, provrum_id),
        )

    @route("post", "/approve", "approve", f"approve_{name}", {200: kind.out, **REFUSALS})
    def approve_document(request, provrum_id: int, payload: DecisionIn = None):
        document = kind.get_for(user=request.user, pk=provrum_id)
        comment = payload.comment if payload else ""
        kind.approve(provrum=document.provrum, by=request.user, comment=comment)
        return fresh(request, provrum_id)

    @route("post", "/return", "return", f"return_{name}", {200: kind.out, **REFUSALS})
    def return_document(request, provrum_id: int, payload: DecisionIn):
        document = kind.get_for(user=request.user, pk=provrum_id)
        kind.return_(provrum=document.provrum, by=request.user, comment=payload.comment)
        return fresh(request, provrum_id)

    if kind.comment_out is None:
        return

    @route(
        "get",
        "/comments",
        "comments",
        f"list_{name}_comments",
        {200: list[kind.comment_out], 404: NotFoundOut},
    )
    def list_comments(request, provrum_id: int):
        document = kind.get_for(user=request.user, pk=provrum_id)
        return [comment_answer(comment) for comment in kind.comments(document)]

    @route(
        "post",
        "/comments",
        "comment",
        f"add_{name}_comment",
        {201: kind.comment_out, **REFUSALS},
    )
    def add_comment(request, provrum_id: int, payload: kind.comment_in):
        document = kind.get_for(user=request.user, pk=provrum_id)
        comment = kind.comment(provrum=document.provrum, by=request.user, body=payload.body)
        return Status(201, comment_answer(comment))
