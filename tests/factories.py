import factory
from factory.django import DjangoModelFactory

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.organisations.models import Kind, Membership, Organisation
from tests.second_factor import give_totp


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

    @factory.post_generation
    def email_verified(obj, create, extracted, **kwargs):
        """
        The person has proven their address (allauth's verified EmailAddress), as
        everyone who can sign in has. ``email_verified=False`` makes one who has not.
        """
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=obj,
                email=obj.email,
                defaults={"verified": extracted is not False, "primary": True},
            )

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """
        Office, staff and superusers get an activated TOTP authenticator, as the
        platform requires of them (reglab.accounts.mfa); the secret is kept on
        the instance as ``totp_secret``. ``second_factor=False`` makes one that
        has not set it up yet.
        """
        if not create or extracted is False:
            return
        if obj.is_office or obj.is_staff or obj.is_superuser:
            obj.totp_secret = give_totp(obj)


class AffiliationFactory(DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(RegionFactory)
    status = AffiliationStatus.CONFIRMED
