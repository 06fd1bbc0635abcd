"""A running provrum with an approved plan, and final reports in each of their states.

The plan (plan_fixtures.valid_plan, approved by the office) names two success
criteria and one indicator, so the report answers three rows, in that order.
Skåne leads; Örebro (a region) and Kontigo (a partner) take part; Gävleborg
and Vinnova are members that do not.
"""

import copy
import hashlib

from django.core.files.base import ContentFile

from reglab.provrum.models import Document, FinalReport, Provrum
from reglab.provrum.plan import services as plans
from reglab.provrum.report import services as reports
from tests.provrum.plan_fixtures import submitted_plan, valid_plan, with_go_ahead

CRITERIA = ["Minst tre regioner använder metoden", "En gemensam metodbeskrivning – å ä ö"]
INDICATOR = {"indicator": "Antal analyser", "measured_by": "Enkät efter sex månader"}
ROWS = [("criterion", CRITERIA[0]), ("criterion", CRITERIA[1]), ("indicator", "Antal analyser")]

VALID_REPORT = {
    "summary": "Regionerna prövade AI för visualisering; två av tre använder metoden i dag.",
    "results": [
        {
            "kind": "criterion",
            "text": CRITERIA[0],
            "outcome": "partly",
            "evidence": "Två regioner har infört metoden.",
        },
        {
            "kind": "criterion",
            "text": CRITERIA[1],
            "outcome": "met",
            "evidence": "Metodbeskrivningen är publicerad.",
        },
        {
            "kind": "indicator",
            "text": "Antal analyser",
            "outcome": "not_met",
            "evidence": "Enkäten är inte gjord än.",
        },
    ],
    "lessons": "Öppna data räcker långt, men kräver gemensamma definitioner.",
    "recommendations": "Starta ett lärprojekt om datadelning.",
    "follow_on": "learning_project",
    "attachments": [],
}


def valid_report(**changes) -> dict:
    data = copy.deepcopy(VALID_REPORT)
    data.update(changes)
    return data


def running(cast, *, title="AI och visualisering i regional utveckling") -> Provrum:
    """A provrum whose plan (two criteria, one indicator) the office approved: running."""
    provrum = with_go_ahead(cast, title=title)
    submitted_plan(cast, provrum, valid_plan(success_criteria=CRITERIA, indicators=[INDICATOR]))
    plans.plan_approve(provrum=provrum, by=cast["office"])
    return Provrum.objects.get(pk=provrum.pk)


def current_version(provrum) -> int:
    return (
        FinalReport.objects.filter(provrum=provrum).values_list("version", flat=True).first() or 0
    )


def fresh(provrum) -> Provrum:
    return Provrum.objects.get(pk=provrum.pk)


def saved_report(cast, provrum, data=None, by="skane") -> FinalReport:
    return reports.report_save(
        provrum=fresh(provrum),
        by=cast["people"][by],
        data=valid_report() if data is None else data,
        version=current_version(provrum),
    )


def submitted_report(cast, provrum, data=None) -> FinalReport:
    saved_report(cast, provrum, data)
    return reports.report_submit(provrum=fresh(provrum), by=cast["people"]["skane"])


def approved_report(cast, provrum, data=None, comment="") -> FinalReport:
    submitted_report(cast, provrum, data)
    return reports.report_approve(provrum=fresh(provrum), by=cast["office"], comment=comment)


def returned_report(cast, provrum, comment="Förtydliga resultaten.") -> FinalReport:
    submitted_report(cast, provrum)
    return reports.report_return(provrum=fresh(provrum), by=cast["office"], comment=comment)


def document(provrum, name="underlag.pdf", content=b"%PDF-1.4 test") -> Document:
    """A document in the provrum's document area (the upload itself is the work pages')."""
    return Document.objects.create(
        provrum=provrum,
        file=ContentFile(content, name=name),
        name=name,
        kind=Document.Kind.PDF,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
