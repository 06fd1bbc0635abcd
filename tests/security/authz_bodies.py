"""A valid body for each of the API's writes in the authorization matrix.

An empty body is refused by the schema (422) before any permission is checked, so a
cell sent with one shows only that nothing changed. Each write here gets a body the
schema accepts, built from the subject's values and from what the API itself answers
(the current version of a plan, a meeting or an answer, read by the superuser before
the cell), so that an allowed role's write is really made (and rolled back) and a
refused role is refused by the permission check. A write operation of the API's schema
without a body here fails ``test_every_api_write_has_a_body``.

A builder takes ``(params, read)``: the subject's URL values and ``read(path)``, the API's
answer to a GET of ``/api/v1<path>`` by the superuser. It returns a dict sent as JSON, a
``Form`` sent as multipart, or ``None`` for an operation that takes no body.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.provrum.work_samples import hand_pdf


class Form(dict):
    """A multipart body; a ``bytes`` value is sent as a file of that name (a fresh one each
    time, as a file is read once)."""

    def encoded(self):
        return {
            name: SimpleUploadedFile(f"{name}.pdf", value, "application/pdf")
            if isinstance(value, bytes)
            else value
            for name, value in self.items()
        }


def _in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def _proposal(params, read):
    return {
        "organisation": params["organisation"],
        "title": "Matrisens förslag",
        "summary": "Ett förslag som behörighetsmatrisen lämnar.",
        "question": "Går det att pröva?",
        "kind": "method",
        "intended_use": "pre_study",
    }


def _provrum_edit(params, read):
    current = read(f"/provrum/{params['provrum_id']}")
    return {"version": current["version"], "title": "Matrisens nya titel"}


def _document(name):
    """The document as the API gives it, sent back unchanged: a save that passes the schema."""

    def build(params, read):
        current = read(f"/provrum/{params['provrum_id']}/{name}")
        return {"version": current["version"], "data": current["data"]}

    return build


def _new_meeting(params, read):
    return {
        "title": "Matrisens avstämning",
        "starts_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        "mode": "physical",
        "place": "Regionhuset, Örebro",
    }


def _meeting_edit(params, read):
    current = read(f"/provrum/{params['provrum_id']}/meetings/{params['meeting_id']}")
    fields = ("title", "starts_at", "ends_at", "mode", "place", "agenda", "notes", "version")
    return {name: current[name] for name in fields if name in current} | {"title": "Ändrad"}


def _dissemination(params, read):
    current = read(f"/provrum/{params['provrum_id']}/dissemination")
    fields = ("channel", "date", "link", "responsible", "note")
    channels = [{k: v for k, v in c.items() if k in fields} for c in current["channels"]]
    return {"channels": channels}


def _survey_answer(params, read):
    current = read(f"/surveys/{params['survey_id']}/answers/{params['organisation']}")
    return {"version": current["version"], "answers": current["answers"]}


def _survey_submit(params, read):
    current = read(f"/surveys/{params['survey_id']}/answers/{params['organisation']}")
    return {"version": current["version"]}


def _format_rules(params, read):
    return read("/format-rules")


def _constant(body):
    return lambda params, read: body


COMMENT = _constant({"comment": "Behörighetsmatrisens kommentar."})
EMPTY = _constant({})
NONE = _constant(None)

BODIES = {
    "POST /api/v1/provrum": _proposal,
    "PATCH /api/v1/provrum/{provrum_id}": _provrum_edit,
    "DELETE /api/v1/provrum/{provrum_id}": NONE,
    "POST /api/v1/provrum/{provrum_id}/publish": NONE,
    "POST /api/v1/provrum/{provrum_id}/withdraw": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/comments": _constant({"body": "Ett inlägg från matrisen."}),
    "POST /api/v1/provrum/{provrum_id}/interests": lambda params, read: {
        "organisation": params["interested"]
    },
    "DELETE /api/v1/provrum/{provrum_id}/interests/{organisation}": NONE,
    "POST /api/v1/provrum/{provrum_id}/leader": lambda params, read: {
        "organisation": params["organisation"]
    },
    "POST /api/v1/provrum/{provrum_id}/go-ahead": _constant(
        {"comment": "Behörighetsmatrisens kommentar.", "acknowledge_warnings": True}
    ),
    "POST /api/v1/provrum/{provrum_id}/decline": COMMENT,
    "POST /api/v1/provrum/{provrum_id}/lapse": COMMENT,
    "PUT /api/v1/format-rules": _format_rules,
    "PUT /api/v1/provrum/{provrum_id}/plan": _document("plan"),
    "POST /api/v1/provrum/{provrum_id}/plan/submit": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/plan/approve": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/plan/return": COMMENT,
    "POST /api/v1/provrum/{provrum_id}/meetings": _new_meeting,
    "PUT /api/v1/provrum/{provrum_id}/meetings/{meeting_id}": _meeting_edit,
    "DELETE /api/v1/provrum/{provrum_id}/meetings/{meeting_id}": NONE,
    "POST /api/v1/provrum/{provrum_id}/documents": _constant(
        Form(file=hand_pdf(), description="Matrisens minnesanteckningar")
    ),
    "DELETE /api/v1/provrum/{provrum_id}/documents/{document_id}": NONE,
    "POST /api/v1/provrum/{provrum_id}/status-updates": _constant(
        {"progress": "on_track", "body": "Arbetet går enligt plan."}
    ),
    "PUT /api/v1/provrum/{provrum_id}/report": _document("report"),
    "POST /api/v1/provrum/{provrum_id}/report/submit": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/report/approve": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/report/return": COMMENT,
    "POST /api/v1/provrum/{provrum_id}/report/comments": _constant({"body": "En synpunkt."}),
    "PUT /api/v1/provrum/{provrum_id}/dissemination": _dissemination,
    "POST /api/v1/provrum/{provrum_id}/close": EMPTY,
    "POST /api/v1/provrum/{provrum_id}/survey": _constant(
        {"usefulness": 4, "take_part_again": "yes"}
    ),
    "POST /api/v1/meetings/{id}/registrations": EMPTY,
    "DELETE /api/v1/meetings/{id}/registrations/me": NONE,
    "POST /api/v1/meetings/{id}/questions": _constant(
        {"kind": "text", "text": "Vad tar ni med er?"}
    ),
    "POST /api/v1/meetings/{id}/questions/{qid}/open": NONE,
    "POST /api/v1/meetings/{id}/questions/{qid}/close": NONE,
    "POST /api/v1/live/{code}/participants": NONE,
    "POST /api/v1/live/{code}/questions/{qid}/answers": _constant({"text": "Ett svar."}),
    "POST /api/v1/live/{code}/questions/{qid}/suggestions": _constant({"text": "Ett förslag."}),
    "POST /api/v1/surveys": lambda params, read: {
        "title": "Matrisens enkät",
        "opens_on": _in_days(0).isoformat(),
        "closes_on": _in_days(30).isoformat(),
        "questions": [{"kind": "text", "text": "Vad vill ni berätta?"}],
    },
    "PUT /api/v1/surveys/{survey_id}/answers/{organisation}": _survey_answer,
    "POST /api/v1/surveys/{survey_id}/answers/{organisation}/submit": _survey_submit,
    "POST /api/v1/people/{person_id}/erase": _constant({"confirm": True}),
}


def body_for(route, params, reader):
    """The body of ``route`` (``"METHOD /api/v1/path"``) for a subject with ``params``."""

    def read(path):
        response = reader.get("/api/v1" + path)
        assert response.status_code == 200, f"GET /api/v1{path}: {response.status_code}"
        return response.json()

    return BODIES[route](params, read)
