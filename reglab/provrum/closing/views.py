"""The dissemination checklist, closing a provrum, and the participants' survey.

Views are thin: they read the form, call one service in ``closing`` and show
its refusal next to the form it concerns, with the API's status code (403,
409, 422). Nothing typed is lost: a refused save shows the form again with the
values as typed and the message by the field. Every form is a plain POST that
works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reglab.core.limits import RateLimited, limit_take
from reglab.provrum.closing import services as closing
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.messages import reason_dict, reason_message
from reglab.provrum.models import Channel, State, SurveyResponse
from reglab.provrum.rules import ERROR, Reason
from reglab.provrum.selectors import provrum_get_for
from reglab.provrum.web import error_dict, provrum_action, provrum_area, refusal, run_action

FIELDS = ("date", "link", "responsible", "note")
# At most this many other surveys are listed beside the one being answered.
OTHER_SURVEYS_SHOWN = 10


# The dissemination checklist ----------------------------------------------------


def lines_from_post(post) -> dict:
    """The checklist as typed: {channel: {field: text}} from names like ``web-date``."""
    return {
        channel: {name: post.get(f"{channel}-{name}", "") for name in FIELDS}
        for channel in Channel.values
    }


def _field_specs():
    return {
        "date": {
            "label": _("Date"),
            "type": "date",
            "help": _("The day the results were spread here. A channel is done when it has one."),
        },
        "link": {
            "label": _("Link"),
            "type": "url",
            "help": _("Optional: where it can be read or seen, beginning with https://."),
            "maxlength": closing.DISSEMINATION_LIMITS["link"],
        },
        "responsible": {
            "label": _("Who"),
            "type": "text",
            "help": _("Who at the office or in the group is responsible."),
            "maxlength": closing.DISSEMINATION_LIMITS["responsible"],
        },
        "note": {
            "label": _("Note"),
            "type": "text",
            "help": "",
            "maxlength": closing.DISSEMINATION_LIMITS["note"],
        },
    }


def _saved_values(line) -> dict:
    return {
        "date": line.date.isoformat() if line.date else "",
        "link": line.link,
        "responsible": line.responsible,
        "note": line.note,
    }


def checklist_rows(lines, *, typed=None, errors=None) -> list[dict]:
    """The checklist's lines for the form: values (typed or saved) and messages."""
    specs = _field_specs()
    errors = errors or {}
    rows = []
    for line in lines:
        values = (typed or {}).get(line.channel) or _saved_values(line)
        fields = []
        for name in FIELDS:
            field_id = f"id_{line.channel}-{name}"
            field_errors = errors.get(f"{line.channel}.{name}", [])
            # One help text per field above the lines, shared by the four channels.
            described = [f"help-{name}"] if specs[name]["help"] else []
            described += [f"{field_id}_error"] if field_errors else []
            fields.append(
                {
                    **specs[name],
                    "name": f"{line.channel}-{name}",
                    "id": field_id,
                    "value": values.get(name, ""),
                    "errors": field_errors,
                    "describedby": " ".join(described),
                }
            )
        rows.append(
            {
                "channel": line.channel,
                "label": line.get_channel_display(),
                "done": line.date is not None,
                "fields": fields,
                "has_errors": any(field["errors"] for field in fields),
            }
        )
    return rows


def summary_entries(rows, errors) -> list[dict]:
    """The checklist's messages for the error summary: those about the whole list first,
    then each field's, linked to the field and named by its channel."""
    entries = [
        {"id": "", "message": message}
        for key, items in errors.items()
        if "." not in key
        for message in items
    ]
    for row in rows:
        for field in row["fields"]:
            entries += [
                {"id": field["id"], "message": f"{row['label']}, {field['label']}: {message}"}
                for message in field["errors"]
            ]
    return entries


def _page(request, provrum, *, typed=None, errors=None, status=200, **extra):
    """The dissemination page: the office's form and closing, or the list to read."""
    user = request.user
    lines = closing.dissemination_list(provrum)
    can_edit = user.has_perm("provrum.disseminate", provrum)
    can_close = user.has_perm("provrum.close", provrum)
    reasons = [reason_dict(reason) for reason in closing.close_reasons(provrum, lines=lines)]
    errors = errors or {}
    rows = checklist_rows(lines, typed=typed, errors=errors) if can_edit else []
    context = {
        "provrum": provrum,
        "lines": lines,
        "recorded": [line for line in lines if closing.has_content(line)],
        "done_count": sum(1 for line in lines if line.date is not None),
        "channel_count": len(lines),
        "can_edit": can_edit,
        "can_close": can_close,
        "rows": rows,
        "error_entries": summary_entries(rows, errors),
        "error_codes": ["invalid"],
        "field_help": [
            {"name": name, "label": spec["label"], "help": spec["help"]}
            for name, spec in _field_specs().items()
            if spec["help"]
        ],
        "close_errors": [reason for reason in reasons if reason["severity"] == "error"],
        "close_warnings": [reason for reason in reasons if reason["severity"] != "error"],
        "acknowledged": [],
        "close_note": "",
        "is_closed": provrum.state == State.CLOSED,
        "progress": closing.survey_progress(provrum)
        if provrum.state == State.CLOSED and user.has_perm("provrum.decide", provrum)
        else None,
        "feedback": None,
    }
    context.update(extra)
    return render(request, "provrum/close/dissemination_page.html", context, status=status)


@provrum_area
def dissemination(request, pk):
    """The checklist of Reglab's channels: the office fills it in, the others read it."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, provrum)
    if not request.user.has_perm("provrum.decide", provrum):
        raise PermissionDenied(_("Only the office can record how the results were spread."))
    typed = lines_from_post(request.POST)
    try:
        closing.dissemination_save(provrum=provrum, by=request.user, lines=typed)
    except ValidationError as error:
        return _page(request, provrum, typed=typed, errors=error_dict(error), status=400)
    except (RuleViolation, PermissionDenied) as error:
        feedback = refusal(error, "dissemination")
        return _page(request, provrum, typed=typed, feedback=feedback, status=feedback.status)
    messages.success(request, _("The dissemination is saved."))
    return redirect("provrum:dissemination", pk=provrum.pk)


@provrum_action
def close(request, provrum):
    """The office closes the provrum; every warning shown must be acknowledged."""
    acknowledged = request.POST.getlist("acknowledge")[:20]
    note = request.POST.get("note", "")[:10_000]
    feedback = run_action(
        "close",
        lambda: closing.provrum_close(
            provrum=provrum, by=request.user, note=note, acknowledged=acknowledged
        ),
        _("The provrum is closed. The participants are asked to answer a short survey."),
    )
    if feedback.ok:
        messages.success(request, feedback.message)
        return redirect(provrum)
    provrum = provrum_get_for(user=request.user, pk=provrum.pk)
    return _page(
        request,
        provrum,
        feedback=feedback,
        acknowledged=acknowledged,
        close_note=note,
        status=feedback.status,
    )


# The survey -----------------------------------------------------------------------


def survey_entries(errors) -> list[dict]:
    """The survey's messages for the error summary, each linked to its question's first box."""
    first = {
        "usefulness": f"usefulness-{closing.USEFULNESS_SCALE[0]}",
        "take_part_again": f"again-{SurveyResponse.Again.values[0]}",
        "format_change": "id_format_change",
    }
    return [
        {"id": first.get(key, ""), "message": message}
        for key, items in errors.items()
        for message in items
    ]


def _survey_page(request, provrum, invitation, *, status=200, **extra):
    others = closing.pending_surveys(request.user).exclude(provrum=provrum)
    context = {
        "provrum": provrum,
        "invitation": invitation,
        "scale": closing.USEFULNESS_SCALE,
        "again_choices": SurveyResponse.Again.choices,
        "format_change_limit": closing.FORMAT_CHANGE_LIMIT,
        "values": {},
        "errors": {},
        "error_entries": [],
        "error_codes": ["invalid"],
        "other_surveys": list(others[:OTHER_SURVEYS_SHOWN]),
        "feedback": None,
    }
    context.update(extra)
    return render(request, "provrum/close/survey_page.html", context, status=status)


@provrum_area
def survey(request, pk):
    """The short survey for a participant asked when the provrum closed; answered once."""
    provrum = provrum_get_for(user=request.user, pk=pk)
    invitation = closing.survey_invitation_for(request.user, provrum)
    if invitation is None:
        return render(
            request, "provrum/close/survey_refused.html", {"provrum": provrum}, status=403
        )
    if request.method == "POST" and invitation.answered_at is not None:
        messages.info(request, reason_message(Reason("survey_already_answered", ERROR)))
        return redirect("provrum:survey", pk=provrum.pk)
    if request.method != "POST":
        return _survey_page(request, provrum, invitation)
    values = {
        "usefulness": request.POST.get("usefulness", ""),
        "take_part_again": request.POST.get("take_part_again", ""),
        "format_change": request.POST.get("format_change", "")[:20_000],
    }
    try:
        limit_take(request.user, "answer")
        closing.survey_answer(provrum=provrum, by=request.user, **values)
    except ValidationError as error:
        errors = error_dict(error)
        return _survey_page(
            request,
            provrum,
            invitation,
            values=values,
            errors=errors,
            error_entries=survey_entries(errors),
            status=400,
        )
    except RuleViolation as error:
        # A second tab or a double submit got there first: the first answer stands.
        messages.info(request, error.message)
        return redirect("provrum:survey", pk=provrum.pk)
    except (RateLimited, PermissionDenied) as error:
        feedback = refusal(error, "survey")
        return _survey_page(
            request, provrum, invitation, values=values, feedback=feedback, status=feedback.status
        )
    messages.success(request, _("Thank you for your answers!"))
    return redirect("provrum:survey", pk=provrum.pk)
