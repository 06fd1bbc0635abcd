"""The public results API: /api/v1/results and /api/v1/results/{provrum_id}.

No sign-in is needed (``auth=None``): these endpoints read only what the public
results page shows, through the same selectors, so a report that is not
approved and published is a 404 here too. Organisations are named by their
slug; no person and no e-mail address appears.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from reglab.core.api_pages import page_answer
from reglab.results.selectors import (
    result_attachments,
    result_get,
    result_list,
    result_organisations,
)

router = Router(tags=["results"])

MAX_PAGE_SIZE = 100


class ResultOrganisationOut(Schema):
    slug: str
    name: str
    is_region: bool


class ResultRowOut(Schema):
    kind: str = Field(description=gettext_lazy('"criterion" or "indicator".'))
    text: str
    outcome: str = Field(description=gettext_lazy('"met", "partly" or "not_met".'))
    evidence: str


class ResultAttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ResultItemOut(Schema):
    id: int = Field(description=gettext_lazy("The provrum's id."))
    title: str
    summary: str
    themes: list[str]
    organisations: list[ResultOrganisationOut]
    leader: str | None = Field(description=gettext_lazy("The leading organisation's slug."))
    published_at: datetime
    url: str = Field(description=gettext_lazy("The public results page."))


class ResultPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ResultItemOut]


class ResultOut(ResultItemOut):
    question: str
    results: list[ResultRowOut]
    lessons: str
    recommendations: str
    follow_on: str = Field(
        description=gettext_lazy('"learning_project", "new_provrum", "none" or "".')
    )
    attachments: list[ResultAttachmentOut]


class ResultNotFoundOut(Schema):
    detail: str


class ResultFilters(Schema):
    q: str = Field(
        "", max_length=200, description=gettext_lazy("Full-text search (Swedish word forms).")
    )
    theme: str = Field("", description=gettext_lazy("A theme's slug."))
    year: int | None = Field(None, ge=1900, le=9999, description=gettext_lazy("Year published."))
    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    # Beyond a million rows an offset means nothing, and a huge one overflowed SQLite.
    offset: int = Field(0, ge=0, le=1_000_000)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _item(report) -> dict:
    """A result as the index lists it; reads only what ``result_list`` prefetched."""
    provrum = report.provrum
    data = report.data or {}
    return {
        "id": provrum.pk,
        "title": provrum.title,
        "summary": _text(data, "summary"),
        "themes": [theme.name for theme in provrum.themes.all()],
        "organisations": [
            {"slug": o.slug, "name": o.name, "is_region": o.is_region}
            for o in result_organisations(report)
        ],
        "leader": provrum.leader.slug if provrum.leader else None,
        "published_at": report.published_at,
        "url": _absolute(reverse("results:detail", kwargs={"pk": provrum.pk})),
    }


def _row(row) -> dict | None:
    if not isinstance(row, dict):
        return None
    return {
        "kind": _text(row, "kind"),
        "text": _text(row, "text"),
        "outcome": _text(row, "outcome"),
        "evidence": _text(row, "evidence"),
    }


def _attachment(report, document) -> dict:
    path = reverse(
        "results:attachment", kwargs={"pk": report.provrum_id, "document_pk": document.pk}
    )
    return {
        "id": document.pk,
        "name": document.name,
        "content_type": document.content_type,
        "size": document.size,
        "url": _absolute(path),
    }


@router.get(
    "/results",
    response=ResultPageOut,
    auth=None,
    summary=gettext_lazy("List published results"),
    description=gettext_lazy(
        "The provrum whose final report the office has approved and published, newest "
        "first. No sign-in needed."
    ),
)
def list_results(request, filters: Query[ResultFilters]):
    return page_answer(
        result_list(query=filters.q, theme=filters.theme, year=filters.year),
        limit=filters.limit,
        offset=filters.offset,
        shape=_item,
    )


@router.get(
    "/results/{provrum_id}",
    response={200: ResultOut, 404: ResultNotFoundOut},
    auth=None,
    summary=gettext_lazy("One published result"),
    description=gettext_lazy(
        "A provrum's published final report with its attachments' public addresses. A "
        "provrum without a published report gives 404. No sign-in needed."
    ),
)
def get_result(request, provrum_id: int):
    report = result_get(provrum_id)
    data = report.data or {}
    rows = [_row(row) for row in data.get("results") or []]
    return {
        **_item(report),
        "question": report.provrum.question,
        "results": [row for row in rows if row is not None],
        "lessons": _text(data, "lessons"),
        "recommendations": _text(data, "recommendations"),
        "follow_on": _text(data, "follow_on"),
        "attachments": [_attachment(report, d) for d in result_attachments(report)],
    }
