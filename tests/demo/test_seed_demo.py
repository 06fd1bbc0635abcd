"""seed_demo loads Reglab's 2018 members and partners, the office and one representative each."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.organisations.models import Kind, Membership, Organisation
from tests.shared_data import shared_setup

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "demo-losenord-som-ar-langt"

OFFICE_EMAIL = "kansli@reglab.example"


def seed(**options):
    call_command("seed_demo", stdout=StringIO(), **options)


@pytest.fixture(scope="class", params=[False, True], ids=["production", "demo-mode"])
def seeded_once(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once per mode for the class of tests that only read it."""
    with shared_setup(django_db_blocker, tmp_path_factory):
        with override_settings(DEMO_MODE=request.param):
            seed(password=DEMO_PASSWORD)
        yield request.param


@pytest.fixture
def seeded(seeded_once, settings):
    settings.DEMO_MODE = seeded_once
    return seeded_once


def table_counts():
    """Rows in every table the project knows, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


COUNTY_CODES = {
    "region-skane": "12",
    "region-stockholm": "01",
    "region-gotland": "09",
    "vastra-gotalandsregionen": "14",
    "region-norrbotten": "25",
    "region-orebro-lan": "18",
}


KINDS = {
    "sveriges-kommuner-och-regioner": (Kind.LOCAL_AUTHORITIES_ASSOCIATION, Membership.MEMBER),
    "tillvaxtverket": (Kind.NATIONAL_AGENCY, Membership.MEMBER),
    "vinnova": (Kind.NATIONAL_AGENCY, Membership.MEMBER),
    "nordregio": (Kind.FOREIGN_BODY, Membership.PARTNER),
    "tillvaxtanalys": (Kind.NATIONAL_AGENCY, Membership.PARTNER),
    "kontigo": (Kind.CONSULTANCY, Membership.PARTNER),
}


class TestTheSeededDemo:
    """Tests that read the demo as seeded (once per mode, tests/shared_data.py)."""

    def test_members_and_partners(self, seeded):
        assert Organisation.objects.members().count() == 24
        assert Organisation.objects.partners().count() == 20
        assert Organisation.objects.count() == 44

    def test_regions_have_unique_county_codes(self, seeded):
        regions = Organisation.objects.filter(is_region=True)
        assert regions.count() == 21
        codes = [region.county_code for region in regions]
        assert all(len(code) == 2 and code.isdigit() for code in codes)
        assert len(set(codes)) == 21
        # Every region is a member, and only regions carry a county code.
        assert set(regions.values_list("membership", flat=True)) == {Membership.MEMBER}
        assert not Organisation.objects.filter(is_region=False).exclude(county_code="").exists()

    def test_county_codes(self, seeded):
        regions = Organisation.objects.filter(slug__in=COUNTY_CODES, is_region=True)
        assert dict(regions.values_list("slug", "county_code")) == COUNTY_CODES

    def test_skr(self, seeded):
        skr = Organisation.objects.get(slug="sveriges-kommuner-och-regioner")
        assert skr.membership == Membership.MEMBER
        assert skr.kind == Kind.LOCAL_AUTHORITIES_ASSOCIATION
        assert skr.is_region is False
        assert [n.name for n in skr.earlier_names.all()] == ["Sveriges Kommuner och Landsting"]
        assert list(Organisation.objects.search("kommuner och landsting")) == [skr]

    def test_kind_and_membership(self, seeded):
        organisations = Organisation.objects.filter(slug__in=KINDS, is_region=False)
        assert {o.slug: (o.kind, o.membership) for o in organisations} == KINDS

    def test_office_account(self, seeded):
        from reglab.accounts.mfa import second_factor_missing

        office = User.objects.get(email=OFFICE_EMAIL)
        assert office.is_office and office.is_staff
        assert not office.is_superuser
        assert office.has_perm("accounts.decide_affiliation")
        # Only in demo mode may it act without a second factor (finding 2 of issue 10).
        assert second_factor_missing(office) is (not seeded)

    def test_one_confirmed_representative_per_organisation(self, seeded):
        for organisation in Organisation.objects.all():
            affiliations = organisation.affiliations.all()
            assert [a.status for a in affiliations] == [AffiliationStatus.CONFIRMED]
            assert affiliations[0].person.email == f"{organisation.slug}@reglab.example"
        assert User.objects.count() == 44 + 1
        assert Affiliation.objects.count() == 44
        assert Affiliation.objects.member_representation().count() == 24
        assert Affiliation.objects.partner_representation().count() == 20

    def test_running_twice_changes_no_table(self, settings, seeded):
        before = table_counts()
        assert before["organisations.HistoricalOrganisation"] == 44
        assert before["accounts.HistoricalAffiliation"] == 44
        seed(password=DEMO_PASSWORD)
        assert table_counts() == before

    def test_demo_addresses_are_verified(self, seeded):
        from allauth.account.models import EmailAddress

        assert EmailAddress.objects.filter(verified=True, primary=True).count() == 45


def test_running_twice_keeps_passwords(settings):
    settings.DEMO_MODE = True
    seed(password=DEMO_PASSWORD)
    hashes = dict(User.objects.values_list("email", "password"))
    seed(password="ett-annat-losenord-123")
    assert dict(User.objects.values_list("email", "password")) == hashes


def test_without_demo_mode_no_account_has_a_usable_password(settings):
    settings.DEMO_MODE = False
    seed(password=DEMO_PASSWORD)
    assert User.objects.count() == 45
    assert not any(person.has_usable_password() for person in User.objects.all())


def test_without_demo_mode_the_password_does_not_sign_in(settings, client):
    settings.DEMO_MODE = False
    seed(password=DEMO_PASSWORD)
    response = client.post("/accounts/login/", {"login": OFFICE_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_demo_mode_without_a_password_leaves_passwords_unusable(settings):
    settings.DEMO_MODE = True
    seed()
    assert not any(person.has_usable_password() for person in User.objects.all())


def test_with_demo_mode_the_password_signs_in(settings, client):
    settings.DEMO_MODE = True
    seed(password=DEMO_PASSWORD)
    assert all(person.check_password(DEMO_PASSWORD) for person in User.objects.all())
    response = client.post(
        "/accounts/login/", {"login": "region-skane@reglab.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert (
        int(client.session["_auth_user_id"])
        == User.objects.get(email="region-skane@reglab.example").pk
    )


def test_a_demo_person_with_a_pending_request_is_left_alone():
    """Re-seeding must not trip the one-open-affiliation constraint."""
    seed(password=DEMO_PASSWORD)
    affiliation = Affiliation.objects.get(person__email="region-skane@reglab.example")
    affiliation.status = AffiliationStatus.REQUESTED
    affiliation.save()
    seed(password=DEMO_PASSWORD)
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REQUESTED
    assert Affiliation.objects.filter(person=affiliation.person).count() == 1
