"""The proposal's pages: the form, the provrum page with its actions (publish,
delete a draft, withdraw, interest, leader), the office's decision and its queue, and the
similar proposals while a title is typed. The discussion's pages and actions
are in ``reglab.provrum.proposal.discussion``.

Views are thin: a form parses the input, one service writes or one selector
reads. A service's refusal (``PermissionDenied``, ``RuleViolation``,
``ValidationError``) is shown as a message next to the action it concerns,
with the status code the API uses (403, 409, 422); never a 500. Every action is
a plain POST that works without JavaScript; with htmx the affected part of the
page is swapped instead.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from reglab.core.limits import RateLimited, limit_take
from reglab.organisations.models import Membership, Organisation
from reglab.provrum.display import (
    SIDE_EXITS,
    annotate_display_states,
    go_ahead_reasons,
    interest_reasons,
    readiness_checklist,
    state_steps,
)
from reglab.provrum.facts import go_aheads_in_year
from reglab.provrum.forms import (
    CommentForm,
    DecisionForm,
    InterestForm,
    LeaderForm,
    ProvrumForm,
)
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.messages import reason_dict
from reglab.provrum.models import (
    FORMING_STATES,
    Comment,
    Provrum,
    State,
)
from reglab.provrum.permissions import can_withdraw_interest, represented_organisations
from reglab.provrum.proposal import decisions, services
from reglab.provrum.rules import ERROR, Reason
from reglab.provrum.selectors import (
    HISTORY_EVENTS,
    comment_thread_page,
    event_list_for,
    format_rules_get,
    provrum_decision_queue,
    provrum_get_for,
    provrum_readiness_payload,
    similar_provrum,
    similar_provrum_for,
)
from reglab.provrum.web import (
    Feedback,
    form_errors,
    limited,
    page_or_fragment,
    provrum_action,
    provrum_area,
    run_action,
)

QUEUE_PAGE_SIZE = 25


def _organisations(user, memberships) -> list[Organisation]:
    ids = [
        pk
        for pk, membership in represented_organisations(user).items()
        if membership in memberships
    ]
    if not ids:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def proposable_organisations(user):
    """The member organisations the person may propose for."""
    return _organisations(user, {Membership.MEMBER})


def participating_organisations(user):
    """The members and partners the person may register interest for."""
    return _organisations(user, {Membership.MEMBER, Membership.PARTNER})


def propose_refusal(user) -> dict:
    """Why the person cannot propose: a partner's representative gets the format's rule."""
    if Membership.PARTNER in represented_organisations(user).values():
        return reason_dict(Reason("partner_cannot_propose", ERROR))
    return reason_dict(Reason("not_allowed", ERROR))


@provrum_area
def similar(request):
    """ "Liknande förslag" for a title being typed (an htmx fragment, also plain GET)."""
    title = request.GET.get("title", "")[:200]
    summary = request.GET.get("summary", "")[:5000]
    exclude = request.GET.get("exclude")
    found = similar_provrum(
        user=request.user,
        title=title,
        summary=summary,
        exclude_pk=int(exclude) if exclude and exclude.isdigit() else None,
    )
    return render(
        request,
        "provrum/partials/similar.html",
        {"similar": found, "searched": bool(title.strip() or summary.strip())},
    )


# The proposal form ----------------------------------------------------------


@provrum_area
def provrum_create(request):
    """A member's representative writes a proposal; it is saved as a draft."""
    organisations = proposable_organisations(request.user)
    if not organisations:
        return render(
            request,
            "provrum/provrum_form.html",
            {"refusal": propose_refusal(request.user)},
            status=403,
        )
    form = ProvrumForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            limit_take(request.user, "proposal")
            provrum = services.provrum_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                wants_to_lead=form.cleaned_data["wants_to_lead"],
                **form.service_values(),
            )
        except RateLimited as error:
            # The form comes back with everything the person wrote.
            form.add_error(None, error.message)
            form.reason_codes = [error.code]
            status = 429
        except (PermissionDenied, RuleViolation, ValidationError) as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft is saved. Only your organisation sees it until you publish it."),
            )
            return redirect(provrum)
    similar = []
    if request.method == "POST" and form.data.get("title", "").strip():
        # Without JavaScript, similar proposals show when the form comes back.
        similar = similar_provrum(
            user=request.user,
            title=form.data.get("title", "")[:200],
            summary=form.data.get("summary", "")[:5000],
        )
    return render(
        request,
        "provrum/provrum_form.html",
        {"form": form, "similar": similar},
        status=status if status != 200 else (400 if form.errors else 200),
    )


def _edit_initial(provrum: Provrum) -> dict:
    themes = list(provrum.themes.all())
    return {
        "title": provrum.title,
        "summary": provrum.summary,
        "question": provrum.question,
        "kind": provrum.kind,
        "intended_use": provrum.intended_use,
        "themes": [theme for theme in themes if theme.suggested],
        "other_themes": ", ".join(theme.name for theme in themes if not theme.suggested),
        "version": provrum.version,
    }


@provrum_area
def provrum_edit(request, pk):
    """Edit a proposal. The hidden version refuses a save over someone else's newer one."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    if not request.user.has_perm("provrum.change_provrum", provrum):
        raise PermissionDenied
    saved = None
    if request.method != "POST":
        form = ProvrumForm(editing=True, initial=_edit_initial(provrum))
    else:
        form = ProvrumForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.provrum_update(
                    provrum=provrum,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **form.service_values(),
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "stale_version":
                    # Keep the person's text; the next save builds on the saved version.
                    saved = provrum_get_for(user=request.user, pk=pk)
                    data = request.POST.copy()
                    data["version"] = saved.version
                    form = ProvrumForm(data, editing=True)
                    form.is_valid()
                    form.reason_codes = ["stale_version"]
                form_errors(form, error)
            except (PermissionDenied, RuleViolation) as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The proposal is saved."))
                return redirect(provrum)
    return render(
        request,
        "provrum/provrum_form.html",
        {"form": form, "provrum": provrum, "saved": saved},
        status=(409 if saved else 400) if form.errors else 200,
    )


# The provrum page -----------------------------------------------------------


def reply_parent(provrum: Provrum, pk, can_comment: bool) -> Comment | None:
    """The comment the page's reply form answers (``?svara=`` without JavaScript, or a
    refused reply), when it is one of this provrum's comments that is not removed."""
    if not can_comment or not str(pk or "").isdigit():
        return None
    return (
        Comment.objects.filter(pk=int(pk), provrum=provrum, removed_at__isnull=True)
        .select_related("author")
        .first()
    )


def cursor(request) -> int | None:
    """The ``fore`` parameter of a "show earlier" link: the first row already shown."""
    value = request.GET.get("fore", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _detail_context(request, provrum: Provrum, *, feedback: Feedback | None = None, **extra):
    """Everything the provrum page and its fragments show.

    The discussion, the history and the similar proposals are passed as
    callables: a fragment that does not show them does not query for them.
    """
    user = request.user
    limits = format_rules_get().to_limits()
    annotate_display_states([provrum], limits)
    can = {
        name: user.has_perm(f"provrum.{name}", provrum)
        for name in (
            "change_provrum",
            "publish",
            "withdraw",
            "delete_draft",
            "comment",
            "register_interest",
            "choose_leader",
            "decide",
        )
    }
    interests = list(provrum.interests.all())
    for interest in interests:
        interest.can_withdraw = can_withdraw_interest(user, interest)
    own_organisations = list(participating_organisations(user)) if can["register_interest"] else []
    own_ids = {organisation.pk for organisation in own_organisations}
    own_interests = [interest for interest in interests if interest.organisation_id in own_ids]
    joined_ids = {interest.organisation_id for interest in own_interests}
    joinable = [
        organisation for organisation in own_organisations if organisation.pk not in joined_ids
    ]
    candidates = [
        interest.organisation
        for interest in interests
        if interest.wants_to_lead and interest.organisation.membership == Membership.MEMBER
    ]
    deciding = can["decide"] and provrum.state in FORMING_STATES
    decision = go_ahead_reasons(provrum, limits) if deciding else None
    context = {
        "provrum": provrum,
        "can": can,
        "steps": state_steps(provrum.display_state),
        "checklist": readiness_checklist(provrum, limits),
        "interests": interests,
        "own_interests": own_interests,
        # Organisations of the person's that can still join; the joined ones
        # get a form each to change whether they want to lead.
        "joinable_organisations": joinable,
        "interest_reasons": interest_reasons(provrum, joinable, limits),
        "leader_candidates": candidates,
        "decision": decision,
        "decision_form": DecisionForm(
            warning_codes=[w["code"] for w in decision["warnings"]] if decision else ()
        ),
        "comment_form": CommentForm(),
        # The latest threads and events; "show earlier" pages back (comment_thread_page).
        "comments": partial(comment_thread_page, provrum),
        "reply_parent": reply_parent(
            provrum, extra.get("failed_parent") or request.GET.get("svara"), can["comment"]
        ),
        "reply_base": reverse("provrum:detail", kwargs={"pk": provrum.pk}) + "?",
        # The office's review comments in the history only for the group and the office.
        "events": partial(event_list_for, user, provrum, size=HISTORY_EVENTS),
        "decisions": partial(lambda: list(provrum.decisions.select_related("decided_by"))),
        "similar": partial(similar_provrum_for, user=user, provrum=provrum),
        "show_similar": provrum.state in {State.DRAFT, *FORMING_STATES},
        "is_side_exit": provrum.state in SIDE_EXITS,
        "feedback": feedback,
        "edit_minutes": 15,
    }
    context.update(extra)
    return context


@provrum_area
def provrum_detail(request, pk):
    """One provrum: what it is about, its state, readiness, group, discussion, history."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    return render(request, "provrum/provrum_detail.html", _detail_context(request, provrum))


@provrum_area
def provrum_history(request, pk):
    """Earlier events of the history: a page of its own, or (htmx) the events put
    first in the page's list, with the link for the ones before them."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    context = {
        "provrum": provrum,
        "event_rows": event_list_for(
            request.user, provrum, before=cursor(request), size=HISTORY_EVENTS
        ),
    }
    return page_or_fragment(
        request,
        page="provrum/history_page.html",
        fragment="provrum/partials/history_rows.html",
        context=context,
    )


# Fragments swapped by htmx after an action, and the parts updated beside them.
SECTIONS = {
    "group": ["steps", "about", "decision", "history"],  # "about" names the leader
    "discussion": ["history"],
}


def respond(request, pk, feedback: Feedback, section: str, **extra):
    """After an action: redirect (or the htmx fragment) on success; on a refusal,
    the page again with the message next to the action and the input kept."""
    if feedback.ok and not request.htmx:
        messages.success(request, feedback.message)
        return redirect(reverse("provrum:detail", kwargs={"pk": pk}) + f"#{section}")
    provrum = provrum_get_for(user=request.user, pk=pk)
    context = _detail_context(request, provrum, feedback=feedback, **extra)
    if request.htmx and section in SECTIONS:
        context["main_partial"] = f"provrum/provrum_detail.html#{section}"
        context["oob_partials"] = [
            f"provrum/provrum_detail.html#{name}" for name in SECTIONS[section]
        ]
        # htmx swaps only 2xx answers; the refusal is in the fragment itself.
        return render(request, "provrum/partials/detail_update.html", context)
    return render(request, "provrum/provrum_detail.html", context, status=feedback.status)


@provrum_action
def provrum_publish(request, provrum):
    feedback = run_action(
        "actions",
        limited(
            request.user,
            "publish",
            lambda: services.provrum_publish(provrum=provrum, by=request.user),
        ),
        _("The proposal is published. Members and partners can now comment and join."),
    )
    return respond(request, provrum.pk, feedback, "actions")


@provrum_action
def provrum_withdraw(request, provrum):
    feedback = run_action(
        "actions",
        lambda: services.provrum_withdraw(
            provrum=provrum, by=request.user, comment=request.POST.get("comment", "")[:5000]
        ),
        _("The provrum is withdrawn."),
    )
    return respond(request, provrum.pk, feedback, "actions")


@provrum_action
def provrum_delete_draft(request, provrum):
    """The proposing side deletes its draft (asked first in the platform's dialog)."""
    feedback = run_action(
        "actions",
        lambda: services.provrum_delete_draft(provrum=provrum, by=request.user),
        _("The draft is deleted."),
    )
    if not feedback.ok:
        return respond(request, provrum.pk, feedback, "actions")
    messages.success(request, feedback.message)
    # The page it was asked from is gone: to the board, also for htmx.
    if request.htmx:
        return HttpResponseClientRedirect(reverse("provrum:board"))
    return redirect("provrum:board")


@provrum_action
def interest_register(request, provrum):
    form = InterestForm(request.POST, organisations=participating_organisations(request.user))
    if not form.is_valid():
        feedback = Feedback(
            False,
            _("Choose one of the organisations you represent."),
            "interest",
            ["invalid"],
            422,
        )
    else:
        organisation = form.cleaned_data["organisation"]
        feedback = run_action(
            "interest",
            limited(
                request.user,
                "interest",
                lambda: services.interest_register(
                    provrum=provrum,
                    by=request.user,
                    organisation=organisation,
                    wants_to_lead=form.cleaned_data["wants_to_lead"],
                ),
            ),
            _("The interest of %(organisation)s is registered.")
            % {"organisation": organisation.name},
        )
    return respond(request, provrum.pk, feedback, "group")


@provrum_action
def interest_withdraw(request, provrum, organisation):
    organisation = get_object_or_404(Organisation, slug=organisation)
    feedback = run_action(
        "interest",
        lambda: services.interest_withdraw(
            provrum=provrum, by=request.user, organisation=organisation
        ),
        _("%(organisation)s no longer takes part.") % {"organisation": organisation.name},
    )
    return respond(request, provrum.pk, feedback, "group")


@provrum_action
def leader_choose(request, provrum):
    candidates = Organisation.objects.filter(
        provrum_interests__provrum=provrum, membership=Membership.MEMBER
    )
    form = LeaderForm(request.POST, organisations=candidates)
    if not form.is_valid():
        feedback = Feedback(
            False,
            _("Choose one of the participating member organisations."),
            "leader",
            ["invalid"],
            422,
        )
    else:
        organisation = form.cleaned_data["organisation"]
        feedback = run_action(
            "leader",
            lambda: services.leader_choose(
                provrum=provrum, by=request.user, organisation=organisation
            ),
            _("%(organisation)s leads the provrum.") % {"organisation": organisation.name},
        )
    return respond(request, provrum.pk, feedback, "group")


@provrum_action
def provrum_go_ahead(request, provrum):
    limits = format_rules_get().to_limits()
    warnings = [w["code"] for w in go_ahead_reasons(provrum, limits)["warnings"]]
    form = DecisionForm(request.POST, warning_codes=warnings)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    acknowledged = set(data.get("acknowledge") or [])
    comment = request.POST.get("comment", "")[:5000]
    feedback = run_action(
        "decision",
        lambda: decisions.provrum_give_go_ahead(
            provrum=provrum,
            by=request.user,
            comment=comment,
            # Every warning shown must be ticked; the service also wants the comment.
            acknowledge_warnings=bool(warnings) and acknowledged >= set(warnings),
        ),
        _("The provrum has the go-ahead."),
    )
    return respond(request, provrum.pk, feedback, "decision", decision_form=form)


def _office_close(request, provrum, service, success):
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = request.POST.get("comment", "")[:5000]
    feedback = run_action(
        "decision",
        lambda: service(provrum=provrum, by=request.user, comment=comment),
        success,
    )
    return respond(request, provrum.pk, feedback, "decision", close_form=form)


@provrum_action
def provrum_decline(request, provrum):
    return _office_close(
        request, provrum, decisions.provrum_decline, _("The proposal is declined.")
    )


@provrum_action
def provrum_lapse(request, provrum):
    return _office_close(
        request, provrum, decisions.provrum_lapse, _("The proposal is marked as lapsed.")
    )


# The office -----------------------------------------------------------------


@login_required
def decision_queue(request):
    """What waits for the office's decision, ready ones first, a page at a time."""
    if not request.user.has_perm("provrum.view_queue"):
        raise PermissionDenied
    limits = format_rules_get().to_limits()
    waiting = provrum_decision_queue(user=request.user)
    page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(request.GET.get("sida"))
    items = annotate_display_states(list(page.object_list), limits)
    for provrum in items:
        provrum.readiness = provrum_readiness_payload(provrum, limits)
    return render(
        request,
        "provrum/provrum_queue.html",
        {
            "page": page,
            "waiting": items,
            "waiting_count": page.paginator.count,
            "ready_count": waiting.filter(is_ready=True).count(),
            "used": go_aheads_in_year(),
            "maximum": limits.max_go_aheads_per_year,
            "year": timezone.localdate().year,
        },
    )
