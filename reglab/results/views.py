"""The public results: the index, a result's page and its attachments (no sign-in
needed), and the office's newsletter draft.

The public views read only through ``selectors.result_published``, so a report
that is not approved and published is a 404 everywhere, like a missing one.
"""

import logging
from functools import wraps
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reglab.core.uploads import SERVED_DOCUMENT_CSP
from reglab.provrum.models import Document
from reglab.results.forms import PeriodForm, ResultFilterForm, default_period
from reglab.results.newsletter import newsletter_draft, newsletter_send_to_self
from reglab.results.selectors import (
    result_attachment_get,
    result_attachments,
    result_get,
    result_list,
    result_organisations,
    result_period,
    result_themes,
    result_years,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Shown in the browser; other kinds (PDF, Word, Excel, PowerPoint) are downloaded: a
# PDF in the browser's viewer could run what slipped past the upload checks.
INLINE_KINDS = {Document.Kind.PNG, Document.Kind.JPEG, Document.Kind.WEBP}


@require_safe
def index(request):
    """Published results, newest first, with search and filters."""
    form = ResultFilterForm(request.GET or None, themes=result_themes(), years=result_years())
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    queryset = result_list(
        query=filters.get("q") or "",
        theme=filters.get("theme") or "",
        year=filters.get("year"),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("sida"))
    query_string = request.GET.copy()
    query_string.pop("sida", None)
    return render(
        request,
        "results/result_index.html",
        {
            "form": form,
            "page": page,
            "reports": list(page.object_list),
            "is_filtered": form.is_filtered(),
            "query_string": query_string.urlencode(),
            "can_draft_newsletter": request.user.has_perm("provrum.draft_newsletter"),
        },
    )


@require_safe
def detail(request, pk):
    """One provrum's approved final report, for everyone."""
    report = result_get(pk)
    start, end = result_period(report)
    return render(
        request,
        "results/result_detail.html",
        {
            "report": report,
            "provrum": report.provrum,
            "organisations": result_organisations(report),
            "attachments": result_attachments(report),
            "period_start": start,
            "period_end": end,
        },
    )


@require_safe
def attachment(request, pk, document_pk):
    """A document the published report attaches: images open in the browser, PDFs
    and Office files are downloaded, all in a sandbox should a browser show them."""
    document = result_attachment_get(pk=pk, document_pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.kind not in INLINE_KINDS,
        filename=document.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SERVED_DOCUMENT_CSP
    return response


# The newsletter draft (the office) ------------------------------------------------


def _office_newsletter(view):
    """Signed in (else the sign-in page) and allowed to draft the newsletter (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("provrum.draft_newsletter"):
            raise PermissionDenied(_("Only the office drafts the newsletter."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _period_form(data) -> PeriodForm:
    if data.get("start") or data.get("end"):
        return PeriodForm(data)
    start, end = default_period()
    return PeriodForm({"start": start.isoformat(), "end": end.isoformat()})


@_office_newsletter
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter(request):
    """Choose a period; see its draft as an e-mail and as text, download it or e-mail it
    to oneself."""
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            try:
                newsletter_send_to_self(by=request.user, start=start, end=end)
            except ValidationError as error:
                form.add_error(None, error)
            except (OSError, SMTPException):
                # The mail server is down or refuses: say so rather than fail with a 500.
                logger.exception("Could not e-mail the newsletter draft to %s", request.user.pk)
                form.add_error(
                    None,
                    ValidationError(
                        _("The e-mail could not be sent just now. Try again in a while."),
                        code="not_sent",
                    ),
                )
            else:
                messages.success(
                    request,
                    _("The draft is sent to %(email)s.") % {"email": request.user.email},
                )
                period = urlencode({"start": start.isoformat(), "end": end.isoformat()})
                return redirect(f"{reverse('results:newsletter')}?{period}")
    else:
        form = _period_form(request.GET)
    draft = None
    if form.is_valid():
        draft = newsletter_draft(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    period = ""
    if draft is not None:
        period = urlencode({"start": draft.start.isoformat(), "end": draft.end.isoformat()})
    status = 422 if form.errors else 200
    return render(
        request,
        "results/newsletter.html",
        {"form": form, "draft": draft, "period_query": period},
        status=status,
    )


# The preview is shown in a frame on the newsletter page: the e-mail's inline
# styles are allowed there, and nothing else (no script, no other site).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
FILE_TYPES = {
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "preview": "text/html; charset=utf-8",
}


@_office_newsletter
@require_safe
def newsletter_file(request, fmt):
    """The period's draft as a download (.html, .txt), or the HTML shown as a preview."""
    if fmt not in FILE_TYPES:
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    draft = newsletter_draft(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    if draft is None:
        raise Http404
    content = draft.text if fmt == "txt" else draft.html
    response = HttpResponse(content, content_type=FILE_TYPES[fmt])
    response["Cache-Control"] = "private, no-cache"
    if fmt == "preview":
        response["Content-Security-Policy"] = PREVIEW_POLICY
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Disposition"] = content_disposition_header(True, draft.filename(fmt))
    return response
