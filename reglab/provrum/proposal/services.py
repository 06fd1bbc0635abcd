"""Writes on a proposal: create, edit, publish, delete a draft, withdraw; the group that forms
around it (interest, leader); its discussion (comments). The office's decision
on it is in ``reglab.provrum.proposal.decisions``. Views, the API, the demo and
tests call these; nothing else saves a provrum in this stage.

Each service, in order: locks the row, checks the permission and the rules,
checks the state change against ``models.TRANSITIONS``, saves, writes an
``Event`` (who, what, when, from which state to which) and queues the
notifications after the commit – each step through the public kernel,
``reglab.provrum.lifecycle``.

Refusals:
- ``PermissionDenied`` – the person may not do this (HTTP 403);
- ``RuleViolation`` – a format rule or the state table says no; carries the
  reasons (HTTP 409);
- ``ValidationError`` – bad input (HTTP 422).
A call that changes nothing returns quietly.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reglab.core.text import has_visible_text, stems
from reglab.organisations.models import Membership, Organisation
from reglab.provrum import lifecycle, rules
from reglab.provrum.facts import provrum_facts
from reglab.provrum.lifecycle import DOUBLE_SUBMIT_SECONDS
from reglab.provrum.models import (
    Comment,
    Event,
    IntendedUse,
    Interest,
    Kind,
    Provrum,
    State,
    Theme,
)
from reglab.provrum.permissions import (
    can_register_interest_for,
    can_withdraw_interest,
    represents,
)
from reglab.provrum.readiness import readiness_store
from reglab.provrum.selectors import (
    comment_thread_root,
    format_rules_get,
    provrum_is_ready,
)

TEXT_LIMITS = {"title": 200, "summary": 5000, "question": 2000}
COMMENT_MAX_LENGTH = 5000

# The kernel's refusal, also under this name: callers catch ``services.RuleViolation``.
RuleViolation = lifecycle.RuleViolation


def _refresh_search_text(provrum: Provrum) -> None:
    text = " ".join([provrum.title, provrum.summary, provrum.question])
    provrum.search_text = " " + " ".join(stems(text)) + " "


def proposal_text_error(name: str, text: str) -> str | None:
    """Why a proposal's ``title``, ``summary`` or ``question`` (already trimmed) is not
    acceptable, or None. The one check: the proposal form's fields call it too, so the
    page and the API refuse the same text with the same message."""
    labels = {"title": _("Title"), "summary": _("Summary"), "question": _("Main question")}
    limit = TEXT_LIMITS[name]
    if not has_visible_text(text):
        return _("%(field)s must be filled in.") % {"field": labels[name]}
    if len(text) > limit:
        return _("%(field)s may be at most %(limit)s characters (now %(count)s).") % {
            "field": labels[name],
            "limit": limit,
            "count": len(text),
        }
    return None


def _clean_text(values: dict) -> dict:
    """Trim the texts and check they are present and not too long."""
    errors = {}
    cleaned = {}
    for name in TEXT_LIMITS:
        if name not in values:
            continue
        text = (values[name] or "").strip()
        message = proposal_text_error(name, text)
        if message:
            errors[name] = message
        cleaned[name] = text
    if "kind" in values and values["kind"] not in Kind.values:
        errors["kind"] = _("Choose whether it is a substantive issue or a way of working.")
    if "intended_use" in values and values["intended_use"] not in IntendedUse.values:
        errors["intended_use"] = _("Choose what the provrum is meant to be used for.")
    for name in ("kind", "intended_use"):
        if name in values:
            cleaned[name] = values[name]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _theme_named(name: str, slug: str) -> Theme | None:
    """The theme with this name (in any case) or, failing that, this slug."""
    return (
        Theme.objects.filter(name__iexact=name).first() or Theme.objects.filter(slug=slug).first()
    )


def theme_list_from_names(names) -> list[Theme]:
    """Themes by name, created when new (a tag list that grows with use)."""
    themes = []
    for name in names or []:
        name = " ".join(str(name).split())[:120]
        if not name:
            continue
        slug = slugify(name)[:140] or "tema"
        theme = _theme_named(name, slug)
        if theme is None:
            try:
                with transaction.atomic():
                    theme = Theme.objects.create(name=name, slug=slug)
            except IntegrityError:
                # Created by someone else at the same moment (a 500 before): use theirs.
                theme = _theme_named(name, slug)
                if theme is None:
                    raise
        themes.append(theme)
    return themes


@transaction.atomic
def provrum_create(
    *,
    by,
    organisation: Organisation,
    title: str,
    summary: str,
    question: str,
    kind: str,
    intended_use: str,
    themes=(),
    wants_to_lead: bool = False,
) -> Provrum:
    """Create a draft proposal on behalf of a member organisation.

    The proposing organisation takes part from the start (its interest is
    registered, saying whether it wants to lead). A partner's representative is
    refused with ``partner_cannot_propose``; a second identical submit within a
    minute returns the first draft instead of creating another.
    """
    if not represents(by, organisation):
        lifecycle.deny(_("You can only propose on behalf of an organisation you represent."))
    lifecycle.refuse(
        rules.check_proposer(proposer_is_member=organisation.membership == Membership.MEMBER)
    )
    values = _clean_text(
        {
            "title": title,
            "summary": summary,
            "question": question,
            "kind": kind,
            "intended_use": intended_use,
        }
    )
    # One proposal by the person at a time: a second post sent at the same moment (a double
    # click, a resent form) waits here and then finds the first draft below. Without the
    # lock, parallel posts all found none and each wrote a draft.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    recent = Provrum.objects.filter(
        created_by=by,
        proposer_organisation=organisation,
        title=values["title"],
        summary=values["summary"],
        created_at__gte=timezone.now() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
    ).first()
    if recent is not None:
        return recent
    provrum = Provrum(created_by=by, proposer_organisation=organisation, **values)
    _refresh_search_text(provrum)
    provrum._change_reason = "created"
    provrum.save()
    provrum.themes.set(theme_list_from_names(themes))
    Interest.objects.create(
        provrum=provrum, organisation=organisation, wants_to_lead=wants_to_lead, registered_by=by
    )
    lifecycle.record(
        provrum, Event.Action.CREATED, by=by, organisation=organisation, to_state=State.DRAFT
    )
    return provrum


@transaction.atomic
def provrum_update(*, provrum: Provrum, by, version: int | None = None, **values) -> Provrum:
    """Edit the proposal's texts, kind, use and themes.

    ``version`` is the version the person started from: an older one is
    refused with ``ValidationError(code="stale_version")`` so nobody overwrites
    another's edit unseen.
    """
    provrum = lifecycle.lock(provrum)
    if not by.has_perm("provrum.change_provrum", provrum):
        lifecycle.deny(_("You cannot edit this provrum."))
    if version is not None and int(version) != provrum.version:
        raise ValidationError(
            _(
                "Someone else saved the proposal while you were editing it. "
                "Your text is kept below: compare it with the saved version and save again."
            ),
            code="stale_version",
        )
    themes = values.pop("themes", None)
    cleaned = _clean_text(values)
    changed = [name for name, value in cleaned.items() if getattr(provrum, name) != value]
    current_themes = sorted(provrum.themes.values_list("name", flat=True))
    new_themes = None
    if themes is not None:
        new_themes = theme_list_from_names(themes)
        if sorted(theme.name for theme in new_themes) != current_themes:
            changed.append("themes")
    if not changed:
        return provrum
    for name, value in cleaned.items():
        setattr(provrum, name, value)
    _refresh_search_text(provrum)
    lifecycle.save(provrum, reason="edited")
    if new_themes is not None:
        provrum.themes.set(new_themes)
    lifecycle.record(provrum, Event.Action.EDITED, by=by, note=", ".join(changed))
    return provrum


@transaction.atomic
def provrum_publish(*, provrum: Provrum, by) -> Provrum:
    """Publish a draft: it becomes a proposal everyone signed in can see."""
    provrum = lifecycle.lock(provrum)
    if provrum.state == State.PROPOSED:
        return provrum
    if not by.has_perm("provrum.publish", provrum):
        if provrum.state != State.DRAFT:
            lifecycle.check_transition(provrum, State.PROPOSED)
        lifecycle.deny(_("Only the proposing organisation can publish the proposal."))
    old = lifecycle.transition(provrum, State.PROPOSED)
    provrum.published_at = timezone.now()
    lifecycle.save(provrum, reason="published")
    lifecycle.record(
        provrum,
        Event.Action.PUBLISHED,
        by=by,
        organisation=provrum.proposer_organisation,
        from_state=old,
        to_state=provrum.state,
    )
    return provrum


def _group_changed(provrum, action, organisation, by, was_ready: bool, note: str = "") -> None:
    """Record ``action`` for ``organisation`` (the ``Event``), then ``_after_group_change``."""
    lifecycle.record(provrum, action, by=by, organisation=organisation, note=note)
    _after_group_change(provrum, by=by, was_ready=was_ready)


def _after_group_change(provrum: Provrum, *, by, was_ready: bool) -> None:
    """Keep the state in step with the group, and record when it becomes ready."""
    count = provrum.interests.count()
    if provrum.state == State.PROPOSED and count >= 2:
        old = lifecycle.transition(provrum, State.INTEREST)
        lifecycle.save(provrum, reason="interest")
        lifecycle.record(
            provrum, Event.Action.STATE_CHANGED, by=by, from_state=old, to_state=State.INTEREST
        )
    elif provrum.state == State.INTEREST and count < 2:
        old = lifecycle.transition(provrum, State.PROPOSED)
        lifecycle.save(provrum, reason="interest")
        lifecycle.record(
            provrum, Event.Action.STATE_CHANGED, by=by, from_state=old, to_state=State.PROPOSED
        )
    if readiness_store(provrum) and not was_ready:
        lifecycle.record(provrum, Event.Action.BECAME_READY, by=by)


def _is_ready_now(provrum: Provrum) -> bool:
    return provrum_is_ready(Provrum.objects.select_related("leader").get(pk=provrum.pk))


@transaction.atomic
def interest_register(
    *, provrum: Provrum, by, organisation: Organisation, wants_to_lead: bool = False
) -> Interest:
    """Register (or change) an organisation's interest in taking part.

    One interest per organisation: registering again updates whether it wants
    to lead. Refused past the maximum number of organisations
    (``too_many_organisations``) and for a partner offering to lead
    (``leader_not_member``). An organisation that no longer wants to lead stops
    being the leader.
    """
    provrum = lifecycle.lock(provrum)
    if not can_register_interest_for(by, provrum, organisation):
        if provrum.state not in {State.PROPOSED, State.INTEREST}:
            lifecycle.check_transition(provrum, State.INTEREST)
        lifecycle.deny(_("You can only register interest for an organisation you represent."))
    if organisation.membership not in (Membership.MEMBER, Membership.PARTNER):
        lifecycle.deny(_("Only Reglab's members and partners can take part in a provrum."))
    limits = format_rules_get().to_limits()
    candidate = rules.Participant(
        slug=organisation.slug,
        is_member=organisation.membership == Membership.MEMBER,
        is_region=organisation.is_region,
        wants_to_lead=wants_to_lead,
    )
    lifecycle.refuse(
        rules.check_interest(facts=provrum_facts(provrum), candidate=candidate, limits=limits)
    )
    was_ready = _is_ready_now(provrum)
    existing = Interest.objects.filter(provrum=provrum, organisation=organisation).first()
    if existing is not None:
        if existing.wants_to_lead == wants_to_lead:
            return existing
        existing.wants_to_lead = wants_to_lead
        existing.registered_by = by
        existing.save()
        if not wants_to_lead and provrum.leader_id == organisation.pk:
            provrum.leader = None
            lifecycle.save(provrum, reason="leader stepped back")
        note = "wants_to_lead" if wants_to_lead else ""
        _group_changed(provrum, Event.Action.INTEREST_CHANGED, organisation, by, was_ready, note)
        return existing
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                provrum=provrum,
                organisation=organisation,
                wants_to_lead=wants_to_lead,
                registered_by=by,
            )
    except IntegrityError:
        # A concurrent double submit won the race: one interest is what we want.
        return Interest.objects.get(provrum=provrum, organisation=organisation)
    note = "wants_to_lead" if wants_to_lead else ""
    _group_changed(provrum, Event.Action.INTEREST_REGISTERED, organisation, by, was_ready, note)
    return interest


@transaction.atomic
def interest_withdraw(*, provrum: Provrum, by, organisation: Organisation) -> None:
    """Withdraw an organisation's interest; a leader that leaves is no longer leader."""
    provrum = lifecycle.lock(provrum)
    interest = (
        Interest.objects.select_related("provrum")
        .filter(provrum=provrum, organisation=organisation)
        .first()
    )
    if interest is None:
        return
    if not can_withdraw_interest(by, interest):
        lifecycle.deny(_("Only the organisation itself or the office can withdraw this interest."))
    was_ready = _is_ready_now(provrum)
    interest.delete()
    if provrum.leader_id == organisation.pk:
        provrum.leader = None
        lifecycle.save(provrum, reason="leader left")
    _group_changed(provrum, Event.Action.INTEREST_WITHDRAWN, organisation, by, was_ready)


@transaction.atomic
def leader_choose(*, provrum: Provrum, by, organisation: Organisation) -> Provrum:
    """Choose the leader among participating members that offered to lead."""
    provrum = lifecycle.lock(provrum)
    if provrum.leader_id == organisation.pk:
        return provrum
    if not by.has_perm("provrum.choose_leader", provrum):
        lifecycle.deny(_("Only the proposing organisation or the office can choose the leader."))
    lifecycle.refuse(
        rules.check_leader_choice(facts=provrum_facts(provrum), candidate=organisation.slug)
    )
    was_ready = _is_ready_now(provrum)
    provrum.leader = organisation
    lifecycle.save(provrum, reason="leader chosen")
    _group_changed(provrum, Event.Action.LEADER_CHOSEN, organisation, by, was_ready)
    return provrum


def _clean_comment_body(body: str) -> str:
    """The comment's text, trimmed; ValidationError when empty or too long."""
    body = (body or "").strip()
    if not has_visible_text(body):
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A comment may be at most 5000 characters (now %(count)s).")
                % {"count": len(body)}
            }
        )
    return body


@transaction.atomic
def comment_add(*, provrum: Provrum, by, body: str, parent: Comment | None = None) -> Comment:
    """Add a comment (or a reply) to the discussion.

    A reply is stored on its thread's first comment, whichever comment it
    answers, so the discussion stays two levels deep. A reply to a removed
    comment, or to a thread the office removed, is refused (``ValidationError``).
    An identical comment by the same person within a minute is a double submit
    and returns the first one, also when the submits arrive at the same moment:
    the provrum row is locked before the check.
    """
    if not by.has_perm("provrum.comment", provrum):
        lifecycle.deny(_("You cannot comment on this provrum."))
    body = _clean_comment_body(body)
    # Concurrent double submits wait here for each other (PostgreSQL row lock), so
    # the check for a recent identical comment sees one another request has just
    # committed; the parent's removal is read under the same lock.
    provrum = lifecycle.lock(provrum)
    if parent is not None:
        parent = Comment.objects.get(pk=parent.pk)
        if parent.provrum_id != provrum.pk:
            raise ValidationError({"parent": _("The reply must belong to the same provrum.")})
        # A discussion has two levels: a reply to a reply joins the thread's first
        # comment, so no chain of replies can grow deeper than the page can show.
        root = comment_thread_root(parent)
        if parent.is_removed or _thread_is_removed(root):
            raise ValidationError(
                {"parent": _("The comment you reply to has been removed by the office.")}
            )
        parent = root
    recent = Comment.objects.filter(
        provrum=provrum,
        author=by,
        body=body,
        parent=parent,
        created_at__gte=timezone.now() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
    ).first()
    if recent is not None:
        return recent
    comment = Comment.objects.create(provrum=provrum, author=by, body=body, parent=parent)
    lifecycle.record(provrum, Event.Action.COMMENTED, by=by)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by, body: str) -> Comment:
    """The author edits a comment within the first minutes; the old text stays in history."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not by.has_perm("provrum.edit_comment", comment):
        lifecycle.deny(_("A comment can only be edited by its author, in the first 15 minutes."))
    body = _clean_comment_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save()
    return comment


@transaction.atomic
def comment_remove(*, comment: Comment, by, reason: str = "", thread: bool = False) -> Comment:
    """The office removes a comment from view; its text stays in the history.

    With ``thread``, the comment's whole thread goes: its first comment and every
    reply (the office's answer to a discussion that has been taken over). Each
    comment is saved on its own, so each keeps its history record. A removed
    comment takes no more replies (``comment_add``), so the thread stays removed.
    """
    comment = Comment.objects.select_for_update().select_related("provrum").get(pk=comment.pk)
    if not by.has_perm("provrum.remove_comment", comment):
        lifecycle.deny(_("Only the office can remove comments."))
    if thread:
        root = comment_thread_root(comment)
        targets = [root, *_thread_replies(root)]
    else:
        targets = [comment]
    now = timezone.now()
    removed = 0
    for target in targets:
        if target.is_removed:
            continue
        target.removed_at = now
        target.removed_by = by
        target.save(update_fields=["removed_at", "removed_by"])
        removed += 1
    if removed:
        lifecycle.record(comment.provrum, Event.Action.COMMENT_REMOVED, by=by, note=reason.strip())
    comment.refresh_from_db()
    return comment


def _thread_is_removed(root: Comment) -> bool:
    """The first comment and every reply are removed: the office took the thread away."""
    return root.is_removed and all(reply.is_removed for reply in _thread_replies(root))


def _thread_replies(root: Comment) -> list[Comment]:
    """Every reply under ``root``, at any depth (older data may nest), found level by level."""
    found: list[Comment] = []
    level = [root.pk]
    seen = {root.pk}
    while level:
        rows = list(
            Comment.objects.select_for_update().filter(parent_id__in=level).exclude(pk__in=seen)
        )
        found.extend(rows)
        level = [row.pk for row in rows]
        seen.update(level)
    return found


@transaction.atomic
def provrum_delete_draft(*, provrum: Provrum, by) -> None:
    """The proposing side deletes its draft, with everything attached to it.

    A draft was never published: only its organisation and the office saw it, so
    it goes for good – its interest, events, notifications and the history rows
    that would keep its text. A published proposal is withdrawn instead
    (``provrum_withdraw``); deleting it is refused with ``not_a_draft``.
    """
    try:
        provrum = lifecycle.lock(provrum)
    except Provrum.DoesNotExist:
        # Already deleted (a double submit): nothing left to do.
        return
    if not by.has_perm("provrum.delete_draft", provrum):
        if provrum.state != State.DRAFT:
            lifecycle.refuse([rules.Reason("not_a_draft", rules.ERROR)])
        lifecycle.deny(_("Only the proposing organisation can delete its draft."))
    pk = provrum.pk
    interests = list(provrum.interests.values_list("pk", flat=True))
    comments = list(provrum.comments.values_list("pk", flat=True))
    provrum.delete()
    Provrum.history.filter(id=pk).delete()
    Interest.history.filter(id__in=interests).delete()
    Comment.history.filter(id__in=comments).delete()


@transaction.atomic
def provrum_withdraw(*, provrum: Provrum, by, comment: str = "") -> Provrum:
    """The proposing organisation withdraws its proposal (before it is running)."""
    provrum = lifecycle.lock(provrum)
    if provrum.state == State.WITHDRAWN:
        return provrum
    if not by.has_perm("provrum.withdraw", provrum):
        lifecycle.check_transition(provrum, State.WITHDRAWN)
        lifecycle.deny(_("Only the proposing organisation can withdraw the provrum."))
    old = lifecycle.transition(provrum, State.WITHDRAWN)
    lifecycle.save(provrum, reason="withdrawn")
    lifecycle.record(
        provrum,
        Event.Action.WITHDRAWN,
        by=by,
        from_state=old,
        to_state=State.WITHDRAWN,
        note=(comment or "").strip(),
    )
    return provrum
