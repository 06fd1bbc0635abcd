"""Published results for the public pages, built with the ORM.

A report is published by the office's approval (the report helper's service);
here the end state is written directly: FinalReport with status approved and
published_at, and the provrum moved to "reported" or "closed".

The participants get full names, and every place a person could leak from
(the report's author fields, an uploader, a status update, a comment, the
history) points at them, so the tests can assert that none of them shows.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify

from reglab.core.text import stems
from reglab.provrum.models import (
    Comment,
    Document,
    Event,
    FinalReport,
    IntendedUse,
    Interest,
    Kind,
    ProjectPlan,
    Provrum,
    ReportComment,
    State,
    StatusUpdate,
    Theme,
)
from tests.provrum import conftest as provrum_fixtures
from tests.provrum.plan_fixtures import valid_plan

# The provrum tests' cast and builder, shared as fixtures here.
cast = provrum_fixtures.cast
make_provrum = provrum_fixtures.make_provrum

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Participants' names: none of them may appear on a public page, in the feed or the API.
PEOPLE_NAMES = {
    "skane": "Sigrid Lundqvist",
    "orebro": "Oskar Wennerholm",
    "gavleborg": "Greta Falkenberg",
    "vinnova": "Viktor Almgren",
    "kontigo": "Karin Strandmark",
}

REPORT_DATA = {
    "summary": "Regionerna prövade AI för att visualisera regionala data i fyra månader.",
    "results": [
        {
            "kind": "criterion",
            "text": "Minst tre regioner använder metoden",
            "outcome": "met",
            "evidence": "Fyra regioner använder nu metoden i sina analyser.",
        },
        {
            "kind": "indicator",
            "text": "Antal analyser",
            "outcome": "partly",
            "evidence": "Sex analyser av tio planerade.",
        },
    ],
    "lessons": "Öppna data räcker långt, men kvaliteten varierar mellan länen.",
    "recommendations": "Starta ett lärprojekt om datakvalitet.",
    "follow_on": "learning_project",
    "attachments": [],
}


def report_data(**changes) -> dict:
    data = {**REPORT_DATA, "results": [dict(row) for row in REPORT_DATA["results"]]}
    data.update(changes)
    return data


def search_text_for(provrum, data) -> str:
    """As the report helper stores it on approval: stems of title, summary, lessons and
    recommendations."""
    text = " ".join(
        [
            provrum.title,
            data.get("summary", ""),
            data.get("lessons", ""),
            data.get("recommendations", ""),
        ]
    )
    return " " + " ".join(stems(text)) + " "


def publish(
    provrum,
    *,
    data=None,
    published_at=datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
    status=FinalReport.Status.APPROVED,
    state=State.REPORTED,
    people=None,
    office=None,
) -> FinalReport:
    """Give the provrum a final report in the given status, and move it to ``state``."""
    data = report_data() if data is None else data
    people = people or {}
    report = FinalReport.objects.create(
        provrum=provrum,
        status=status,
        version=2,
        data=data,
        published_at=published_at,
        search_text=search_text_for(provrum, data),
        updated_by=people.get("orebro"),
        submitted_by=people.get("skane"),
        decided_by=office,
    )
    Provrum.objects.filter(pk=provrum.pk).update(state=state)
    provrum.refresh_from_db()
    return report


def add_document(provrum, *, name="Slutrapport bilaga.pdf", kind="pdf", content=PDF, by=None):
    content_type = {"pdf": "application/pdf", "docx": DOCX, "png": "image/png"}[kind]
    return Document.objects.create(
        provrum=provrum,
        file=ContentFile(content, name=f"x.{kind}"),
        name=name,
        kind=kind,
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
        uploaded_by=by,
    )


@pytest.fixture
def people(cast):
    """The cast's representatives with full names (the cast names them after their e-mail)."""
    User = get_user_model()
    for key, person in cast["people"].items():
        User.objects.filter(pk=person.pk).update(name=PEOPLE_NAMES[key])
        person.refresh_from_db()
    return cast["people"]


def participant_leaks(cast) -> list[str]:
    """Every participant's e-mail address and name."""
    leaks = []
    for person in cast["people"].values():
        leaks += [person.email, person.name]
    return leaks


def assert_no_people(text: str, cast) -> None:
    for leak in participant_leaks(cast):
        assert leak not in text, f"{leak!r} is shown"
    assert "@example.se" not in text


@pytest.fixture
def published(cast, people, make_provrum):
    """Skåne leads, Örebro and Kontigo take part; the report is approved and published,
    with an attached PDF, a Word file and a document that is not attached."""
    provrum = make_provrum("go_ahead", title="AI och visualisering i regional utveckling")
    Interest.objects.create(
        provrum=provrum,
        organisation=cast["orgs"]["kontigo"],
        registered_by=people["kontigo"],
    )
    ProjectPlan.objects.create(
        provrum=provrum, status=ProjectPlan.Status.APPROVED, version=1, data=valid_plan()
    )
    pdf = add_document(provrum, name="Analysrapport.pdf", by=people["kontigo"])
    docx = add_document(
        provrum, name="Underlag.docx", kind="docx", content=b"PK\x03\x04docx", by=people["skane"]
    )
    unattached = add_document(provrum, name="Internt mötesprotokoll.pdf", by=people["orebro"])
    StatusUpdate.objects.create(
        provrum=provrum, body="Vi ligger i fas.", author=people["skane"], organisation=None
    )
    Comment.objects.create(provrum=provrum, author=people["orebro"], body="Bra jobbat!")
    Event.objects.create(provrum=provrum, action=Event.Action.REPORTED, actor=people["skane"])
    report = publish(
        provrum,
        data=report_data(attachments=[pdf.pk, docx.pk]),
        people=people,
        office=cast["office"],
    )
    ReportComment.objects.create(report=report, author=cast["office"], body="Godkänd.")
    return {
        "provrum": provrum,
        "report": report,
        "pdf": pdf,
        "docx": docx,
        "unattached": unattached,
    }


def bare_provrum(cast, *, title, themes=(), participants=("skane", "orebro"), leader="skane"):
    """A provrum with the go-ahead written straight to the database (for many rows)."""
    provrum = Provrum.objects.create(
        title=title,
        summary="Sammanfattning av förslaget.",
        question="Vad lär vi oss?",
        kind=Kind.METHOD,
        intended_use=IntendedUse.TEST_BALLOON,
        state=State.RUNNING,
        proposer_organisation=cast["orgs"][participants[0]],
        created_by=cast["people"][participants[0]],
        leader=cast["orgs"][leader] if leader else None,
        published_at=datetime(2025, 1, 1, tzinfo=UTC),
        go_ahead_at=datetime(2025, 2, 1, tzinfo=UTC),
    )
    for key in participants:
        Interest.objects.create(
            provrum=provrum,
            organisation=cast["orgs"][key],
            registered_by=cast["people"][key],
            wants_to_lead=key == leader,
        )
    for name in themes:
        theme, _ = Theme.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        provrum.themes.add(theme)
    return provrum
