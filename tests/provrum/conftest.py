"""A cast for provrum tests: three regions, a member agency, a partner, the office.

``make_provrum`` builds a provrum through the services, in any state, so tests
start from the same paths the platform itself takes.
"""

import pytest

from reglab.provrum.models import IntendedUse, Kind
from reglab.provrum.proposal import decisions, services
from tests.factories import (
    AffiliationFactory,
    MemberAgencyFactory,
    PartnerFactory,
    RegionFactory,
    UserFactory,
)


def representative(organisation, email):
    person = UserFactory(email=email, name=email.split("@")[0].title())
    AffiliationFactory(person=person, organisation=organisation)
    return person


@pytest.fixture
def cast(db, office_user):
    """Organisations and one representative each, by short keys."""
    return cast_of(office_user)


def cast_of(office_user):
    """The cast fixture's value, for set-ups shared by a module (see its callers)."""
    orgs = {
        "skane": RegionFactory(name="Region Skåne", slug="region-skane", county_code="12"),
        "orebro": RegionFactory(
            name="Region Örebro län", slug="region-orebro-lan", county_code="18"
        ),
        "gavleborg": RegionFactory(
            name="Region Gävleborg", slug="region-gavleborg", county_code="21"
        ),
        "vinnova": MemberAgencyFactory(name="Vinnova", slug="vinnova"),
        "kontigo": PartnerFactory(name="Kontigo", slug="kontigo"),
    }
    people = {key: representative(org, f"{key}@example.se") for key, org in orgs.items()}
    return {"orgs": orgs, "people": people, "office": office_user}


def proposal(cast, *, title="AI och visualisering i regional utveckling", publish=True, **kw):
    provrum = services.provrum_create(
        by=cast["people"]["skane"],
        organisation=cast["orgs"]["skane"],
        title=title,
        summary=kw.pop("summary", "Vi vill pröva hur AI kan visualisera regionala data."),
        question=kw.pop("question", "Hur kan regionerna använda AI för analys?"),
        kind=kw.pop("kind", Kind.METHOD),
        intended_use=kw.pop("intended_use", IntendedUse.TEST_BALLOON),
        themes=kw.pop("themes", ["AI och visualisering"]),
        wants_to_lead=kw.pop("wants_to_lead", True),
    )
    if publish:
        provrum = services.provrum_publish(provrum=provrum, by=cast["people"]["skane"])
    return provrum


def ready_provrum(cast, **kw):
    """Skåne proposes and leads; Örebro and Kontigo join: ready, with no warning."""
    provrum = proposal(cast, **kw)
    services.interest_register(
        provrum=provrum, by=cast["people"]["orebro"], organisation=cast["orgs"]["orebro"]
    )
    services.leader_choose(
        provrum=provrum, by=cast["people"]["skane"], organisation=cast["orgs"]["skane"]
    )
    provrum.refresh_from_db()
    return provrum


@pytest.fixture
def make_provrum(cast):
    def make(state="interest", **kw):
        if state == "draft":
            return proposal(cast, publish=False, **kw)
        if state == "proposed":
            return proposal(cast, **kw)
        provrum = ready_provrum(cast, **kw)
        if state in ("interest", "ready"):
            return provrum
        decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Klart.")
        provrum.refresh_from_db()
        return provrum

    return make


def below_half_regions(cast):
    """Skåne and Örebro, with Vinnova and Kontigo and a third non-region: 2 of 5 regions.

    Ready, with the warning region_share_below_half.
    """
    provrum = ready_provrum(cast)
    for key in ("vinnova", "kontigo"):
        services.interest_register(
            provrum=provrum, by=cast["people"][key], organisation=cast["orgs"][key]
        )
    nordregio = PartnerFactory(name="Nordregio", slug="nordregio")
    services.interest_register(
        provrum=provrum,
        by=representative(nordregio, "nordregio@example.se"),
        organisation=nordregio,
    )
    provrum.refresh_from_db()
    return provrum


@pytest.fixture
def provrum_with_warning(cast):
    return below_half_regions(cast)
