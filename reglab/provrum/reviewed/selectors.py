"""Reads of a reviewed document (plan or report): its saved versions and its comments.

Both keep every save as a numbered version (``versions``) and the office's and the
group's comments (``comments``); these read them the same way for either.
"""

from django.db.models import QuerySet
from django.http import Http404


def version_list(document) -> QuerySet:
    """The document's saved versions, newest first, with their authors."""
    if document.pk is None:
        return document.versions.model.objects.none()
    return document.versions.select_related("author").order_by("-number")


def version_get(document, number):
    """One version of the document by its number; 404 when there is none."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    version = version_list(document).filter(number=number).first()
    if version is None:
        raise Http404
    return version


def comment_list(document) -> QuerySet:
    """Comments on the document (the office's decisions among them), oldest first."""
    if document.pk is None:
        return document.comments.model.objects.none()
    return document.comments.select_related("author").order_by("created_at", "pk")
