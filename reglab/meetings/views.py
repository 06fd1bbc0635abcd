"""The public pages: networks with their look back, Reglab's year, a meeting and registering.

Thin views: a form or the URL is parsed, one selector or service is called,
a page is rendered. Who may see what is decided in ``access``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reglab.accounts.permissions import is_confirmed_representative, is_office
from reglab.core.uploads import SERVED_DOCUMENT_CSP
from reglab.meetings import rules, selectors
from reglab.meetings.access import (
    can_create_any_meeting,
    can_host_meeting,
    can_join_network,
    can_manage_network,
    may_see_digital_link,
)
from reglab.meetings.forms import GuestRegistrationForm, RegistrationForm, YearFilterForm
from reglab.meetings.ics import meeting_calendar, network_calendar
from reglab.meetings.limits import guest_registration_allowed
from reglab.meetings.models import MeetingKind, RegistrationStatus
from reglab.meetings.services import network as network_services
from reglab.meetings.services import registration as registration_services
from reglab.meetings.web import back_to_page

# A coordinator sets each person's roles on the network's page: a page of people at a time
# keeps it quick however large the network grows.
MEMBERS_PER_PAGE = 25
# The network's meetings, a page at a time whatever its years of meetings: the upcoming
# ones (seldom more than a page) and the look back, newest first, with the room's answers.
UPCOMING_PER_PAGE = 12
LOOKBACK_PER_PAGE = 10


@require_safe
def network_list(request):
    return render(request, "meetings/network_list.html", {"networks": selectors.network_list()})


@require_safe
def network_detail(request, slug):
    """A network: purpose, organisations, contacts, upcoming meetings and the look back."""
    network = selectors.network_get(slug=slug)
    user = request.user
    contacts, membership = selectors.network_contacts_and_membership(network=network, user=user)
    can_manage = can_manage_network(user, network)
    people = None
    if can_manage:
        # Only those who set the roles see the people, a page at a time; others see a count.
        members = selectors.network_member_list(network=network)
        people = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("sida"))
    upcoming = Paginator(
        selectors.network_meetings(network=network, user=user, upcoming=True), UPCOMING_PER_PAGE
    ).get_page(request.GET.get("kommande"))
    lookback = Paginator(
        selectors.network_meetings(network=network, user=user, upcoming=False), LOOKBACK_PER_PAGE
    ).get_page(request.GET.get("tidigare"))
    context = {
        "network": network,
        "contacts": contacts,
        "upcoming": upcoming,
        "upcoming_query": _without(request.GET, "kommande"),
        "lookback": lookback,
        "lookback_query": _without(request.GET, "tidigare"),
        "people_query": _without(request.GET, "sida"),
        "membership": membership,
        "can_join": can_join_network(user, network),
        "can_manage": can_manage,
        "people": people,
        # Contact people's addresses are for Reglab's representatives, not for anyone
        # who can make an account (nor for scrapers).
        "may_see_addresses": bool(contacts)
        and (is_office(user) or is_confirmed_representative(user)),
    }
    return render(request, "meetings/network_detail.html", context)


def _without(query, name: str) -> str:
    """The page's query string without one of its page numbers, so each list pages alone."""
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


def _network_membership(request, slug, service, done: str):
    """The person joins or leaves the network (``service``); ``done`` names it."""
    network = selectors.network_get(slug=slug)
    service(network=network, person=request.user)
    messages.success(request, done % {"network": network.name})
    return redirect(network)


@login_required
@require_POST
def network_join(request, slug):
    done = _("You are now in %(network)s.")
    return _network_membership(request, slug, network_services.network_join, done)


@login_required
@require_POST
def network_leave(request, slug):
    done = _("You have left %(network)s.")
    return _network_membership(request, slug, network_services.network_leave, done)


@login_required
@require_POST
def network_member_roles(request, slug, person_pk):
    """The office or a coordinator makes a member coordinator and/or contact person."""
    network = selectors.network_get(slug=slug)
    if not can_manage_network(request.user, network):
        raise PermissionDenied(_("Only the office and the network's coordinators may do this."))
    membership = selectors.network_membership_of(network=network, person_pk=person_pk)
    if membership is None:
        raise Http404
    network_services.network_member_set_roles(
        network=network,
        by=request.user,
        person=membership.person,
        is_coordinator=request.POST.get("is_coordinator") == "on",
        is_contact=request.POST.get("is_contact") == "on",
    )
    messages.success(request, _("The roles are saved."))
    return redirect(back_to_page(network.get_absolute_url(), request.POST.get("sida"), "people"))


@require_safe
def meeting_list(request):
    """Reglab's year: the upcoming meetings and events, filterable by network and kind."""
    form = YearFilterForm(request.GET or None)
    network = kind = ""
    if form.is_valid():
        network = form.cleaned_data["network"]
        kind = form.cleaned_data["kind"]
    meetings = selectors.meeting_list(
        user=request.user, network=network, kind=kind, upcoming_only=True
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "meetings": meetings,
            "is_filtered": bool(network or kind),
            "can_create": can_create_any_meeting(request.user),
            "results": selectors.recent_results(),
        },
    )


def meeting_context(request, meeting, *, form=None, guest_form=None):
    own = selectors.registration_for(meeting=meeting, user=request.user)
    questions = list(meeting.questions.all())
    signed_in = request.user.is_authenticated
    # Asked once per page: the host's links, the digital link and the live results use it.
    hosting = bool(can_host_meeting(request.user, meeting))
    return {
        "meeting": meeting,
        "programme": meeting.programme,
        "own": own,
        "own_place": registration_services.registration_place(own) if own else None,
        "form": form or RegistrationForm(questions=questions),
        "guest_form": guest_form
        or (
            None
            if signed_in or meeting.is_members_only
            else GuestRegistrationForm(questions=questions)
        ),
        "window": meeting_window(meeting),
        "can_host": hosting,
        "may_see_link": may_see_digital_link(request.user, meeting, own, hosting=hosting),
        "is_network_meeting": meeting.kind == MeetingKind.NETWORK_MEETING,
        "free_places": None
        if meeting.capacity is None
        else max(meeting.capacity - meeting.registered_count, 0),
    }


def meeting_window(meeting) -> str:
    """The code of why registration is not possible now ("" when it is)."""
    reasons = rules.check_registration_window(
        now=timezone.now(),
        opens=meeting.registration_opens,
        closes=meeting.registration_closes,
        meeting_starts=meeting.starts_at,
    )
    return reasons[0] if reasons else ""


@require_safe
def meeting_detail(request, pk):
    """A meeting: facts, programme with speakers and slides, documentation, registration."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    return render(request, "meetings/meeting_detail.html", meeting_context(request, meeting))


@require_POST
def meeting_register(request, pk):
    """Register the signed-in person, or a guest; errors come back with what was typed."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    questions = list(meeting.questions.all())
    if request.user.is_authenticated:
        form = RegistrationForm(request.POST, questions=questions)
        guest_form = None
    else:
        form = None
        guest_form = GuestRegistrationForm(request.POST, questions=questions)
    bound = form or guest_form
    status = 400
    if guest_form is not None and guest_form.is_valid() and not guest_registration_allowed(request):
        guest_form.add_error(
            None, _("Too many registrations from here in a short time. Wait a while and try again.")
        )
        status = 429
    if bound.is_valid():
        try:
            if form is not None:
                registration = registration_services.registration_register(
                    meeting=meeting,
                    person=request.user,
                    dietary_needs=form.cleaned_data["dietary_needs"],
                    answers=form.answers(),
                )
            else:
                registration = registration_services.registration_register_guest(
                    meeting=meeting,
                    name=guest_form.cleaned_data["name"],
                    email=guest_form.cleaned_data["email"],
                    organisation_name=guest_form.cleaned_data["organisation_name"],
                    dietary_needs=guest_form.cleaned_data["dietary_needs"],
                    answers=guest_form.answers(),
                )
        except ValidationError as error:
            bound.add_error(None, error)
        else:
            if guest_form is not None:
                # The same words whether the address was new or registered already.
                messages.success(request, guest_message(guest_form.cleaned_data["email"]))
            else:
                messages.success(request, registered_message(registration))
            return redirect(meeting)
    context = meeting_context(request, meeting, form=form, guest_form=guest_form)
    return render(request, "meetings/meeting_detail.html", context, status=status)


def guest_message(email: str) -> str:
    return _(
        "Almost done: we have sent a link to %(email)s. Your place is held once you "
        "confirm the address."
    ) % {"email": email.strip().lower()}


def registered_message(registration) -> str:
    place = registration_services.registration_place(registration)
    if place.status == RegistrationStatus.WAITLISTED:
        return _(
            "The meeting is full. You are number %(position)s on the waiting list; if a place "
            "becomes free you get it and we tell you."
        ) % {"position": place.position}
    return _("You are registered. Welcome!")


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    own = selectors.registration_for(meeting=meeting, user=request.user)
    if own is not None:
        registration_services.registration_cancel(registration=own, by=request.user)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


def registration_detail(request, token):
    """A registration's own page, reached by the link in its e-mail: confirm or cancel.

    A GET only shows the page; confirming and cancelling are POSTs, so a mail
    program that follows links to check them changes nothing.
    """
    registration = selectors.registration_get_by_token(token=token)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                registration = registration_services.registration_confirm(token=token)
                messages.success(request, _("Thank you: your address is confirmed."))
            elif action == "cancel":
                registration_services.registration_cancel(registration=registration, token=token)
                messages.success(request, _("Your registration is cancelled."))
            return redirect("meetings:registration", token=token)
        except ValidationError as refused:
            error = refused.messages[0]
            registration.refresh_from_db()
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "place": registration_services.registration_place(registration),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_safe
def meeting_ics(request, pk):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reglab-meeting-{meeting.pk}.ics"'
    return response


@require_safe
def network_ics(request, slug):
    """All the network's meetings the reader may see, as one calendar to subscribe to."""
    network = selectors.network_get(slug=slug)
    meetings = selectors.meeting_list(user=request.user, network=network.slug)
    response = HttpResponse(
        network_calendar(network, meetings), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="reglab-{network.slug}.ics"'
    return response


@require_safe
def slide_download(request, pk, attachment_pk):
    """Slides of a programme item, to those who may see the meeting (404 otherwise)."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    attachment = next(
        (a for item in meeting.programme for a in item.attachments.all() if a.pk == attachment_pk),
        None,
    )
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SERVED_DOCUMENT_CSP
    response["Cache-Control"] = "private, no-cache"
    return response
