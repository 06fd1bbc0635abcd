"""The REST API, version 1: /api/v1/ with its OpenAPI schema and docs."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from reglab.accounts.mfa import SecondFactorRequired, refusal_payload
from reglab.accounts.permissions import role_labels
from reglab.accounts.selectors import affiliation_list_for_person, organisation_list
from reglab.api.idempotency import idempotent
from reglab.api.input_guard import guard_input
from reglab.api.openapi import ReglabAPI
from reglab.api.services import api_token_actor
from reglab.core.limits import RateLimited
from reglab.core.unavailable import RETRY_AFTER_SECONDS, is_outage, unavailable_payload
from reglab.evaluation.api import router as evaluation_router
from reglab.live.api import router as live_router
from reglab.meetings.api import router as meetings_router
from reglab.privacy.api import router as privacy_router
from reglab.provrum.closing.api import router as close_router
from reglab.provrum.format_rules.api import router as format_rules_router
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.messages import reason_dict
from reglab.provrum.plan.api import router as plan_router
from reglab.provrum.proposal.api import router as proposal_router
from reglab.provrum.report.api import router as report_router
from reglab.provrum.running.api import router as work_router
from reglab.results.api import router as results_router
from reglab.surveys.api import router as surveys_router

logger = logging.getLogger("reglab.api")


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal token from ``api_token``."""

    def authenticate(self, request, token):
        person = api_token_actor(token)
        if person is not None:
            request.user = person
        return person


api = ReglabAPI(
    title="Reglab API",
    version="1",
    description=gettext_lazy("Reglab's platform: organisations, people and provrum."),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(SecondFactorRequired)
def second_factor_required(request, exc):
    return api.create_response(request, refusal_payload(), status=403)


api.add_decorator(guard_input(api), mode="view")
# Added after the input guard, so it wraps it: a POST with an Idempotency-Key runs once.
api.add_decorator(idempotent(api), mode="view")


@api.exception_handler(Exception)
def server_error(request, exc):
    """Anything unexpected: JSON like every other answer, with a reference for the log.

    The exception is logged with the reference, which the person can quote to
    the office; the answer says nothing about the cause.
    """
    if is_outage(exc):
        logger.warning(
            "API %s %s: the database or Redis is unreachable (%s)",
            request.method,
            request.path,
            exc,
        )
        response = api.create_response(request, unavailable_payload(exc), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    reference = uuid.uuid4().hex[:12]
    logger.exception("API error %s on %s %s", reference, request.method, request.path)
    return api.create_response(
        request,
        {
            "code": "server_error",
            "detail": _(
                "Something went wrong on our side. Try again later; if it keeps "
                "happening, give the office the reference %(reference)s."
            )
            % {"reference": reference},
            "reference": reference,
        },
        status=500,
    )


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(
        request,
        {
            "detail": _("Sign in or send a valid API token (Authorization: Bearer …)."),
            "code": "not_authenticated",
        },
        status=401,
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request,
        {"detail": _("The request is not valid."), "code": "invalid", "errors": exc.errors},
        status=422,
    )


def _not_allowed(request, detail: str):
    reason = {"code": "not_allowed", "severity": "error", "message": detail}
    return api.create_response(
        request, {"detail": detail, "code": "not_allowed", "reasons": [reason]}, status=403
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    # ninja raises HttpError(400) only when the body cannot be parsed (bad JSON),
    # and HttpError(403) when a session request fails the CSRF check.
    if exc.status_code == 400:
        detail = _("The request body is not valid JSON.")
        error = {"loc": ["body"], "msg": detail, "type": "json_invalid"}
        return api.create_response(
            request, {"detail": detail, "code": "invalid", "errors": [error]}, status=422
        )
    if exc.status_code == 403:
        return _not_allowed(
            request, _("The CSRF check failed: send the CSRF token, or use an API token.")
        )
    return api.create_response(
        request, {"detail": str(exc), "code": f"http_{exc.status_code}"}, status=exc.status_code
    )


@api.exception_handler(RawPostDataException)
def form_where_json_is_read(request, exc):
    """A form posted to an operation that reads a JSON body.

    The input guard has read the form already (``request.POST``), so ninja can
    no longer read the body as JSON: the body is refused as not JSON.
    """
    detail = _("The request body is not valid JSON.")
    error = {"loc": ["body"], "msg": detail, "type": "json_invalid"}
    return api.create_response(
        request, {"detail": detail, "code": "invalid", "errors": [error]}, status=422
    )


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    """A per-person write limit (``reglab.core.limits``): 429, and when to try again."""
    reason = {"code": exc.code, "severity": "error", "message": exc.message}
    response = api.create_response(
        request, {"detail": exc.message, "code": exc.code, "reasons": [reason]}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _not_allowed(request, str(exc) or _("You are not allowed to do this."))


@api.exception_handler(RuleViolation)
def refused_by_rules(request, exc):
    return api.create_response(
        request,
        {
            "detail": exc.message,
            "code": exc.reasons[0].code if exc.reasons else "refused",
            "reasons": [reason_dict(reason) for reason in exc.reasons],
        },
        status=409,
    )


@api.exception_handler(DjangoValidationError)
def invalid_values(request, exc):
    """Django's ValidationError from a service: the same shape as ninja's own 422."""
    if hasattr(exc, "error_dict"):
        fields = {name: list(messages) for name, messages in exc.message_dict.items()}
    else:
        fields = {"__all__": list(exc.messages)}
    errors = [
        {"loc": ["body", name], "msg": message, "type": "invalid"}
        for name, messages in fields.items()
        for message in messages
    ]
    detail = errors[0]["msg"] if len(errors) == 1 else _("The request is not valid.")
    return api.create_response(
        request,
        {"detail": detail, "code": "invalid", "errors": errors, "fields": fields},
        status=422,
    )


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    # Django would answer with an HTML 400 page; an API client gets JSON.
    return api.create_response(
        request,
        {"detail": _("The request is too large. Send less text at a time."), "code": "too_large"},
        status=413,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    membership: str
    is_region: bool
    county_code: str


class AffiliationOut(Schema):
    organisation: str
    status: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[str]
    affiliations: list[AffiliationOut]


@api.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
def list_organisations(request, kind: str = "", membership: str = ""):
    """Reglab's active organisations, by name. Filter with ``kind`` and ``membership``."""
    return organisation_list(kind=kind, membership=membership)


@api.get("/me", response=MeOut, tags=["people"])
def me(request):
    """The person the request is authenticated as, with roles and affiliations."""
    person = request.user
    return {
        "id": person.pk,
        "email": person.email,
        "name": person.name,
        "roles": role_labels(person),
        "affiliations": [
            {"organisation": a.organisation.slug, "status": a.status}
            for a in affiliation_list_for_person(person=person)
        ],
    }


api.add_router("/", proposal_router)
api.add_router("/", format_rules_router)
api.add_router("/", plan_router)
api.add_router("/", work_router)
api.add_router("/", report_router)
api.add_router("/", close_router)
api.add_router("/", results_router)
api.add_router("/", evaluation_router)
api.add_router("/", meetings_router)
api.add_router("/", live_router)
api.add_router("/", surveys_router)
api.add_router("/", privacy_router)
