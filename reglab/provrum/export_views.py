"""Downloads of a provrum's project plan, and the calendars of its milestones.

Who may download is who may read the plan (``provrum.view_plan``: the group and
the office, and every confirmed representative once the plan is approved, then
without the join links); a provrum the person may not see, one without the
go-ahead and one whose plan nobody has saved yet all answer 404, as the plan
page and the API do. The files are built by ``exports``; these views only choose
the file and name it.

The personal calendar is fetched by calendar programs without a session: its
address carries a signed token (``calendar_feed``), and a bad token is a 404.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reglab.accounts.services import calendar_feed_secret_renew
from reglab.core.api_tokens import token_actor
from reglab.core.calendar import personal_calendar_extend
from reglab.core.limits import export_limited
from reglab.provrum import exports
from reglab.provrum.calendar_feed import (
    calendar_items,
    calendar_provrum,
    feed_owner,
    feed_token,
    readable_items,
)
from reglab.provrum.models import ProjectPlan
from reglab.provrum.plan import services as plans
from reglab.provrum.running import calendar as group_calendar
from reglab.provrum.web import provrum_area

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS = "text/calendar; charset=utf-8"
# The calendar page lists the person's provrum a page at a time: the office follows every
# provrum with a plan, and after ten years that is a long list. The feed holds them all.
CALENDAR_PER_PAGE = 25


def bearer_token_accepted(view):
    """Let an API client download with ``Authorization: Bearer <token>``.

    The plan API lists these addresses; a client that has no browser session
    sends its personal token instead. Only safe (GET/HEAD) views use this, so
    no form can be posted with a token.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not request.user.is_authenticated and header.startswith("Bearer "):
            # As the API: an office account without its second factor is refused (403).
            person = token_actor(header.removeprefix("Bearer ").strip())
            if person is not None:
                request.user = person
        return view(request, *args, **kwargs)

    return wrapper


def _saved_plan(request, pk) -> tuple[ProjectPlan, dict]:
    """The plan of a provrum the person may see, once someone has saved it (else 404),
    and its data as the person may read it (``plans.plan_data_for``: a reader outside
    the group gets an approved plan without the join links of its digital meetings)."""
    plan = plans.plan_get_for(user=request.user, pk=pk)
    if plan.pk is None:
        raise Http404
    return plan, plans.plan_data_for(request.user, plan.provrum, plan.data)


def _file(content, content_type: str, filename: str, *, attachment: bool = True):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    # A plan is for the people who may see it: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-cache"
    return response


def _plan_download(build, stem: str, suffix: str, content_type: str, *, attachment=True):
    """A view that downloads one file built from a saved plan: ``build(user, provrum,
    data)`` gives its content, named ``<file stem>-<stem>.<suffix>``."""

    @require_safe
    @bearer_token_accepted
    @export_limited
    @provrum_area
    def view(request, pk):
        plan, data = _saved_plan(request, pk)
        content = build(request.user, plan.provrum, data)
        filename = f"{exports.file_stem(plan.provrum, stem)}.{suffix}"
        return _file(content, content_type, filename, attachment=attachment)

    return view


def _milestones_ics(user, provrum, data) -> bytes:
    """One provrum's milestones, downloaded while signed in."""
    return _calendar(user, [(provrum, data)], f"Reglab – {provrum.title}")


plan_docx = _plan_download(
    lambda _user, provrum, data: exports.plan_docx(provrum, data), "projektplan", "docx", DOCX
)
# Shown in the browser's PDF viewer; it can be saved from there.
plan_pdf = _plan_download(
    lambda _user, provrum, data: exports.plan_pdf(provrum, data),
    "projektplan",
    "pdf",
    "application/pdf",
    attachment=False,
)
budget_xlsx = _plan_download(
    lambda _user, provrum, data: exports.budget_xlsx(provrum, data), "budget", "xlsx", XLSX
)
budget_csv = _plan_download(
    lambda _user, provrum, data: exports.budget_csv(provrum, data).encode("utf-8"),
    "budget",
    "csv",
    "text/csv; charset=utf-8",
)
calendar_ics = _plan_download(_milestones_ics, "milstolpar", "ics", ICS)


def _calendar(user, items, name: str, *, whole: bool = False) -> bytes:
    """The milestones of ``items`` and the group's meetings (``running.calendar``);
    ``whole``: the person's whole calendar, with the meetings of every provrum they
    work in, plan or not."""
    meetings = group_calendar.group_meetings(user, None if whole else [p for p, _d in items])
    body = exports.milestones_ics(group_calendar.milestones_left(items, meetings), name=name)
    return group_calendar.with_meetings(body, meetings)


def _feed_url(user, provrum=None) -> str:
    token = feed_token(user, provrum)
    return f"{settings.SITE_URL}{reverse('provrum:calendar_feed', args=[token])}"


def _webcal(url: str) -> str:
    """The webcal:// form, which makes calendar programs offer to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


@require_safe
@provrum_area
def calendar(request):
    """The person's calendar address, and the provrum whose milestones it holds."""
    user = request.user
    feed_url = _feed_url(user)
    # Chosen and paged in the database (``calendar_provrum``, the queryset twin of the
    # rules); each provrum on the page is then asked ``view_plan`` as the feed asks it.
    page = Paginator(calendar_provrum(user), CALENDAR_PER_PAGE).get_page(request.GET.get("sida"))
    rows = []
    for provrum, data in readable_items(user, page):
        url = _feed_url(user, provrum)
        rows.append(
            {
                "provrum": provrum,
                "milestones": sum(1 for row in data.get("milestones") or [] if row.get("date")),
                "feed_url": url,
                "webcal_url": _webcal(url),
                "download_url": reverse("provrum:calendar_ics", args=[provrum.pk]),
            }
        )
    return render(
        request,
        "provrum/calendar.html",
        {"feed_url": feed_url, "webcal_url": _webcal(feed_url), "rows": rows, "page": page},
    )


@require_POST
@provrum_area
def calendar_feed_reset(request):
    """A new calendar address for the person: the old ones answer 404 from now on."""
    calendar_feed_secret_renew(person=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old address no longer works: "
            "subscribe again with the new one."
        ),
    )
    return redirect("provrum:calendar")


@require_safe
def calendar_feed(request, token):
    """The subscribed calendar: no session, a signed token; a bad token is a 404."""
    owner = feed_owner(token)
    if owner is None:
        raise Http404
    user, provrum_pk = owner
    items = calendar_items(user, provrum_pk)
    if provrum_pk is not None and not items:
        raise Http404
    if provrum_pk is not None:
        name = f"Reglab – {items[0][0].title}"
    else:
        name = _("Reglab – my provrum")
    body = _calendar(user, items, name, whole=provrum_pk is None)
    if provrum_pk is None:
        # The person's whole calendar: also the meetings they are registered for.
        body = personal_calendar_extend(body, user)
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = content_disposition_header(False, "reglab-provrum.ics")
    response["Cache-Control"] = "private, max-age=900"
    return response
