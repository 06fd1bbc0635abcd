"""The host's pages: create and edit a meeting, its programme, slides and questions, its
documentation, the participants (with CSV/XLSX export and a printable name list).

Every view fetches the meeting through ``meeting_get_for`` (404 for what the
person may not see) and then asks ``can_host_meeting`` (403 for the rest).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from reglab.core.limits import ACTIONS, export_limited
from reglab.meetings import selectors
from reglab.meetings.access import can_create_any_meeting, can_host_meeting, networks_hosted_by
from reglab.meetings.exports import participants_csv, participants_xlsx
from reglab.meetings.forms import (
    DocumentationForm,
    MeetingForm,
    ProgrammeItemForm,
    QuestionForm,
    SlideForm,
)
from reglab.meetings.models import HostQuestion, ProgrammeItem
from reglab.meetings.services import meeting as meeting_services
from reglab.meetings.services import registration as registration_services
from reglab.meetings.web import back_to_page, hosted_by

MEETING_FIELDS = MeetingForm.Meta.fields

# A conference may draw hundreds: the host's table shows them a page at a time, while the
# exports and the printable name list hold everyone.
PARTICIPANTS_PER_PAGE = 50


# Signed in, the meeting visible (else 404) and hosted by the person (else 403).
hosted = hosted_by(can_host_meeting)


def host_url(meeting, anchor=""):
    url = reverse("meetings:host", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def meeting_form_page(request, form, *, meeting, save, done):
    """The meeting's form (new when ``meeting`` is None), and its POST.

    A valid form's fields go to ``save`` (which returns the meeting), then to the host
    page with the message ``done``. A refusal goes on the form: a ValidationError as
    it is, a PermissionDenied on the network (the person does not coordinate it).
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save({name: form.cleaned_data[name] for name in MEETING_FIELDS})
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error("network", _("You do not coordinate this network."))
        else:
            messages.success(request, done)
            return redirect(host_url(saved))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status
    )


@login_required
def meeting_create(request):
    """A new meeting, for the office or a network's coordinator."""
    if not can_create_any_meeting(request.user):
        raise PermissionDenied(_("Only the office and network coordinators create meetings."))
    return meeting_form_page(
        request,
        MeetingForm(request.POST or None, networks=networks_hosted_by(request.user)),
        meeting=None,
        save=lambda fields: meeting_services.meeting_create(by=request.user, **fields),
        done=_("The meeting is created. Now add its programme."),
    )


@hosted
def meeting_edit(request, meeting):
    def save(fields):
        saved = meeting_services.meeting_update(meeting=meeting, by=request.user, **fields)
        if saved.change_mail_held:
            messages.warning(request, str(ACTIONS["meeting_change_mail"].message))
        return meeting

    form = MeetingForm(
        request.POST or None, instance=meeting, networks=networks_hosted_by(request.user)
    )
    return meeting_form_page(
        request, form, meeting=meeting, save=save, done=_("The meeting is saved.")
    )


def host_context(meeting, **forms):
    return {
        "meeting": meeting,
        "programme": meeting.programme,
        "questions": list(meeting.questions.all()),
        "item_form": forms.get("item_form") or ProgrammeItemForm(),
        "question_form": forms.get("question_form") or QuestionForm(),
        "slide_form": forms.get("slide_form") or SlideForm(),
        "slide_item": forms.get("slide_item"),
        "documentation_form": forms.get("documentation_form")
        or DocumentationForm(initial={"notes": meeting.notes, "decisions": meeting.decisions}),
    }


def host_form_saved(request, meeting, form, *, key, save, done, anchor, **extra):
    """Answer a POST of one of the host page's forms (``key`` in ``host_context``).

    A valid form is handed to ``save`` (its cleaned data); then back to the page at
    ``anchor`` with the message ``done``. A form that is not valid, or that ``save``
    refuses with a ValidationError, shows the page again with its errors (400).
    """
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(host_url(meeting, anchor))
    context = host_context(meeting, **{key: form}, **extra)
    return render(request, "meetings/meeting_host.html", context, status=400)


@require_safe
@hosted
def meeting_host(request, meeting):
    """The host's page: programme, slides, questions to participants, documentation."""
    return render(request, "meetings/meeting_host.html", host_context(meeting))


@require_POST
@hosted
def meeting_publish(request, meeting):
    """Publish a draft meeting (made, say, from the live dialog's date poll)."""
    meeting_services.meeting_publish(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting is published."))
    return redirect(host_url(meeting))


@require_POST
@hosted
def item_add(request, meeting):
    form = ProgrammeItemForm(request.POST)

    def save(data):
        meeting_services.programme_item_add(
            meeting=meeting,
            by=request.user,
            day=data["day"],
            start_time=data["start_time"],
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            speakers=form.speakers(),
        )

    return host_form_saved(
        request,
        meeting,
        form,
        key="item_form",
        save=save,
        done=_("The item is added to the programme."),
        anchor="programme",
    )


def item_of(meeting, item_pk) -> ProgrammeItem:
    item = next((item for item in meeting.programme if item.pk == item_pk), None)
    if item is None:
        raise Http404
    return item


@require_POST
@hosted
def item_remove(request, meeting, item_pk):
    meeting_services.programme_item_remove(item=item_of(meeting, item_pk), by=request.user)
    messages.success(request, _("The item is removed from the programme."))
    return redirect(host_url(meeting, "programme"))


@require_POST
@hosted
def slide_add(request, meeting, item_pk):
    item = item_of(meeting, item_pk)

    def save(data):
        upload = data["file"]
        slides = meeting_services.slide_read(upload, meeting_services.slide_limits())
        meeting_services.slide_attach(item=item, by=request.user, name=upload.name, data=slides)

    return host_form_saved(
        request,
        meeting,
        SlideForm(request.POST, request.FILES),
        key="slide_form",
        save=save,
        done=_("The slides are attached."),
        anchor=f"item-{item.pk}",
        slide_item=item,
    )


def host_form_view(form_class, service, *, key: str, done, anchor: str):
    """A POST view for a host page's form whose cleaned data are ``service``'s arguments
    (with the meeting and the person): see ``host_form_saved``."""

    @require_POST
    @hosted
    def view(request, meeting):
        return host_form_saved(
            request,
            meeting,
            form_class(request.POST),
            key=key,
            save=lambda data: service(meeting=meeting, by=request.user, **data),
            done=done,
            anchor=anchor,
        )

    return view


question_add = host_form_view(
    QuestionForm,
    meeting_services.host_question_add,
    key="question_form",
    done=gettext_lazy("The question is added to the registration form."),
    anchor="questions",
)


@require_POST
@hosted
def question_remove(request, meeting, question_pk):
    question = HostQuestion.objects.filter(meeting=meeting, pk=question_pk).first()
    if question is None:
        raise Http404
    meeting_services.host_question_remove(question=question, by=request.user)
    messages.success(request, _("The question is removed."))
    return redirect(host_url(meeting, "questions"))


documentation_save = host_form_view(
    DocumentationForm,
    meeting_services.meeting_document,
    key="documentation_form",
    done=gettext_lazy("The documentation is saved."),
    anchor="documentation",
)


@require_safe
@hosted
def participants(request, meeting):
    """Who is registered and who waits, with their answers, a page at a time; exports and
    the name list."""
    registrations = selectors.registration_list(meeting=meeting)
    page = Paginator(registrations, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "meetings/registration_list.html",
        {
            "meeting": meeting,
            "registrations": page.object_list,
            "page": page,
            "questions": list(meeting.questions.all()),
        },
    )


@require_POST
@hosted
def participant_cancel(request, meeting, registration_pk):
    registration = meeting.registrations.filter(pk=registration_pk).first()
    if registration is None:
        raise Http404
    promoted = registration_services.registration_cancel(registration=registration, by=request.user)
    messages.success(request, _("%(name)s is cancelled.") % {"name": registration.name})
    if promoted is not None:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list and has been told.")
            % {"name": promoted.name},
        )
    url = reverse("meetings:participants", kwargs={"pk": meeting.pk})
    return redirect(back_to_page(url, request.POST.get("sida")))


@require_safe
@export_limited
@hosted
def participants_export(request, meeting, file_format):
    registrations = selectors.registration_list(meeting=meeting)
    name = f"deltagare-{meeting.pk}"
    if file_format == "csv":
        response = HttpResponse(
            participants_csv(meeting, registrations), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            participants_xlsx(meeting, registrations),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
@hosted
def name_list(request, meeting):
    """A printable list of those expected, by name (for the reception desk)."""
    registrations, deactivated_count = selectors.registration_name_list(meeting=meeting)
    return render(
        request,
        "meetings/registration_namelist.html",
        {
            "meeting": meeting,
            "registrations": registrations,
            "deactivated_count": deactivated_count,
        },
    )
