"""The proposal's discussion: comment, reply, edit within the first minutes,
the office's removal, and the earlier threads (a page of its own, or htmx).
After an action the provrum page answers as for every proposal action
(``reglab.provrum.proposal.views.respond``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reglab.provrum.forms import (
    CommentForm,
)
from reglab.provrum.models import (
    Comment,
)
from reglab.provrum.proposal import services
from reglab.provrum.proposal.views import cursor, reply_parent, respond
from reglab.provrum.selectors import (
    comment_thread_page,
    provrum_get_for,
)
from reglab.provrum.web import (
    Feedback,
    error_dict,
    form_errors,
    limited,
    page_or_fragment,
    provrum_action,
    provrum_area,
    run_action,
)


@provrum_area
def provrum_discussion(request, pk):
    """Earlier threads of the discussion: a page of its own, or (htmx) the threads
    that replace the "show earlier" item they were asked from."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    can_comment = request.user.has_perm("provrum.comment", provrum)
    before = cursor(request)
    base = reverse("provrum:discussion", kwargs={"pk": provrum.pk})
    context = {
        "provrum": provrum,
        "tree": comment_thread_page(provrum, before=before),
        "can": {"comment": can_comment},
        "reply_parent": reply_parent(provrum, request.GET.get("svara"), can_comment),
        "reply_base": f"{base}?fore={before}&" if before else f"{base}?",
    }
    return page_or_fragment(
        request,
        page="provrum/discussion_page.html",
        fragment="provrum/partials/comment_threads.html",
        context=context,
    )


@provrum_action
def comment_add(request, provrum):
    form = CommentForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    parent_id = data.get("parent")
    parent = None
    if parent_id:
        parent = Comment.objects.filter(pk=parent_id, provrum=provrum).first()
    # A refused reply shows beside its reply form; a reply to a removed comment
    # has no form to show beside, so it shows with the discussion's own form.
    reply_form = parent is not None and not parent.is_removed
    target = "reply" if reply_form else "comment"
    problems = {}

    def add():
        try:
            services.comment_add(
                provrum=provrum, by=request.user, body=request.POST.get("body", ""), parent=parent
            )
        except ValidationError as error:
            problems.update(error_dict(error))
            raise

    if parent_id and parent is None:
        feedback = Feedback(
            False, _("The comment you replied to no longer exists."), "comment", ["invalid"], 422
        )
    else:
        feedback = run_action(
            target,
            limited(request.user, "comment", add),
            _("Your comment is posted."),
            comment_id=parent_id,
        )
    extra = {}
    if not feedback.ok:
        # Keep what the person wrote; the error summary links a problem with the text
        # to the text box of the form that was sent (the reply's or the comment's).
        extra = {"failed_body": request.POST.get("body", ""), "failed_parent": parent_id}
        if not reply_form:
            extra["comment_form"] = CommentForm(initial={"body": request.POST.get("body", "")})
        body_id = "id_reply_body" if reply_form else "id_comment_body"
        extra["body_errors"] = problems.get("body", [])
        extra["discussion_errors"] = [
            {"id": body_id if key == "body" else "", "message": message}
            for key, messages_ in problems.items()
            for message in messages_
        ] or [{"id": "", "message": feedback.message}]
    return respond(request, provrum.pk, feedback, "discussion", **extra)


def _comment_for(request, provrum, comment_pk) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("author", "provrum"), pk=comment_pk, provrum=provrum
    )


@provrum_area
def comment_edit(request, pk, comment_pk):
    """The author edits a comment within its first minutes."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    comment = _comment_for(request, provrum, comment_pk)
    if not request.user.has_perm("provrum.edit_comment", comment):
        raise PermissionDenied(
            _("A comment can only be edited by its author, in the first 15 minutes.")
        )
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except (PermissionDenied, ValidationError) as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            return redirect(
                reverse("provrum:detail", kwargs={"pk": provrum.pk}) + f"#comment-{comment.pk}"
            )
    if form.errors:
        status = 400
    return render(
        request,
        "provrum/comment_form.html",
        {"form": form, "provrum": provrum, "comment": comment},
        status=status,
    )


@provrum_action
def comment_remove(request, provrum, comment_pk):
    comment = _comment_for(request, provrum, comment_pk)
    thread = request.POST.get("thread") == "1"
    feedback = run_action(
        "comment-action",
        lambda: services.comment_remove(
            comment=comment,
            by=request.user,
            reason=request.POST.get("reason", "")[:2000],
            thread=thread,
        ),
        _("The thread is removed. Its texts are kept in the history.")
        if thread
        else _("The comment is removed. Its text is kept in the history."),
        comment_id=comment.pk,
    )
    return respond(request, provrum.pk, feedback, "discussion")
