"""The abstract models of a reviewed document, its versions and its comments.

Each kind's concrete models (``ProjectPlan``, ``PlanVersion``, ``PlanComment``;
``FinalReport``, ``ReportVersion``, ``ReportComment``) add the link to their
provrum or document, the ``data`` field and their ``Meta``; the tables are the
same as before (the migrations see no change).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def person_field(verbose_name=None) -> models.ForeignKey:
    """Who saved, submitted or decided a document (nobody once their account is gone).

    A field of each kind's concrete model: the kinds name theirs differently
    (``verbose_name``), and the tables stay as they are.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ReviewedDocument(models.Model):
    """A document the group saves in versions and submits, and the office decides.

    ``version`` is the optimistic lock: a save based on an older version is refused.
    """

    Status = ReviewStatus

    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """Submitted or approved: nobody edits until the office returns it."""
        return self.status in {self.Status.SUBMITTED, self.Status.APPROVED}


class OfDocument:
    """A version or a comment, which knows its document through its foreign key."""

    @property
    def document(self) -> ReviewedDocument:
        field = next(
            field
            for field in self._meta.get_fields()
            if field.many_to_one and issubclass(field.related_model, ReviewedDocument)
        )
        return getattr(self, field.name)


class DocumentVersion(OfDocument, models.Model):
    """One saved version of a document: who saved it, when, as which number."""

    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self):
        return f"{self.document} – {self.number}"


def one_version_per_number(document_field: str, name: str) -> models.UniqueConstraint:
    """The constraint of a kind's versions: each number once per document."""
    return models.UniqueConstraint(fields=[document_field, "number"], name=name)


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")


class DocumentComment(OfDocument, models.Model):
    """A comment on a document, by the office or the group, on the version it read.

    The office's return always has one; an approval may.
    """

    Kind = CommentKind

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"), max_length=5000)
    kind = models.CharField(max_length=20, choices=CommentKind.choices, default=CommentKind.COMMENT)
    version_number = models.PositiveIntegerField(_("on version"), default=0)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} – {self.document}"
