"""Uploaded documents and status updates while a provrum runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.provrum.models.core import (
    Provrum,
)
from reglab.provrum.models.participation import Meeting


def document_upload_to(instance, filename: str) -> str:
    """A random name under the provrum's folder: the person's file name is only shown."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"provrum/{instance.provrum_id}/{uuid.uuid4().hex}{suffix}"


def document_storage():
    from django.core.files.storage import storages

    return storages["documents"]


class Document(models.Model):
    """A file in a provrum's document area, served only to those allowed to see it."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word document")
        XLSX = "xlsx", _("Excel workbook")
        PPTX = "pptx", _("PowerPoint presentation")
        PNG = "png", _("PNG image")
        JPEG = "jpeg", _("JPEG image")
        WEBP = "webp", _("WebP image")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=document_storage, max_length=300
    )
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name


class StatusUpdate(models.Model):
    """The leader's short report on how the work is going."""

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DELAYED = "delayed", _("Delayed")

    provrum = models.ForeignKey(Provrum, on_delete=models.CASCADE, related_name="status_updates")
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress.choices, default=Progress.ON_TRACK
    )
    body = models.TextField(_("status update"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self):
        return f"{self.get_progress_display()} – {self.provrum}"


# The final report, its quality assurance and publication -----------------------------
