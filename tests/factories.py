import factory
from factory.django import DjangoModelFactory

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.organisations.models import Kind, Membership, Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Kind.OTHER
    membership = Membership.NONE


class RegionFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Region Test {n}")
    slug = factory.Sequence(lambda n: f"region-test-{n}")
    kind = Kind.REGION
    membership = Membership.MEMBER
    is_region = True
    county_code = "12"


class MemberAgencyFactory(OrganisationFactory):
    kind = Kind.NATIONAL_AGENCY
    membership = Membership.MEMBER


class PartnerFactory(OrganisationFactory):
    kind = Kind.CONSULTANCY
    membership = Membership.PARTNER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    name = factory.Faker("name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "ett-langt-testlosenord")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AffiliationFactory(DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(RegionFactory)
    status = AffiliationStatus.CONFIRMED
