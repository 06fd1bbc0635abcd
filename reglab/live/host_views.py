"""The host's live page, the presenter's screen, and the results that stay with the meeting.

The host's views fetch the meeting through ``meeting_get_for`` (404 for what
the person may not see) and then ask ``can_host_live`` (403). The presenter's
screen needs no sign-in: its link carries the room's presenter token, which
the host can renew (the old link then stops working).
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reglab.core.limits import export_limited
from reglab.live import selectors
from reglab.live.access import can_host_live, can_view_live_results
from reglab.live.exports import results_csv_response, results_xlsx_response
from reglab.live.forms import BankAddForm, QuestionForm
from reglab.live.messages import Refused
from reglab.live.models import Answer, Option, QuestionStatus
from reglab.live.services import answer as answer_services
from reglab.live.services import bank as bank_services
from reglab.live.services import question as question_services
from reglab.live.services.next_meeting import next_meeting_create, next_meeting_proposal
from reglab.live.services.room import room_get_or_create, room_renew
from reglab.meetings import selectors as meeting_selectors
from reglab.meetings.web import hosted_by
from reglab.surveys.selectors import screen_survey, survey_display

# Signed in, the meeting visible (else 404) and hosted by the person (else 403).
hosted = hosted_by(can_host_live)


def host_url(meeting, anchor=""):
    url = reverse("live:host", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def host_context(request, meeting, form=None):
    found = room_get_or_create(meeting=meeting)
    rows = selectors.meeting_results(meeting=meeting, closed_only=False, with_hidden=True)
    return {
        "meeting": meeting,
        "room": found,
        "rows": rows,
        "join_url": request.build_absolute_uri(reverse("live:room", kwargs={"code": found.code})),
        "screen_url": request.build_absolute_uri(
            reverse("live:screen", kwargs={"token": found.presenter_token})
        ),
        "form": form or QuestionForm(items=meeting.programme),
        "bank_form": BankAddForm(
            bank=bank_services.bank_list(user=request.user, meeting=meeting),
            items=meeting.programme,
        ),
    }


@require_safe
@hosted
def host(request, meeting):
    """Prepare questions, open and close them one at a time, hide answers, show results."""
    return render(request, "live/host.html", host_context(request, meeting))


@require_POST
@hosted
def question_add(request, meeting):
    form = QuestionForm(request.POST, items=meeting.programme)
    if form.is_valid():
        data = form.cleaned_data
        item = next((i for i in meeting.programme if i.pk == data["item"]), None)
        try:
            question_services.question_create(
                meeting=meeting,
                by=request.user,
                kind=data["kind"],
                text=data["text"],
                options=form.option_lines(),
                item=item,
                anonymous=data["anonymous"],
                ask_why=data["ask_why"],
                dots=data["dots"],
                scale_max=data["scale_max"],
            )
        except Refused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question is prepared. Open it when it is time."))
            return redirect(host_url(meeting, "questions"))
    return render(request, "live/host.html", host_context(request, meeting, form), status=400)


ACTIONS = {
    "oppna": lambda q, by: question_services.question_open(question=q, by=by),
    "stang": lambda q, by: question_services.question_close(question=q, by=by),
    "visa-resultat": lambda q, by: question_services.question_show_results(
        question=q, by=by, shown=True
    ),
    "dolj-resultat": lambda q, by: question_services.question_show_results(
        question=q, by=by, shown=False
    ),
    "ta-bort": lambda q, by: question_services.question_remove(question=q, by=by),
}


@require_POST
@hosted
def question_action(request, meeting, qid, action):
    """Open, close, show or hide the results of, or remove a question."""
    if action not in ACTIONS:
        raise Http404
    question = selectors.question_get(meeting=meeting, pk=qid)
    ACTIONS[action](question, request.user)
    return redirect(host_url(meeting, f"question-{qid}"))


def _of_meeting(model, meeting, pk):
    """The answer or option ``pk``, with its question, if that is the meeting's (else 404)."""
    found = get_object_or_404(model.objects.select_related("question"), pk=pk)
    if found.question.meeting_id != meeting.pk:
        raise Http404
    return found


@require_POST
@hosted
def answer_hide(request, meeting, aid):
    """Hide an answer from every screen, the results and the exports (or show it again)."""
    found = _of_meeting(Answer, meeting, aid)
    answer_services.answer_hide(answer=found, by=request.user, hidden=not found.hidden)
    return redirect(host_url(meeting, f"question-{found.question_id}"))


@require_POST
@hosted
def suggestion_decide(request, meeting, oid):
    """Approve the room's suggestion so it can be voted on, or reject (remove) it."""
    option = _of_meeting(Option, meeting, oid)
    approved = request.POST.get("decision") == "approve"
    question_services.option_approve(option=option, by=request.user, approved=approved)
    return redirect(host_url(meeting, f"question-{option.question_id}"))


@require_POST
@hosted
def renew_code(request, meeting):
    room_renew(meeting=meeting)
    messages.success(request, _("The meeting has a new code and a new presenter link."))
    return redirect(host_url(meeting))


def screen_context(found):
    question = selectors.open_question(found.meeting_id)
    if question is None:
        # Between questions the screen keeps the last closed one, if its results are shown.
        question = (
            selectors.question_list(meeting=found.meeting)
            .filter(status=QuestionStatus.CLOSED)
            .order_by("-closed_at", "-pk")
            .first()
        )
    survey = None
    if question is None or question.status != QuestionStatus.OPEN:
        # The host may show an attached survey's results between questions.
        survey = screen_survey(found.meeting_id)
    return {
        "room": found,
        "meeting": found.meeting,
        "question": question,
        "tally": selectors.question_tally(question) if question and not survey else None,
        "shown": survey_display(survey) if survey else None,
    }


@require_safe
def screen(request, token):
    """The presenter's screen for the projector: open question, code, QR and live results."""
    found = selectors.room_for_presenter(token)
    if found is None:
        raise Http404
    context = screen_context(found)
    # Read aloud and typed from across the room: the join page without the scheme, the
    # code beside it (the QR code carries both). A narrow column breaks it after the host.
    context["join_host"] = request.get_host()
    context["join_path"] = reverse("live:join")
    return render(request, "live/screen.html", context)


@require_safe
def screen_results(request, token):
    """The screen's changing part, fetched again on every live event (or every few seconds)."""
    found = selectors.room_for_presenter(token)
    if found is None:
        raise Http404
    response = render(request, "live/partials/screen_body.html", screen_context(found))
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def results(request, pk):
    """What the room answered (closed questions), for whoever may see the meeting."""
    meeting = meeting_selectors.meeting_get_for(user=request.user, pk=pk)
    if not can_view_live_results(request.user, meeting):
        raise Http404
    rows = selectors.meeting_results(meeting=meeting)
    return render(
        request,
        "live/results.html",
        {"meeting": meeting, "rows": rows, "can_host": can_host_live(request.user, meeting)},
    )


@require_safe
@export_limited
@hosted
def results_csv(request, meeting):
    """Every question and answer of the meeting as CSV (hosts); hidden answers left out."""
    return results_csv_response(meeting)


@require_safe
@export_limited
@hosted
def results_xlsx(request, meeting):
    """The same as the CSV, as an Excel workbook (hosts); hidden answers left out."""
    return results_xlsx_response(meeting)


@hosted
def next_meeting(request, meeting, qid):
    """The "Nästa träff" date poll's result as the next meeting's draft: the winning date and
    the planning group are shown first (GET); the host confirms (POST). One draft per poll."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    question = selectors.question_get(meeting=meeting, pk=qid)
    context = {"meeting": meeting, "question": question, "draft": None, "error": None}
    if question.next_meeting_id:
        context["draft"] = meeting_selectors.meeting_get_for(
            user=request.user, pk=question.next_meeting_id
        )
    if request.method == "POST":
        try:
            draft, created = next_meeting_create(question=question, by=request.user)
        except Refused as error:
            context["error"] = error.message
            return render(request, "live/next_meeting.html", context, status=error.status)
        if created:
            messages.success(
                request, _("The next meeting is created as a draft. Publish it when it is ready.")
            )
        return redirect(reverse("meetings:host", kwargs={"pk": draft.pk}))
    try:
        context["proposal"] = next_meeting_proposal(question)
    except Refused as error:
        context["error"] = error.message
    return render(request, "live/next_meeting.html", context)


@require_POST
@hosted
def bank_save(request, meeting, qid):
    """Save the question in the question bank of the meeting's network (or the office's)."""
    question = selectors.question_get(meeting=meeting, pk=qid)
    try:
        _found, created = bank_services.bank_save(question=question, by=request.user)
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The question is saved in the question bank.")
            if created
            else _("The question was already in the question bank."),
        )
    return redirect(host_url(meeting, f"question-{qid}"))


@require_POST
@hosted
def bank_add(request, meeting):
    """Ask a question from the bank at this meeting, under one of its programme items."""
    bank = bank_services.bank_list(user=request.user, meeting=meeting)
    form = BankAddForm(request.POST, bank=bank, items=meeting.programme)
    if not form.is_valid():
        messages.error(request, _("Choose a question from your question bank."))
        return redirect(host_url(meeting, "bank"))
    item = next((i for i in meeting.programme if i.pk == form.cleaned_data["item"]), None)
    try:
        bank_services.bank_add(
            bank_id=form.cleaned_data["bank"],
            meeting=meeting,
            by=request.user,
            item=item,
            dates=form.date_lines(),
        )
    except Refused as error:
        messages.error(request, error.message)
        return redirect(host_url(meeting, "bank"))
    messages.success(request, _("The question is prepared. Open it when it is time."))
    return redirect(host_url(meeting, "questions"))
