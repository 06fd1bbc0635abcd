"""The room's pages, on a phone: enter the join code, answer the open question.

No account is needed. A signed-in person answers as themselves; a guest is
known by a participant token kept in a cookie (``COOKIE``), made at the first
answer (a GET never writes). The token belongs to one meeting; a phone that
joins another meeting gets a new one. Wrong codes are throttled per address
(``reglab.live.limits``).
"""

import io

import segno
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from reglab.live import limits, rules, selectors
from reglab.live.forms import answer_from_post
from reglab.live.messages import JOIN_THROTTLED, UNKNOWN_CODE, Refused, message
from reglab.live.services import answer as answer_services

COOKIE = "reglab_delta"
COOKIE_AGE = 14 * 24 * 3600


def _room_or_response(request, code):
    """(room, None), or (None, a refusal page) for a throttled address or a wrong code."""
    if limits.code_guessing_blocked(request):
        page = render(request, "live/join.html", {"error": message(JOIN_THROTTLED)}, status=429)
        return None, page
    found = selectors.room_for_code(code)
    if found is None:
        limits.wrong_code_record(request, code)
        page = render(
            request, "live/join.html", {"error": message(UNKNOWN_CODE), "code": code}, status=404
        )
        return None, page
    return found, None


def current_participant(request, meeting):
    """The request's participant in the meeting, or None (nothing is made here)."""
    if request.user.is_authenticated:
        return meeting.live_participants.filter(person=request.user).first()
    participant = selectors.participant_by_token(request.COOKIES.get(COOKIE, ""))
    if participant is not None and participant.meeting_id == meeting.pk:
        return participant
    return None


@require_safe
def join(request):
    """Enter the join code (``?kod=``), as typed or scanned."""
    code = request.GET.get("kod", "")
    if code:
        found, refusal = _room_or_response(request, code)
        if refusal:
            return refusal
        return redirect("live:room", code=found.code)
    return render(request, "live/join.html", {})


@require_safe
def room(request, code):
    """The open question with its answer form (and one's own answer, which can be changed)."""
    found, refusal = _room_or_response(request, code)
    if refusal:
        return refusal
    if found.code != code:
        return redirect("live:room", code=found.code)
    return render(request, "live/room.html", room_context(request, found))


def room_context(request, found, *, error=None, posted=None):
    meeting = found.meeting
    question = selectors.open_question(meeting.pk)
    participant = current_participant(request, meeting)
    own = selectors.answer_for(question=question, participant=participant) if question else None
    return {
        "room": found,
        "meeting": meeting,
        "question": question,
        "own": own,
        "chosen": own_choice(question, own),
        "error": error,
        "posted": posted,
        "saved": request.GET.get("sparat") == "1" and own is not None,
        "text_max": rules.TEXT_MAX_LENGTH,
        "options_max": rules.OPTION_MAX_LENGTH,
    }


def own_choice(question, own) -> dict:
    """What the participant chose, keyed for the form's inputs."""
    if question is None or own is None or own.choice is None:
        return {}
    choice = own.choice
    if isinstance(choice, list):
        return {"options": [str(i) for i in choice]}
    if isinstance(choice, dict):
        return {"map": {str(k): v for k, v in choice.items()}}
    return {"value": choice}


def _participant_for_answer(request, meeting):
    """The participant, made at the first answer; a guest's new token goes in the cookie."""
    participant = current_participant(request, meeting)
    if participant is not None:
        return participant, None
    if request.user.is_authenticated:
        return answer_services.participant_for_person(meeting=meeting, person=request.user), None
    return answer_services.participant_join(meeting=meeting)


def _set_cookie(response, token):
    if token:
        response.set_cookie(
            COOKIE,
            token,
            max_age=COOKIE_AGE,
            path="/delta/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _participant_post(request, code, qid, submit, *, saved: str, conflict: bool):
    """A participant's POST on one question of the room.

    ``submit(question, participant, request.POST)``, then back to the room with
    ``?<saved>=1``. A refusal shows the room again with what was typed, as 400 (409
    for a refusal that says so, where ``conflict``).
    """
    found, refusal = _room_or_response(request, code)
    if refusal:
        return refusal
    question = selectors.question_get(meeting=found.meeting, pk=qid)
    participant, token = _participant_for_answer(request, found.meeting)
    try:
        submit(question, participant, request.POST)
    except Refused as error:
        request.COOKIES[COOKIE] = token or request.COOKIES.get(COOKIE, "")
        context = room_context(request, found, error=error.message, posted=request.POST)
        status = 409 if conflict and error.status == 409 else 400
        return _set_cookie(render(request, "live/room.html", context, status=status), token)
    url = reverse("live:room", kwargs={"code": found.code}) + f"?{saved}=1"
    return _set_cookie(redirect(url), token)


def _answer_submit(question, participant, post):
    answer_services.answer_submit(
        question=question, participant=participant, answer=answer_from_post(question, post)
    )


def _option_suggest(question, participant, post):
    answer_services.option_suggest(
        question=question, participant=participant, text=post.get("suggestion", "")
    )


@require_POST
def answer(request, code, qid):
    """Store the answer to the open question; errors come back with what was typed."""
    return _participant_post(request, code, qid, _answer_submit, saved="sparat", conflict=True)


@require_POST
def suggest(request, code, qid):
    """A suggestion for a list to prioritise ("Annat?"), waiting for the host's approval."""
    return _participant_post(request, code, qid, _option_suggest, saved="forslag", conflict=False)


@require_safe
def qr_code(request, code):
    """The join link as a QR code (SVG), for the presenter's screen and the host's page.

    Wrong codes count towards the same limit as on the pages: the QR code must not
    be a way to try codes unthrottled.
    """
    if limits.code_guessing_blocked(request):
        return HttpResponse(message(JOIN_THROTTLED), status=429, content_type="text/plain")
    found = selectors.room_for_code(code)
    if found is None or found.code != code:
        limits.wrong_code_record(request, code)
        raise Http404
    url = request.build_absolute_uri(reverse("live:room", kwargs={"code": found.code}))
    svg = io.BytesIO()
    # A standalone SVG document (with its namespace), as an <img> needs.
    segno.make(url, error="m").save(
        svg, kind="svg", scale=8, dark="#1d1d1b", light="#ffffff", xmldecl=False
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = 'inline; filename="delta.svg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
