import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, _user_has_perm
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reglab.accounts.addresses import person_address_vouched
from reglab.organisations.models import Membership, Organisation, active_on


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        # Made by the operator (createsuperuser) or by code, not through the open
        # sign-up: nobody else chose the password, so the address counts as proven.
        person_address_vouched(person=user)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_office", True)
        if extra_fields.get("is_staff") is not True:
            raise ValueError("Superuser must have is_staff=True.")
        if extra_fields.get("is_superuser") is not True:
            raise ValueError("Superuser must have is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


def new_calendar_feed_secret() -> str:
    """A fresh random secret for a person's calendar address (about 190 bits)."""
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A person. Signs in with their e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    is_office = models.BooleanField(
        _("office (kansli)"),
        default=False,
        help_text=_("Reglab's staff: confirms affiliations and decides on provrum."),
    )
    # Part of every calendar address the person is given; a new one makes the
    # old addresses stop working (reglab.provrum.calendar_feed).
    calendar_feed_secret = models.CharField(
        _("calendar address secret"),
        max_length=64,
        default=new_calendar_feed_secret,
        editable=False,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email"]

    def __str__(self):
        return self.name or self.email

    def has_perm(self, perm, obj=None):
        """A superuser holds every permission, but not past an object's state: on an
        object the rules decide, where a superuser counts as the office (an approved
        plan stays closed, a provrum that is not a draft cannot be published)."""
        if obj is not None and self.is_active and self.is_superuser:
            return _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class AffiliationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")


class AffiliationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=AffiliationStatus.CONFIRMED)

    def pending(self):
        return self.filter(status=AffiliationStatus.REQUESTED)

    def member_representation(self):
        return self.confirmed().filter(organisation__membership=Membership.MEMBER)

    def partner_representation(self):
        return self.confirmed().filter(organisation__membership=Membership.PARTNER)

    def of_active_person(self):
        """Affiliations of people whose account is active.

        A deactivated (or erased) person represents nobody any more: every current list
        of an organisation's people, and every count of them, goes through this.
        """
        return self.filter(person__is_active=True)

    def of_active_organisation(self, on=None):
        """Affiliations to an organisation whose active period includes ``on`` (default today)."""
        return self.filter(active_on(on, through="organisation__"))


class Affiliation(models.Model):
    """A person's tie to an organisation.

    Requested by the person and confirmed by the office; only a confirmed
    affiliation gives the person rights on behalf of the organisation.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AffiliationStatus.choices,
        default=AffiliationStatus.REQUESTED,
    )
    role_description = models.CharField(_("role at the organisation"), max_length=150, blank=True)
    message = models.TextField(_("message to the office"), max_length=2000, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_comment = models.TextField(_("comment on the decision"), max_length=2000, blank=True)

    history = HistoricalRecords()
    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-requested_at"]
        constraints = [
            # One open (requested or confirmed) affiliation per person and organisation;
            # rejected and ended ones stay as history.
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="affiliation_one_open_per_person_and_organisation",
                violation_error_message=_(
                    "You already have a request or an affiliation with this organisation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.organisation}"

    @property
    def is_confirmed(self):
        return self.status == AffiliationStatus.CONFIRMED
