"""Reads on provrum: the board, one provrum, its readiness, similar proposals."""

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reglab.accounts.permissions import is_office
from reglab.core.text import similarity, stems
from reglab.organisations.models import Membership, Organisation
from reglab.provrum import rules
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import (
    FORMING_STATES,
    Comment,
    Event,
    FormatRules,
    Interest,
    Provrum,
    State,
)
from reglab.provrum.permissions import is_representative, represented_organisations


def format_rules_get() -> FormatRules:
    """The one FormatRules row, created with the seed's defaults on first use."""
    format_rules, _ = FormatRules.objects.get_or_create(pk=1)
    return format_rules


def _with_board_data(queryset: QuerySet[Provrum]) -> QuerySet[Provrum]:
    return (
        queryset.select_related("proposer_organisation", "leader")
        .prefetch_related(
            "themes",
            Prefetch(
                "interests",
                queryset=Interest.objects.select_related("organisation").order_by("created_at"),
            ),
        )
        .annotate(
            comment_count=Count(
                "comments", filter=Q(comments__removed_at__isnull=True), distinct=True
            )
        )
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


def _search(queryset: QuerySet[Provrum], text: str) -> QuerySet[Provrum]:
    """Full-text search that finds "region" for "regionerna".

    PostgreSQL uses its Swedish text search configuration; SQLite matches the
    Snowball stems kept in ``search_text``.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "summary", "question", config="swedish")
        return queryset.annotate(search=vector).filter(
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
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if year:
        queryset = queryset.filter(
            Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year)
        )
    if organisation:
        queryset = queryset.filter(
            Q(proposer_organisation__slug=organisation)
            | Q(interests__organisation__slug=organisation)
        )
    if query.strip():
        queryset = _search(queryset, query)
    return _with_board_data(queryset.distinct())


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


def provrum_facts(provrum: Provrum) -> rules.ProvrumFacts:
    """The plain values the rules need, from the provrum's (prefetched) interests."""
    participants = tuple(
        rules.Participant(
            slug=interest.organisation.slug,
            is_member=interest.organisation.membership == Membership.MEMBER,
            is_region=interest.organisation.is_region,
            wants_to_lead=interest.wants_to_lead,
        )
        for interest in provrum.interests.all()
    )
    return rules.ProvrumFacts(
        participants=participants, leader=provrum.leader.slug if provrum.leader else None
    )


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


def go_aheads_in_year(year: int | None = None) -> int:
    """How many provrum were given the go-ahead in a calendar year (default this year)."""
    year = year or timezone.localdate().year
    return Provrum.objects.go_aheads_in_year(year).count()


def provrum_readiness_payload(provrum: Provrum, limits: rules.FormatLimits | None = None):
    """{ready, reasons: [{code, severity, message}]} for the API and templates."""
    reasons = provrum_readiness(provrum, limits)
    return {
        "ready": provrum.state == State.INTEREST and rules.is_ready(reasons),
        "reasons": [reason_dict(reason) for reason in reasons],
    }


def provrum_decision_queue(*, user) -> list[Provrum]:
    """What waits for the office: provrum gathering interest, ready ones first."""
    if not user.has_perm("provrum.view_queue"):
        return []
    limits = format_rules_get().to_limits()
    waiting = list(
        _with_board_data(Provrum.objects.filter(state__in=FORMING_STATES)).order_by(
            "published_at", "pk"
        )
    )
    for provrum in waiting:
        provrum.readiness = provrum_readiness_payload(provrum, limits)
    return sorted(waiting, key=lambda p: not p.readiness["ready"])


def comment_list(provrum: Provrum) -> list[Comment]:
    """The discussion as a tree: top-level comments with ``children`` lists."""
    comments = list(provrum.comments.select_related("author").order_by("created_at", "pk"))
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.children if parent else roots).append(comment)
    return roots


def event_list(provrum: Provrum) -> QuerySet[Event]:
    """The provrum's history, oldest first, with actor and organisation."""
    return provrum.events.select_related("actor", "organisation")


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


def organisation_provrum(*, user, organisation: Organisation) -> QuerySet[Provrum]:
    """The provrum an organisation proposed or takes part in, as the person may see them."""
    return _with_board_data(
        provrum_visible_to(user)
        .filter(Q(proposer_organisation=organisation) | Q(interests__organisation=organisation))
        .distinct()
    )
