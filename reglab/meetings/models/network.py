"""A Reglab network: its organisations, and the people in it (some of them coordinators)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations"),
        related_name="networks",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:network", kwargs={"slug": self.slug})


class NetworkMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def of_active_person(self):
        """Memberships of people whose account is active (as ``AffiliationQuerySet``'s)."""
        return self.filter(person__is_active=True)


class NetworkMembership(models.Model):
    """A person in a network, from ``joined_at`` until ``left_at`` (kept as history)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_contact = models.BooleanField(_("contact person"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "joined_at", "pk"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=Q(left_at__isnull=True),
                name="network_membership_one_active",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.network}"
