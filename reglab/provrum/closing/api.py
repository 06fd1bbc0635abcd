"""The API for dissemination, closing and the participants' survey.

/api/v1/provrum/{id}/dissemination (GET, PUT), /provrum/{id}/close (POST) and
/provrum/{id}/survey (GET, POST). Each endpoint calls the same selector or
service as the HTML pages (``reglab.provrum.closing.services``); refusals are turned
into JSON by ``reglab.api.api``: 403 not allowed, 404 not found (or not
visible), 409 a rule or the state, 422 bad input.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from reglab.core.limits import limit_take
from reglab.provrum.closing import services as closing
from reglab.provrum.messages import reason_dict
from reglab.provrum.selectors import provrum_get_for
from reglab.provrum.web import REFUSALS, NotFoundOut, ReasonOut, RefusalOut

router = Router(tags=["provrum-close"])


class DisseminationChannelOut(Schema):
    channel: str
    label: str
    date: dt.date | None
    link: str
    responsible: str
    note: str
    done: bool


class DisseminationOut(Schema):
    provrum: int
    state: str
    channels: list[DisseminationChannelOut]
    done_count: int
    can_edit: bool
    can_close: bool
    # The dissemination rules for closing now: an error while no channel is
    # done, a warning (to acknowledge when closing) per channel not done.
    reasons: list[ReasonOut]


class DisseminationChannelIn(Schema):
    channel: str
    date: str | None = None
    link: str = ""
    responsible: str = ""
    note: str = ""


class DisseminationIn(Schema):
    channels: list[DisseminationChannelIn]


class ProvrumCloseIn(Schema):
    note: str = ""
    acknowledge: list[str] = []


class ProvrumCloseOut(Schema):
    id: int
    state: str
    asked: int


class SurveyStatusOut(Schema):
    provrum: int
    organisation: str | None
    asked_at: dt.datetime
    answered: bool
    answered_at: dt.datetime | None


class SurveyAnswerIn(Schema):
    usefulness: int
    take_part_again: str
    format_change: str = ""


def _dissemination(request, provrum) -> dict:
    lines = closing.dissemination_list(provrum)
    return {
        "provrum": provrum.pk,
        "state": provrum.state,
        "channels": [
            {
                "channel": line.channel,
                "label": str(line.get_channel_display()),
                "date": line.date,
                "link": line.link,
                "responsible": line.responsible,
                "note": line.note,
                "done": line.date is not None,
            }
            for line in lines
        ],
        "done_count": sum(1 for line in lines if line.date is not None),
        "can_edit": request.user.has_perm("provrum.disseminate", provrum),
        "can_close": request.user.has_perm("provrum.close", provrum),
        "reasons": [reason_dict(r) for r in closing.close_reasons(provrum, lines=lines)],
    }


@router.get(
    "/provrum/{provrum_id}/dissemination",
    response={200: DisseminationOut, 404: NotFoundOut},
    summary=gettext_lazy("The dissemination checklist"),
    description=gettext_lazy(
        "One line per channel (web, newsletter, network_meeting, annual_conference); "
        "a channel is done when it has a date. Everyone who may see the provrum may read it."
    ),
)
def get_dissemination(request, provrum_id: int):
    return _dissemination(request, provrum_get_for(user=request.user, pk=provrum_id))


@router.put(
    "/provrum/{provrum_id}/dissemination",
    response={200: DisseminationOut, **REFUSALS},
    summary=gettext_lazy("Record the dissemination"),
    description=gettext_lazy(
        "The office, once the final report is approved and until the provrum is closed. "
        "Each channel sent is replaced (date as YYYY-MM-DD or null, link beginning with "
        "https:// or http://); channels not sent are left as they are. All lines are "
        "saved together or not at all; errors are keyed channel.field (web.date)."
    ),
)
def put_dissemination(request, provrum_id: int, payload: DisseminationIn):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    lines = {}
    for line in payload.channels:
        if line.channel in lines:
            raise ValidationError(
                {
                    "channels": _("Each channel may be sent once (%(channel)s).")
                    % {"channel": line.channel}
                }
            )
        lines[line.channel] = line.dict(exclude={"channel"})
    closing.dissemination_save(provrum=provrum, by=request.user, lines=lines)
    return _dissemination(request, provrum_get_for(user=request.user, pk=provrum_id))


@router.post(
    "/provrum/{provrum_id}/close",
    response={200: ProvrumCloseOut, **REFUSALS},
    summary=gettext_lazy("Close the provrum"),
    description=gettext_lazy(
        "The office, when the provrum is reported, its final report approved and at least "
        "one channel done. Each channel not done is a warning (not_disseminated_<channel>) "
        "to send in acknowledge; until then the answer is 409 "
        "dissemination_not_acknowledged, listing the warnings. Closing asks every "
        "participant's representative to answer the survey. Closing again changes nothing."
    ),
)
def close_provrum(request, provrum_id: int, payload: ProvrumCloseIn = None):
    payload = payload or ProvrumCloseIn()
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    provrum = closing.provrum_close(
        provrum=provrum, by=request.user, note=payload.note, acknowledged=payload.acknowledge
    )
    return {
        "id": provrum.pk,
        "state": provrum.state,
        "asked": closing.survey_progress(provrum)["asked"],
    }


def _invitation(request, provrum):
    invitation = closing.survey_invitation_for(request.user, provrum)
    if invitation is None:
        raise PermissionDenied(
            _("Only the representatives of the organisations that took part are asked this survey.")
        )
    return invitation


def _survey_status(invitation) -> dict:
    return {
        "provrum": invitation.provrum_id,
        "organisation": invitation.organisation.slug if invitation.organisation else None,
        "asked_at": invitation.created_at,
        "answered": invitation.answered_at is not None,
        "answered_at": invitation.answered_at,
    }


@router.get(
    "/provrum/{provrum_id}/survey",
    response={200: SurveyStatusOut, 403: RefusalOut, 404: NotFoundOut},
    summary=gettext_lazy("My survey for a closed provrum"),
    description=gettext_lazy(
        "Whether the person was asked and has answered. The answers themselves are not "
        "linked to the person and cannot be read back."
    ),
)
def get_survey(request, provrum_id: int):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    return _survey_status(_invitation(request, provrum))


@router.post(
    "/provrum/{provrum_id}/survey",
    response={200: SurveyStatusOut, **REFUSALS, 429: RefusalOut},
    summary=gettext_lazy("Answer the survey"),
    description=gettext_lazy(
        "usefulness 1–5, take_part_again yes, maybe or no, format_change optional text "
        "(at most 3000 characters). Once only: a second answer gets 409 "
        "survey_already_answered."
    ),
)
def answer_survey(request, provrum_id: int, payload: SurveyAnswerIn):
    provrum = provrum_get_for(user=request.user, pk=provrum_id)
    limit_take(request.user, "answer")
    invitation = closing.survey_answer(
        provrum=provrum,
        by=request.user,
        usefulness=payload.usefulness,
        take_part_again=payload.take_part_again,
        format_change=payload.format_change,
    )
    return _survey_status(invitation)
