"""Running a provrum, read: its summary, meetings, documents and status log.

The selectors beside ``running/services.py`` (which writes). Every function takes a
provrum the caller may already see (``services.work_get_for``); a missing meeting or
document is ``Http404``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from reglab.core import uploads
from reglab.provrum.models import Document, Meeting, Provrum, StatusUpdate, document_storage


@dataclass(frozen=True)
class WorkSummary:
    """The counts for the provrum page's box, and the latest status update."""

    meetings: int
    upcoming_meetings: int
    documents: int
    status_updates: int
    latest_status: StatusUpdate | None


def _count(model, *conditions):
    rows = (
        model.objects.filter(*conditions, provrum=OuterRef("pk"))
        .order_by()
        .values("provrum")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def work_summary(provrum: Provrum) -> WorkSummary:
    """Counts of meetings (all and coming), documents and status updates, and the latest
    status; two queries."""
    now = timezone.now()
    counts = (
        Provrum.objects.filter(pk=provrum.pk)
        .annotate(
            meeting_count=_count(Meeting),
            upcoming_count=_count(
                Meeting, Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
            ),
            document_count=_count(Document),
            status_count=_count(StatusUpdate),
        )
        .values("meeting_count", "upcoming_count", "document_count", "status_count")
        .first()
    ) or {}
    latest = (
        StatusUpdate.objects.filter(provrum=provrum)
        .select_related("author", "organisation")
        .order_by("-created_at", "-pk")
        .first()
    )
    return WorkSummary(
        meetings=counts.get("meeting_count", 0),
        upcoming_meetings=counts.get("upcoming_count", 0),
        documents=counts.get("document_count", 0),
        status_updates=counts.get("status_count", 0),
        latest_status=latest,
    )


def meeting_list(provrum: Provrum) -> QuerySet[Meeting]:
    """The provrum's meetings, earliest first, with who wrote them and their documents counted."""
    return (
        Meeting.objects.filter(provrum=provrum)
        .select_related("created_by", "updated_by")
        .annotate(document_count=Count("documents"))
        .order_by("starts_at", "pk")
    )


def meetings_split(meetings, now: datetime | None = None) -> tuple[list, list]:
    """(coming, past): a meeting is past once it has ended (or started, without an end).

    Coming meetings earliest first, past ones latest first.
    """
    now = now or timezone.now()
    coming, past = [], []
    for meeting in meetings:
        (coming if (meeting.ends_at or meeting.starts_at) >= now else past).append(meeting)
    past.reverse()
    return coming, past


def _one_or_404(rows: QuerySet, pk):
    """The row of ``rows`` with the primary key ``pk``; 404 when there is none, also
    for a ``pk`` that is not a number."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def meeting_get(provrum: Provrum, pk) -> Meeting:
    """One of the provrum's meetings; 404 for another provrum's or a missing one."""
    return _one_or_404(meeting_list(provrum), pk)


def document_list(provrum: Provrum) -> QuerySet[Document]:
    """The provrum's documents, newest first, with uploader and meeting."""
    return (
        Document.objects.filter(provrum=provrum)
        .select_related("uploaded_by", "meeting")
        .order_by("-uploaded_at", "-pk")
    )


def document_get(provrum: Provrum, pk) -> Document:
    """One of the provrum's documents; 404 for another provrum's or a missing one."""
    return _one_or_404(document_list(provrum), pk)


def document_open(document: Document):
    """The stored file, opened for reading (binary); ``Http404`` when it is gone.

    Reads through the documents storage as configured now, not as it was when
    the model was imported (the tests point it at a folder of their own).
    """
    try:
        return document_storage().open(document.file.name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None


def document_is_inline(document: Document) -> bool:
    """Images open in the browser; PDFs and Office files are downloaded.

    A PDF shown in the browser's viewer could run what slipped past the upload
    checks, on the platform's origin: downloaded, it opens in a reader instead.
    """
    return document.kind in uploads.IMAGE_KINDS


def status_list(provrum: Provrum) -> QuerySet[StatusUpdate]:
    """The status log, newest first, with author and organisation."""
    return (
        StatusUpdate.objects.filter(provrum=provrum)
        .select_related("author", "organisation")
        .order_by("-created_at", "-pk")
    )
