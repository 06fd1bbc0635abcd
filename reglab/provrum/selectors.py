"""Reads on provrum: the board, one provrum, its readiness, similar proposals."""

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from reglab.accounts.permissions import is_office
from reglab.core.text import similarity, stems
from reglab.organisations.models import Organisation
from reglab.provrum import rules
from reglab.provrum.facts import provrum_facts
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import (
    FORMING_STATES,
    Comment,
    Event,
    FormatRules,
    Interest,
    ProjectPlan,
    Provrum,
    State,
)
from reglab.provrum.permissions import (
    PLAN_STATES,
    is_representative,
    represented_organisations,
)


def format_rules_get() -> FormatRules:
    """The one FormatRules row, created with the seed's defaults on first use."""
    format_rules, _ = FormatRules.objects.get_or_create(pk=1)
    return format_rules


def comment_count_expression():
    """The visible comments of the provrum in the outer query, as a correlated subquery.

    A subquery rather than a join with COUNT and GROUP BY: a join groups every
    matching provrum with all its comments before the page is cut out of them.
    PostgreSQL evaluates an expensive select-list expression only for the rows
    that survive ORDER BY and LIMIT, so a page of 30 counts the comments of 30
    provrum, through the index on ``provrum_id``; and ``count()`` leaves the
    unreferenced annotation out altogether.
    """
    counted = (
        Comment.objects.filter(provrum=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("provrum")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_board_data(queryset: QuerySet[Provrum]) -> QuerySet[Provrum]:
    """What a card shows: organisations, themes, the group, the comment count."""
    return (
        queryset.select_related("proposer_organisation", "leader")
        .prefetch_related(
            "themes",
            Prefetch(
                "interests",
                queryset=Interest.objects.select_related("organisation").order_by("created_at"),
            ),
        )
        .annotate(comment_count=comment_count_expression())
    )


def provrum_visible_to(user) -> QuerySet[Provrum]:
    """Every provrum the person may see: the queryset twin of ``provrum.view_provrum``."""
    if is_office(user):
        return Provrum.objects.all()
    if not is_representative(user):
        if not (user and user.is_authenticated and user.is_active):
            return Provrum.objects.none()
        # Someone whose affiliation has ended still sees the drafts they wrote, as the
        # permission (the proposer side includes the draft's author) says.
        return Provrum.objects.filter(state=State.DRAFT, created_by=user)
    own = Q(created_by=user) | Q(proposer_organisation_id__in=represented_organisations(user))
    return Provrum.objects.filter(~Q(state=State.DRAFT) | own)


def plan_visible_to(user) -> QuerySet[Provrum]:
    """Every provrum whose plan the person may read: the twin of ``provrum.view_plan``.

    The group (the leader's and the participating organisations' confirmed
    representatives) and the office read the plan from the go-ahead on; other
    confirmed representatives only once the office has approved it.
    """
    plan_stage = Q(state__in=PLAN_STATES) | Q(go_ahead_at__isnull=False)
    visible = provrum_visible_to(user).filter(plan_stage)
    if is_office(user):
        return visible
    represented = list(represented_organisations(user))
    if not represented:
        return Provrum.objects.none()
    in_group = Q(leader_id__in=represented) | Exists(
        Interest.objects.filter(provrum=OuterRef("pk"), organisation_id__in=represented)
    )
    return visible.filter(in_group | Q(plan__status=ProjectPlan.Status.APPROVED))


def _search(queryset: QuerySet[Provrum], text: str) -> QuerySet[Provrum]:
    """Full-text search that finds "region" for "regionerna".

    PostgreSQL uses its Swedish text search configuration; SQLite matches the
    Snowball stems kept in ``search_text``.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "summary", "question", config="swedish")
        # alias, not annotate: the vector is only filtered on, never selected, and
        # the filter matches the GIN index on the same expression (migration 0007).
        return queryset.alias(search=vector).filter(
            search=SearchQuery(text, config="swedish", search_type="plain")
        )
    for stem in stems(text):
        queryset = queryset.filter(search_text__contains=f" {stem}")
    return queryset


def provrum_list(
    *,
    user,
    state: str = "",
    theme: str = "",
    year: int | None = None,
    organisation: str = "",
    query: str = "",
) -> QuerySet[Provrum]:
    """The board: visible provrum, filtered, with what a card shows prefetched.

    ``state`` may also be "ready", which is computed and so filtered in Python
    by the caller (``provrum_is_ready``); here it selects gathering interest.
    """
    queryset = provrum_visible_to(user)
    if state == "ready":
        queryset = queryset.filter(state=State.INTEREST)
    elif state:
        queryset = queryset.filter(state=state)
    # Filters on related rows are EXISTS subqueries, never joins: a join repeats a
    # provrum per theme or interest, and DISTINCT over the wide rows to undo that
    # sorts the whole table before the page is cut.
    if theme:
        queryset = queryset.filter(
            Exists(Provrum.themes.through.objects.filter(provrum=OuterRef("pk"), theme__slug=theme))
        )
    if year:
        queryset = queryset.filter(
            Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year)
        )
    if organisation:
        queryset = queryset.filter(
            Q(proposer_organisation__slug=organisation)
            | Exists(
                Interest.objects.filter(provrum=OuterRef("pk"), organisation__slug=organisation)
            )
        )
    if query.strip():
        queryset = _search(queryset, query)
    return _with_board_data(queryset)


def provrum_first_year(user) -> int | None:
    """The year of the person's earliest visible provrum, for the board's year filter.

    One MIN over an indexed column instead of listing the distinct years of the
    whole table; a provrum is created before it is published, so ``created_at``
    covers both dates.
    """
    first = provrum_visible_to(user).aggregate(first=Min("created_at"))["first"]
    return timezone.localtime(first).year if first else None


def provrum_get_for(*, user, pk) -> Provrum:
    """One provrum the person may see, with its participants; the same 404 for
    missing and forbidden (Zulip's access_* pattern)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    provrum = _with_board_data(Provrum.objects.filter(pk=pk)).first()
    if provrum is None or not user.has_perm("provrum.view_provrum", provrum):
        raise Http404
    return provrum


def provrum_readiness(provrum: Provrum, limits: rules.FormatLimits | None = None) -> list:
    """The readiness reasons (errors and warnings) of a provrum."""
    limits = limits or format_rules_get().to_limits()
    return rules.check_readiness(facts=provrum_facts(provrum), limits=limits)


def provrum_is_ready(provrum: Provrum, limits: rules.FormatLimits | None = None) -> bool:
    """Ready ("redo"): gathering interest and no error among the readiness reasons."""
    return provrum.state == State.INTEREST and rules.is_ready(provrum_readiness(provrum, limits))


def provrum_display_state(provrum: Provrum, limits: rules.FormatLimits | None = None) -> str:
    """The state as people see it: "ready" replaces gathering interest when computed so."""
    if provrum.state == State.INTEREST and provrum_is_ready(provrum, limits):
        return "ready"
    return provrum.state


def provrum_readiness_payload(provrum: Provrum, limits: rules.FormatLimits | None = None):
    """{ready, reasons: [{code, severity, message}]} for the API and templates."""
    reasons = provrum_readiness(provrum, limits)
    return {
        "ready": provrum.state == State.INTEREST and rules.is_ready(reasons),
        "reasons": [reason_dict(reason) for reason in reasons],
    }


def provrum_decision_queue(*, user) -> QuerySet[Provrum]:
    """What waits for the office: provrum forming a group, ready ones first, then the
    oldest proposal first. Sorted on the stored readiness (``Provrum.is_ready``), so
    the database pages it; the interests and the leader a row shows are prefetched.
    """
    if not user.has_perm("provrum.view_queue"):
        return Provrum.objects.none()
    return (
        Provrum.objects.filter(state__in=FORMING_STATES)
        .select_related("proposer_organisation", "leader")
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=Interest.objects.select_related("organisation").order_by("created_at"),
            )
        )
        .order_by("-is_ready", "published_at", "pk")
    )


def comment_thread_root(comment: Comment) -> Comment:
    """The first comment of the thread a comment belongs to.

    New replies are stored on the thread's first comment, but chains written
    before that rule may be deeper; the walk is a loop, so any depth is fine.
    """
    seen = {comment.pk}
    while comment.parent_id is not None and comment.parent_id not in seen:
        seen.add(comment.parent_id)
        comment = comment.parent
    return comment


class RowPage(list):
    """A page of a long list, newest last, and where the page before it starts.

    ``earlier`` is the id of the first row shown when earlier rows exist (the
    cursor of the "show earlier" link), else None.
    """

    earlier: int | None = None


# The provrum page shows the latest threads and events; "show earlier" pages back.
DISCUSSION_THREADS = 20
HISTORY_EVENTS = 30


def _as_threads(comments: list[Comment]) -> list[Comment]:
    """Comments in the order written, as threads: the first comments, each with a flat
    ``children`` list of every reply under it, however deep it was stored.

    ``reply_to`` names the author a reply answered when that was not the first
    comment; ``thread_removed`` says the office removed the whole thread.
    """
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
        comment.reply_to = None
    root_of: dict[int, Comment] = {}
    for comment in comments:
        # Follow the parents up to the thread's first comment, without recursion;
        # a parent missing from the list (or a loop) makes the comment a thread of its own.
        path, current = [], comment
        while current.pk not in root_of:
            path.append(current.pk)
            parent = by_id.get(current.parent_id)
            if parent is None or parent.pk in path:
                root_of[current.pk] = current
                break
            current = parent
        root = root_of[current.pk]
        for pk in path:
            root_of[pk] = root
        if root is comment:
            roots.append(comment)
        else:
            root.children.append(comment)
            parent = by_id[comment.parent_id]
            if parent is not root:
                comment.reply_to = parent.author
    for root in roots:
        root.thread_removed = (
            root.is_removed and bool(root.children) and all(c.is_removed for c in root.children)
        )
    return roots


def comment_list(provrum: Provrum) -> list[Comment]:
    """The whole discussion as threads (the API's comments list); see ``_as_threads``.

    Every reply, however deep it was stored, is listed under its thread's first
    comment in the order written, so the page and the API never recurse.
    """
    return _as_threads(list(provrum.comments.select_related("author").order_by("created_at", "pk")))


def _before(queryset: QuerySet, before: int | None) -> QuerySet:
    """The rows written before row ``before`` of the same queryset (by time, then id)."""
    if before is None:
        return queryset
    anchor = queryset.filter(pk=before).values("created_at")[:1]
    return queryset.filter(
        Q(created_at__lt=Subquery(anchor)) | Q(created_at=Subquery(anchor), pk__lt=before)
    )


def comment_thread_page(
    provrum: Provrum, *, before: int | None = None, size: int = DISCUSSION_THREADS
) -> RowPage:
    """The latest ``size`` threads of the discussion (those begun before thread
    ``before``, when given), oldest first, each with all its replies.

    One query whatever the discussion's size: a recursive query starts from the
    latest ``size + 1`` first comments (read from ``provrum_comment_threads_idx``)
    and collects every reply under them at any depth (chains stored before replies
    were flattened may be deep); the extra thread only tells that earlier ones exist.
    """
    table = Comment._meta.db_table
    params: list = [provrum.pk]
    after_cursor = ""
    if before is not None:
        # The model's own table name and placeholders only; the values are parameters.
        anchor = f"(SELECT created_at FROM {table} WHERE id = %s AND provrum_id = %s)"  # noqa: S608  # nosec B608
        after_cursor = f"AND (created_at < {anchor} OR (created_at = {anchor} AND id < %s))"
        params += [before, provrum.pk, before, provrum.pk, before]
    params.append(size + 1)
    # Only the model's table name and placeholders are put into the text; the values
    # are parameters. UNION (not UNION ALL) ends a loop of parents, should one be stored.
    threads_sql = RawSQL(  # noqa: S611  # nosec B611
        f"WITH RECURSIVE thread(id) AS ("  # noqa: S608  # nosec B608
        f"SELECT id FROM (SELECT id FROM {table} "
        f"WHERE provrum_id = %s AND parent_id IS NULL {after_cursor} "
        f"ORDER BY created_at DESC, id DESC LIMIT %s) latest "
        f"UNION SELECT c.id FROM {table} c JOIN thread ON c.parent_id = thread.id"
        f") SELECT id FROM thread",
        params,
    )
    comments = sorted(
        Comment.objects.filter(pk__in=threads_sql).select_related("author"),
        key=lambda comment: (comment.created_at, comment.pk),
    )
    threads = _as_threads(comments)
    page = RowPage(threads[-size:])
    if len(threads) > size:
        page.earlier = page[0].pk
    return page


def event_list(provrum: Provrum) -> QuerySet[Event]:
    """The provrum's history, oldest first, with actor and organisation."""
    return provrum.events.select_related("actor", "organisation")


# The office's decisions on the plan and the report quote its comment to the group as
# the event's note: who may read that comment where it was written may read the note.
REVIEW_NOTE_PERMISSIONS = {
    Event.Action.PLAN_APPROVED: "provrum.view_plan_review",
    Event.Action.PLAN_RETURNED: "provrum.view_plan_review",
    Event.Action.REPORT_APPROVED: "provrum.view_report",
    Event.Action.REPORT_RETURNED: "provrum.view_report",
}


def event_list_for(
    user, provrum: Provrum, *, before: int | None = None, size: int | None = None
) -> list[Event]:
    """The provrum's history as the person may read it, oldest first; with ``size``,
    only the latest ``size`` events (before event ``before``) as a ``RowPage``.

    Everyone who sees the provrum sees what happened, but the office's review
    comments (the notes of its decisions on the plan and the report) only the
    group and the office read, as on the plan's and the report's own pages.
    """
    if size is None:
        events = list(event_list(provrum))
    else:
        latest = list(
            _before(event_list(provrum), before).order_by("-created_at", "-pk")[: size + 1]
        )
        events = RowPage(reversed(latest[:size]))
        if len(latest) > size:
            events.earlier = events[0].pk
    allowed: dict[str, bool] = {}
    for event in events:
        permission = REVIEW_NOTE_PERMISSIONS.get(event.action)
        if permission is None or not event.note:
            continue
        if permission not in allowed:
            allowed[permission] = user.has_perm(permission, provrum)
        if not allowed[permission]:
            event.note = ""
    return events


# Small words that say nothing about the subject: two proposals that share only
# "och" or "för" are not alike.
_STOP_STEMS = set(
    stems(
        "och att det som för med till den har inte ett men var sig från kan man när hur "
        "vad vid mot alla eller sin sitt sina vara vill ska oss vår våra vårt deras dem där "
        "här efter under över utan också samt dess denna detta dessa"
    )
)


def _subject_stems(words) -> set[str]:
    return {stem for stem in words if len(stem) > 2 and stem not in _STOP_STEMS}


def similar_provrum(
    *, user, title: str, summary: str = "", exclude_pk=None, limit: int = 3
) -> list[Provrum]:
    """Earlier proposals that resemble a new one ("liknande förslag").

    Compares Swedish stems of title and summary; the title counts double. The
    candidates are the latest 300 published provrum the person may see.
    """
    wanted = _subject_stems(stems(title)) | _subject_stems(stems(summary))
    if not wanted:
        return []
    candidates = (
        provrum_visible_to(user)
        .exclude(state=State.DRAFT)
        .exclude(pk=exclude_pk)
        .select_related("proposer_organisation")
        .order_by("-published_at")[:300]
    )
    scored = []
    for candidate in candidates:
        theirs = _subject_stems(candidate.search_text.split())
        title_stems = _subject_stems(stems(candidate.title))
        score = similarity(wanted, theirs) + similarity(wanted, title_stems)
        if score >= 0.15:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for _, candidate in scored[:limit]]


SIMILAR_CACHE_SECONDS = 600


def similar_provrum_for(*, user, provrum: Provrum, limit: int = 3) -> list[Provrum]:
    """``similar_provrum`` for the provrum page, cached for ten minutes per provrum version.

    Scoring the 300 candidates costs more than the rest of the page. The candidates
    are published provrum, which every representative and the office see alike, so
    the answer is shared between them (keyed on the provrum's version, which an edit
    raises) and still filtered through the person's visibility when read back.
    """
    if not (is_office(user) or is_representative(user)):
        return similar_provrum(
            user=user, title=provrum.title, summary=provrum.summary, exclude_pk=provrum.pk
        )
    key = f"provrum:similar:{provrum.pk}:{provrum.version}:{limit}"
    ids = cache.get(key)
    if ids is None:
        found = similar_provrum(
            user=user,
            title=provrum.title,
            summary=provrum.summary,
            exclude_pk=provrum.pk,
            limit=limit,
        )
        cache.set(key, [candidate.pk for candidate in found], SIMILAR_CACHE_SECONDS)
        return found
    if not ids:
        return []
    rows = provrum_visible_to(user).filter(pk__in=ids).select_related("proposer_organisation")
    by_id = {candidate.pk: candidate for candidate in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def organisation_provrum(*, user, organisation: Organisation) -> QuerySet[Provrum]:
    """The provrum an organisation proposed or takes part in, as the person may see them."""
    return _with_board_data(
        provrum_visible_to(user).filter(
            Q(proposer_organisation=organisation)
            | Exists(Interest.objects.filter(provrum=OuterRef("pk"), organisation=organisation))
        )
    )
