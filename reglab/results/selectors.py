"""Reads for the public results: what the public may see of the final reports.

A report is public only when the office has approved it (status approved and
``published_at`` set) and its provrum has reached "reported" or "closed". Every
public read goes through ``result_published``, so the page, the index, the feed,
the newsletter and the API can never show a draft, a submitted or a returned
report. Nothing here reads a person: organisations are the actors of a provrum.
"""

from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, TextField, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from reglab.core.text import stems
from reglab.provrum.models import Document, FinalReport, Interest, ProjectPlan, State, Theme

# The states a provrum with a published report can be in.
PUBLIC_STATES = (State.REPORTED, State.CLOSED)
# The feed lists this many of the latest results.
FEED_LIMIT = 30


def result_published() -> QuerySet[FinalReport]:
    """Every public report: approved, with a publication date, of a reported or closed provrum."""
    return FinalReport.objects.filter(
        status=FinalReport.Status.APPROVED,
        published_at__isnull=False,
        provrum__state__in=PUBLIC_STATES,
    )


def _with_public_data(queryset: QuerySet[FinalReport]) -> QuerySet[FinalReport]:
    """What a result shows, fetched in a fixed number of queries whatever the row count."""
    return queryset.select_related("provrum", "provrum__leader").prefetch_related(
        "provrum__themes",
        Prefetch(
            "provrum__interests",
            queryset=Interest.objects.select_related("organisation").order_by(
                "organisation__name", "pk"
            ),
        ),
    )


def _search(queryset: QuerySet[FinalReport], text: str) -> QuerySet[FinalReport]:
    """Full-text search that finds "region" for "regionerna".

    PostgreSQL uses its Swedish text search configuration over the title and the
    report's summary, lessons and recommendations; SQLite matches the Snowball
    stems kept in ``search_text`` (the same words, stemmed when the report was
    approved). The stored text is padded with a space so that the first word
    matches too, however it was stored.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(
            "provrum__title",
            KT("data__summary"),
            KT("data__lessons"),
            KT("data__recommendations"),
            config="swedish",
        )
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(text, config="swedish", search_type="plain")
        )
    queryset = queryset.annotate(
        padded_search_text=Concat(Value(" "), "search_text", output_field=TextField())
    )
    for stem in stems(text):
        queryset = queryset.filter(padded_search_text__contains=f" {stem}")
    return queryset


def result_list(*, query: str = "", theme: str = "", year: int | None = None):
    """The public results index: published reports, newest first, filtered and searched.

    ``theme`` is a theme's slug, ``year`` the year of publication.
    """
    queryset = result_published()
    if theme:
        queryset = queryset.filter(provrum__themes__slug=theme)
    if year:
        queryset = queryset.filter(published_at__year=year)
    if query.strip():
        queryset = _search(queryset, query)
    return _with_public_data(queryset).order_by("-published_at", "-pk")


def result_get(pk) -> FinalReport:
    """The published report of one provrum (pk is the provrum's); 404 when there is none.

    Missing, not yet approved and returned all give the same 404.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    report = _with_public_data(result_published().filter(provrum_id=pk)).first()
    if report is None:
        raise Http404
    return report


def _attachment_ids(report: FinalReport) -> list[int]:
    """The document ids the report attaches; anything that is not an id is skipped."""
    ids = []
    for value in (report.data or {}).get("attachments") or []:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.isdigit():
            ids.append(int(value))
    return ids


def result_attachments(report: FinalReport) -> list[Document]:
    """The report's attachments: documents of its own provrum that the report names, in
    the report's order."""
    ids = _attachment_ids(report)
    if not ids:
        return []
    documents = {
        document.pk: document
        for document in Document.objects.filter(provrum_id=report.provrum_id, pk__in=ids)
    }
    return [documents[pk] for pk in dict.fromkeys(ids) if pk in documents]


def result_attachment_get(*, pk, document_pk) -> Document:
    """A document attached to a published report of provrum ``pk`` (else 404).

    A document of the provrum that the report does not attach, or one of another
    provrum, is as missing as one that does not exist.
    """
    report = result_get(pk)
    try:
        document_pk = int(document_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if document_pk not in _attachment_ids(report):
        raise Http404
    document = Document.objects.filter(provrum_id=report.provrum_id, pk=document_pk).first()
    if document is None:
        raise Http404
    return document


def result_period(report: FinalReport) -> tuple[date | None, date | None]:
    """The start and end of the provrum as its approved project plan says, where it says."""
    plan = ProjectPlan.objects.filter(provrum_id=report.provrum_id).only("data").first()
    if plan is None:
        return None, None
    return _plan_date(plan.data, "start"), _plan_date(plan.data, "end")


def _plan_date(data, key: str) -> date | None:
    value = (data or {}).get(key)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def result_themes() -> QuerySet[Theme]:
    """The themes of published results, for the index's filter.

    An EXISTS per theme (a short table) stops at the first published result with
    it, instead of joining every result with its themes and making them DISTINCT.
    """
    published = result_published().filter(provrum__themes=OuterRef("pk"))
    return Theme.objects.filter(Exists(published)).order_by("name")


def result_years() -> list[int]:
    """The years from the latest publication back to the first, newest first.

    The first and the latest publication are each read from the index on
    ``published_at`` (a row each), instead of listing the distinct years of every
    result; a year between them without a result is still a valid filter.
    """
    dates = result_published().values_list("published_at", flat=True)
    first = dates.order_by("published_at").first()
    if first is None:
        return []
    last = dates.order_by("-published_at").first()
    first, last = timezone.localtime(first).year, timezone.localtime(last).year
    return list(range(last, first - 1, -1))


def result_feed_items(limit: int = FEED_LIMIT) -> list[FinalReport]:
    """The latest published results for the Atom feed, newest first."""
    return list(_with_public_data(result_published()).order_by("-published_at", "-pk")[:limit])


def result_published_between(start: date, end: date) -> list[FinalReport]:
    """The results published from ``start`` to ``end`` (both days included, local time),
    newest first: what a newsletter draft for the period tells."""
    return list(
        _with_public_data(
            result_published().filter(published_at__date__gte=start, published_at__date__lte=end)
        ).order_by("-published_at", "-pk")
    )


def result_organisations(report: FinalReport) -> list:
    """The participating organisations of a result (prefetched), by name."""
    return [interest.organisation for interest in report.provrum.interests.all()]
