"""The running page ("Genomförande"): meetings, documents and the leader's status log.

One page with three sections, and a form in each for those allowed. The views
are thin: a form reads the input, a service in ``work`` writes, and a refusal
comes back on the same page with everything typed kept and the message next to
the form it concerns (403, 409 or 422, as in the API). Deleting asks first: the
button confirms with JavaScript, and without it a confirmation page is shown.

Documents are served only through ``document_download``, which checks who may
see them; the files never lie under MEDIA_URL.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reglab.core import uploads
from reglab.core.limits import limit_take
from reglab.provrum.export_views import bearer_token_accepted
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.running import selectors as reads
from reglab.provrum.running import services as work
from reglab.provrum.running.calendar import meeting_suggestions
from reglab.provrum.running.forms import (
    DocumentForm,
    MeetingEditForm,
    MeetingForm,
    PlannedMeetingForm,
    StatusForm,
)
from reglab.provrum.web import Feedback, is_stale, provrum_area, refusal, stale_feedback

DOCUMENTS_PER_PAGE = 20
STATUS_PER_PAGE = 10


# Helpers -----------------------------------------------------------------------------


def _refusal(error, target: str) -> Feedback:
    """A service's refusal as a message beside its form, with the API's status code;
    an invalid input names the code of each of its errors."""
    if isinstance(error, ValidationError):
        return Feedback(False, " ".join(error.messages), target, _error_codes(error), 422)
    return refusal(error, target)


def _error_codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [item.code or "invalid" for items in error.error_dict.values() for item in items]
    return [item.code or "invalid" for item in error.error_list]


def _put_on_form(form, error: ValidationError) -> None:
    """A service's ValidationError on the form, on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _without(query, name: str) -> str:
    """The page's query string without one of its page numbers."""
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


def _anchor(pk, section: str) -> str:
    return reverse("provrum:running", kwargs={"pk": pk}) + f"#{section}"


def _document_form(provrum, data=None, files=None) -> DocumentForm:
    return DocumentForm(
        data,
        files,
        meetings=reads.meeting_list(provrum).order_by("-starts_at", "-pk"),
        max_size_text=uploads.size_text(work.upload_limits().max_bytes),
    )


def _planned_forms(provrum, meetings, bound=None) -> list[PlannedMeetingForm]:
    """A form for each meeting of the approved plan not added yet (``meeting_suggestions``),
    filled in from the plan; ``bound`` is the one just sent back with its errors."""
    try:
        data = provrum.plan.data
    except ObjectDoesNotExist:
        return []
    forms = []
    for planned in meeting_suggestions(provrum, data, meetings):
        if bound is not None and bound.prefix == f"plan-{planned.index}":
            forms.append(bound)
            continue
        initial = {
            "milestone": planned.index,
            "title": planned.title,
            "mode": planned.mode,
            "day": planned.day,
            "place": planned.place,
        }
        forms.append(PlannedMeetingForm(prefix=f"plan-{planned.index}", initial=initial))
    return forms


def _page(request, provrum, *, status=200, feedback=None, **forms):
    """The running page: the three sections, with the forms the person may use."""
    user = request.user
    can_manage = user.has_perm("provrum.manage_work", provrum)
    can_post = user.has_perm("provrum.post_status", provrum)
    meetings = list(reads.meeting_list(provrum))
    coming, past = reads.meetings_split(meetings)
    documents = Paginator(reads.document_list(provrum), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("dokumentsida")
    )
    updates = Paginator(reads.status_list(provrum), STATUS_PER_PAGE).get_page(
        request.GET.get("statussida")
    )
    query = request.GET.copy()
    context = {
        "provrum": provrum,
        "can_manage": can_manage,
        "can_post_status": can_post,
        "coming_meetings": coming,
        "past_meetings": past,
        "has_meetings": bool(meetings),
        "documents": documents,
        "documents_query": _without(query, "dokumentsida"),
        "status_page": updates,
        "status_query": _without(query, "statussida"),
        "feedback": feedback,
        "max_size": work.upload_limits().max_bytes,
        "meeting_form": forms.get("meeting_form") or (MeetingForm() if can_manage else None),
        "planned_forms": _planned_forms(provrum, meetings, forms.get("planned_form"))
        if can_manage
        else [],
        "document_form": forms.get("document_form")
        or (_document_form(provrum) if can_manage else None),
        "status_form": forms.get("status_form") or (StatusForm() if can_post else None),
    }
    return render(request, "provrum/work/running.html", context, status=status)


# The page ----------------------------------------------------------------------------


@provrum_area
@require_safe
def running(request, pk):
    """Meetings (coming and past), the document area and the status log."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    return _page(request, provrum)


# Meetings ----------------------------------------------------------------------------


@provrum_area
@require_POST
def meeting_add(request, pk):
    """Add a meeting; the participants and the office are told."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    return _meeting_create(request, provrum, MeetingForm(request.POST), "meeting_form", "meeting")


@provrum_area
@require_POST
def meeting_from_plan(request, pk):
    """Add one of the approved plan's meetings, as the person filled it in (times given)."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    index = request.POST.get("milestone", "")
    if not index.isdigit():
        message = _("Choose one of the project plan's meetings.")
        feedback = Feedback(False, message, "meetings", ["invalid"], 400)
        return _page(request, provrum, status=400, feedback=feedback)
    form = PlannedMeetingForm(request.POST, prefix=f"plan-{index}")
    return _meeting_create(request, provrum, form, "planned_form", "meetings")


def _meeting_create(request, provrum, form, form_name: str, target: str):
    """Add the meeting the form holds; a refusal comes back on the page with the form."""
    if not form.is_valid():
        return _page(request, provrum, status=400, **{form_name: form})
    try:
        work.meeting_create(provrum=provrum, by=request.user, **form.service_values())
    except ValidationError as error:
        _put_on_form(form, error)
        return _page(request, provrum, status=422, **{form_name: form})
    except (PermissionDenied, RuleViolation) as error:
        feedback = _refusal(error, target)
        return _page(
            request, provrum, status=feedback.status, feedback=feedback, **{form_name: form}
        )
    messages.success(request, _("The meeting is added. The group and the office are told."))
    return redirect(_anchor(provrum.pk, "meetings"))


def _meeting_page(request, provrum, meeting, form, *, status=200, feedback=None, saved=None):
    return render(
        request,
        "provrum/work/meeting_edit.html",
        {
            "provrum": provrum,
            "meeting": meeting,
            "form": form,
            "feedback": feedback,
            "saved": saved,
        },
        status=status,
    )


def _initial(meeting) -> dict:
    return {
        "title": meeting.title,
        "mode": meeting.mode,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
        "version": meeting.version,
    }


@provrum_area
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, pk, meeting_pk):
    """Change a meeting, or write its notes afterwards.

    Someone else's save in between is refused (409): the page comes back with
    what the person typed, the saved version beside it, and the form set to
    build on the saved version.
    """
    provrum = work.work_get_for(user=request.user, pk=pk)
    meeting = reads.meeting_get(provrum, meeting_pk)
    if not request.user.has_perm("provrum.manage_work", provrum):
        raise PermissionDenied(_("The meetings cannot be changed now."))
    if request.method != "POST":
        return _meeting_page(request, provrum, meeting, MeetingEditForm(initial=_initial(meeting)))
    form = MeetingEditForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, provrum, meeting, form, status=400)
    try:
        work.meeting_update(
            meeting=meeting,
            by=request.user,
            version=form.cleaned_data["version"],
            **form.service_values(),
        )
    except ValidationError as error:
        if not is_stale(error):
            _put_on_form(form, error)
            return _meeting_page(request, provrum, meeting, form, status=422)
        saved = reads.meeting_get(provrum, meeting.pk)
        data = request.POST.copy()
        data["version"] = str(saved.version)
        feedback = stale_feedback(
            _(
                "Someone else saved the meeting while you were writing. Your text is kept "
                "below; compare it with the saved version, then save again."
            ),
            "meeting",
        )
        return _meeting_page(
            request,
            provrum,
            saved,
            MeetingEditForm(data),
            status=409,
            feedback=feedback,
            saved=saved,
        )
    except (PermissionDenied, RuleViolation) as error:
        feedback = _refusal(error, "meeting")
        return _meeting_page(
            request, provrum, meeting, form, status=feedback.status, feedback=feedback
        )
    messages.success(request, _("The meeting is saved."))
    return redirect(_anchor(provrum.pk, f"meeting-{meeting.pk}"))


@provrum_area
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_delete(request, pk, meeting_pk):
    """Delete a meeting, after a confirmation (its documents are kept)."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    meeting = reads.meeting_get(provrum, meeting_pk)
    done = _("The meeting “%(title)s” is deleted.") % {"title": meeting.title}
    refused = _("The meetings cannot be changed now.")
    return _delete_confirmed(request, provrum, meeting, work.meeting_delete, refused, done)


def _delete_confirmed(request, provrum, thing, delete, refused: str, done: str):
    """GET asks for a confirmation; POST deletes ``thing`` (a meeting or a document).

    ``delete`` is the service (``meeting_delete``, ``document_delete``). 403 with
    ``refused`` for those who may not change the work; a refusal of the delete
    itself shows the page with it, beside the list of meetings or documents.
    """
    what = thing._meta.model_name
    if not request.user.has_perm("provrum.manage_work", provrum):
        raise PermissionDenied(refused)
    if request.method != "POST":
        return render(
            request, "provrum/work/confirm_delete.html", {"provrum": provrum, what: thing}
        )
    try:
        delete(**{what: thing}, by=request.user)
    except (PermissionDenied, RuleViolation) as error:
        feedback = _refusal(error, f"{what}s")
        return _page(request, provrum, status=feedback.status, feedback=feedback)
    messages.success(request, done)
    return redirect(_anchor(provrum.pk, f"{what}s"))


# Documents ---------------------------------------------------------------------------


@provrum_area
@require_POST
def document_upload(request, pk):
    """Upload a document; the file is checked by its content before it is kept."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    form = _document_form(provrum, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, provrum, status=400, document_form=form)
    try:
        limit_take(request.user, "upload")
        document = work.document_upload(
            provrum=provrum,
            by=request.user,
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
            meeting=form.cleaned_data["meeting"],
        )
    except ValidationError as error:
        _put_on_form(form, error)
        form.refusal_codes = _error_codes(error)
        return _page(request, provrum, status=422, document_form=form)
    except (PermissionDenied, RuleViolation) as error:
        feedback = _refusal(error, "document")
        return _page(
            request, provrum, status=feedback.status, feedback=feedback, document_form=form
        )
    messages.success(request, _("“%(name)s” is uploaded.") % {"name": document.name})
    return redirect(_anchor(provrum.pk, "documents"))


@require_safe
@bearer_token_accepted
@provrum_area
def document_download(request, pk, document_pk):
    """The file, to those who may see the provrum's documents.

    404 when the person may not see the provrum (or the document is not
    there), 403 when they see the provrum but are not in its group. Images
    open in the browser, PDFs and Office files are downloaded; either way under
    the name they were uploaded with, as the type found when they were checked,
    and in a sandbox (no script, an origin of its own) should a browser show it.
    """
    provrum = work.work_get_for(user=request.user, pk=pk)
    document = reads.document_get(provrum, document_pk)
    inline = reads.document_is_inline(document)
    response = FileResponse(
        reads.document_open(document),
        content_type=document.content_type,
        as_attachment=not inline,
        filename=document.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = uploads.SERVED_DOCUMENT_CSP
    # Only for the person who asked: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-cache"
    return response


@provrum_area
@require_http_methods(["GET", "HEAD", "POST"])
def document_delete(request, pk, document_pk):
    """Delete a document and its file, after a confirmation."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    document = reads.document_get(provrum, document_pk)
    done = _("“%(name)s” is deleted.") % {"name": document.name}
    refused = _("The documents cannot be changed now.")
    return _delete_confirmed(request, provrum, document, work.document_delete, refused, done)


# Status updates ----------------------------------------------------------------------


@provrum_area
@require_POST
def status_post(request, pk):
    """The leader posts a status update; the participants and the office are told."""
    provrum = work.work_get_for(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _page(request, provrum, status=400, status_form=form)
    try:
        work.status_post(
            provrum=provrum,
            by=request.user,
            progress=form.cleaned_data["progress"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as error:
        _put_on_form(form, error)
        return _page(request, provrum, status=422, status_form=form)
    except (PermissionDenied, RuleViolation) as error:
        feedback = _refusal(error, "status")
        return _page(request, provrum, status=feedback.status, feedback=feedback, status_form=form)
    messages.success(request, _("The status update is posted."))
    return redirect(_anchor(provrum.pk, "status"))
