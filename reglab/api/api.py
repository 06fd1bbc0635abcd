"""The REST API, version 1: /api/v1/ with its OpenAPI schema and docs."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from reglab.accounts.permissions import role_labels
from reglab.accounts.selectors import affiliation_list_for_person
from reglab.api.services import api_token_authenticate
from reglab.organisations.selectors import organisation_list


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal token from ``api_token``."""

    def authenticate(self, request, token):
        person = api_token_authenticate(token)
        if person is not None:
            request.user = person
        return person


api = NinjaAPI(
    title="Reglab API",
    version="1",
    description="Reglabs plattform: organisationer, personer och provrum.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(
        request,
        {"detail": _("Sign in or send a valid API token (Authorization: Bearer …).")},
        status=401,
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=422
    )


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
