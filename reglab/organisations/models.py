from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reglab.core.text import search_key
from reglab.core.validators import validate_web_address


class Kind(models.TextChoices):
    REGION = "region", _("Region")
    COUNTY_COUNCIL = "county_council", _("County council")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    LOCAL_AUTHORITIES_ASSOCIATION = (
        "local_authorities_association",
        _("Association of local authorities"),
    )
    UNIVERSITY = "university", _("University or research centre")
    CONSULTANCY = "consultancy", _("Consultancy")
    NETWORK = "network", _("Network or association")
    FOREIGN_BODY = "foreign_body", _("Foreign or Nordic body")
    OTHER = "other", _("Other")


class Membership(models.TextChoices):
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")
    NONE = "none", _("Neither member nor partner")


def active_on(on=None, *, through: str = "") -> Q:
    """The organisations whose active period includes ``on`` (default today).

    Both ends are inclusive and either may be open. ``through`` reaches the
    organisation from another model (``"organisation__"`` from an affiliation),
    so every "still active organisation" in the code is this one condition.
    """
    on = on or timezone.localdate()
    starts = Q(**{f"{through}active_from__isnull": True}) | Q(**{f"{through}active_from__lte": on})
    ends = Q(**{f"{through}active_until__isnull": True}) | Q(**{f"{through}active_until__gte": on})
    return starts & ends


class OrganisationQuerySet(models.QuerySet):
    def active(self, on=None):
        """Organisations whose active period includes the given date (default today)."""
        return self.filter(active_on(on))

    def members(self):
        return self.filter(membership=Membership.MEMBER)

    def partners(self):
        return self.filter(membership=Membership.PARTNER)

    def search(self, text):
        """Case-insensitive search that also folds å, ä and ö on SQLite."""
        return self.filter(search_text__contains=search_key(text))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    membership = models.CharField(
        _("membership"), max_length=10, choices=Membership.choices, default=Membership.NONE
    )
    is_region = models.BooleanField(
        _("is a region"),
        default=False,
        help_text=_("Counts towards the provrum rules on regions."),
    )
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Enter the county's two-digit code, e.g. 12."))],
        help_text=_("The two-digit county (län) code, e.g. 12 for Skåne."),
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_address])
    email_domains = models.CharField(
        _("known e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "The domains of the organisation's e-mail addresses, separated by spaces or "
            "commas, e.g. skane.se rskane.se. Shown to the office beside affiliation requests."
        ),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    # Casefolded copy of the names: SQLite's LIKE only folds ASCII letters.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_region=False) | ~Q(county_code=""),
                name="organisation_region_has_county_code",
                violation_error_message=_("A region must have a county code."),
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="organisation_active_period_ordered",
                violation_error_message=_("The active period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def compute_search_text(self) -> str:
        names = [self.name, self.short_name, self.slug]
        if self.pk:
            names += [earlier.name for earlier in self.earlier_names.all()]
        return search_key(" ".join(names))

    def refresh_search_text(self):
        """Store the search text again after an earlier name changed; writes no history row."""
        self.search_text = self.compute_search_text()
        Organisation.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def known_domains(self) -> list[str]:
        """The known e-mail domains, lower case, without a leading "@"."""
        parts = self.email_domains.replace(",", " ").split()
        return [part.lstrip("@").lower() for part in parts if part.strip("@")]

    def email_domain_matches(self, email: str) -> bool | None:
        """Whether ``email`` is at one of the known domains (or a subdomain); None when
        no domain is known."""
        domains = self.known_domains()
        if not domains:
            return None
        domain = email.rpartition("@")[2].lower()
        return any(domain == known or domain.endswith("." + known) for known in domains)

    @property
    def is_member(self):
        return self.membership == Membership.MEMBER

    @property
    def is_partner(self):
        return self.membership == Membership.PARTNER

    @property
    def display_short_name(self):
        return self.short_name or self.name


class OrganisationName(models.Model):
    """An earlier name, kept so that old provrum and meetings still read right."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="earlier_names"
    )
    name = models.CharField(_("name"), max_length=200)
    used_until = models.DateField(_("used until"))

    class Meta:
        verbose_name = _("earlier name")
        verbose_name_plural = _("earlier names")
        ordering = ["-used_until"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="organisation_earlier_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    # The organisation's search text includes its earlier names; the admin saves
    # those after the organisation itself, so they refresh it here.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.organisation.refresh_search_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.organisation.refresh_search_text()
        return result
