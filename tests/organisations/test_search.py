"""Organisation search folds case, including å, ä and ö, on SQLite as on PostgreSQL."""

from datetime import date

import pytest

from reglab.accounts.selectors import organisation_list
from reglab.organisations.models import Kind, Membership, Organisation, OrganisationName
from reglab.organisations.services import organisation_upsert
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orebro(db):
    return RegionFactory(name="Region Örebro län", slug="region-orebro-lan", county_code="18")


@pytest.fixture
def skr(db):
    organisation, _ = organisation_upsert(
        slug="sveriges-kommuner-och-regioner",
        name="Sveriges Kommuner och Regioner",
        short_name="SKR",
        kind=Kind.LOCAL_AUTHORITIES_ASSOCIATION,
        membership=Membership.MEMBER,
        earlier_names=[{"name": "Sveriges Kommuner och Landsting", "used_until": "2019-11-30"}],
    )
    return organisation


@pytest.mark.parametrize("text", ["örebro", "ÖREBRO", "Örebro", "region örebro", "  örebro  län "])
def test_search_folds_case_of_swedish_letters(orebro, text):
    assert list(Organisation.objects.search(text)) == [orebro]


def test_search_matches_decomposed_input(orebro):
    decomposed = "O\u0308rebro"  # "Ö" as O + combining diaeresis
    assert list(Organisation.objects.search(decomposed)) == [orebro]


def test_search_does_not_match_other_organisations(orebro):
    RegionFactory(name="Region Skåne", slug="region-skane", county_code="12")
    assert list(Organisation.objects.search("orebro län")) == []  # ö is not o
    assert [o.slug for o in Organisation.objects.search("skåne")] == ["region-skane"]


def test_search_finds_an_organisation_by_its_earlier_name(skr):
    assert list(Organisation.objects.search("Landsting")) == [skr]
    assert list(Organisation.objects.search("landsting")) == [skr]


def test_search_finds_by_short_name(skr):
    assert list(Organisation.objects.search("skr")) == [skr]


def test_earlier_name_added_later_is_searchable():
    # As in the admin: the organisation is saved first, the earlier name afterwards.
    organisation = OrganisationFactory(name="Region Kalmar län", slug="region-kalmar-lan")
    OrganisationName.objects.create(
        organisation=organisation,
        name="Regionförbundet i Kalmar län",
        used_until=date(2018, 12, 31),
    )
    assert list(Organisation.objects.search("regionförbundet")) == [organisation]


def test_removed_earlier_name_is_no_longer_searchable(skr):
    skr.earlier_names.get().delete()
    assert list(Organisation.objects.search("landsting")) == []


def test_directory_search_uses_the_same_matching(client, orebro, skr):
    response = client.get("/organisationer/", {"q": "ÖREBRO"})
    assert response.status_code == 200
    assert [o.slug for o in response.context["organisations"]] == ["region-orebro-lan"]
    assert [o.slug for o in organisation_list(query="landsting")] == [skr.slug]


def test_earlier_name_added_in_the_admin_is_searchable(client, office_user):
    organisation = RegionFactory(name="Region Sörmland", slug="region-sormland", county_code="04")
    client.force_login(office_user)
    response = client.post(
        f"/admin/organisations/organisation/{organisation.pk}/change/",
        {
            "name": organisation.name,
            "short_name": "",
            "slug": organisation.slug,
            "kind": organisation.kind,
            "membership": organisation.membership,
            "is_region": "on",
            "county_code": "04",
            "website": "",
            "active_from": "",
            "active_until": "",
            "earlier_names-TOTAL_FORMS": "1",
            "earlier_names-INITIAL_FORMS": "0",
            "earlier_names-MIN_NUM_FORMS": "0",
            "earlier_names-MAX_NUM_FORMS": "1000",
            "earlier_names-0-name": "Regionförbundet Sörmland",
            "earlier_names-0-used_until": "2018-12-31",
        },
    )
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert list(Organisation.objects.search("regionförbundet sörmland")) == [organisation]
