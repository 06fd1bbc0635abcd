"""What the groups of the older demo provrum did after the start (``data/provrum_work.toml``).

Dated within each provrum's plan: meetings with notes, the leader's status
updates and documents; then, as far as the demo state goes, the final report
(submitted, or approved and published), the dissemination, the closing and the
participants' answers to the closing survey.
"""

from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from reglab.demo.specs import DemoDocument, DemoProvrum, workday
from reglab.provrum import rules
from reglab.provrum.closing import services as closing
from reglab.provrum.models import (
    Channel,
    Document,
    Event,
    FinalReport,
    ProjectPlan,
    Provrum,
    State,
    StatusUpdate,
    SurveyInvitation,
    SurveyResponse,
)
from reglab.provrum.report import services as reports
from reglab.provrum.running import services as work_services


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def pdf(document: DemoDocument) -> bytes:
    """A small real PDF of the group's document, made as the exports are (WeasyPrint)."""
    from django.utils.html import escape
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in document.paragraphs)
    html = (
        '<html lang="sv"><head><meta charset="utf-8"><title>'
        f"{escape(document.heading)}</title></head><body><h1>{escape(document.heading)}</h1>"
        f"{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


def build_work(provrum: Provrum, spec: DemoProvrum, *, office, person_for) -> None:
    """What the group did after the start, dated within its plan: meetings with notes, the
    leader's status updates, documents; then, as far as the demo state goes, the final
    report (submitted, or approved and published), the dissemination, the closing and the
    participants' answers to the survey.
    """
    work = spec.work
    leader = person_for(spec.leader)
    provrum = Provrum.objects.get(pk=provrum.pk)  # started by the plan's approval
    plan_data = ProjectPlan.objects.values_list("data", flat=True).get(provrum=provrum)
    start = date.fromisoformat(plan_data["start"])
    end = date.fromisoformat(plan_data["end"])
    for meeting in work.meetings:
        first = timezone.localdate() if meeting.from_today else start
        day = workday(first + timedelta(days=meeting.days))
        work_services.meeting_create(
            provrum=provrum,
            by=leader,
            title=meeting.title,
            starts_at=at(day, 10),
            ends_at=at(day, 16 if meeting.mode == "physical" else 12),
            mode=meeting.mode,
            place=meeting.place,
            agenda=meeting.agenda,
            notes=meeting.notes,
        )
    for days, progress, body in work.status_updates:
        update = work_services.status_post(provrum=provrum, by=leader, progress=progress, body=body)
        written = at(workday(start + timedelta(days=days)), 9)
        StatusUpdate.objects.filter(pk=update.pk).update(created_at=written)
    attachments = []
    for number, spec_document in enumerate(work.documents):
        document = work_services.document_upload(
            provrum=provrum,
            by=leader,
            file=ContentFile(pdf(spec_document), name=spec_document.name),
            description=spec_document.description,
        )
        uploaded = at(workday(start + timedelta(days=20 + 10 * number)), 11)
        Document.objects.filter(pk=document.pk).update(uploaded_at=uploaded)
        if spec_document.attach:
            attachments.append(document.pk)

    report_spec = work.report
    if report_spec is None or spec.state not in {State.REPORTED, State.CLOSED}:
        return
    data = reports.report_prefill(provrum)
    for row, (outcome, evidence) in zip(data["results"], report_spec.outcomes, strict=True):
        row.update(outcome=outcome, evidence=evidence)
    data.update(
        summary=report_spec.summary,
        lessons=report_spec.lessons,
        recommendations=report_spec.recommendations,
        follow_on=report_spec.follow_on,
        attachments=attachments,
    )
    report = reports.report_save(provrum=provrum, by=leader, data=data, version=0)
    reports.report_submit(provrum=provrum, by=leader, version=report.version)
    provrum = Provrum.objects.get(pk=provrum.pk)
    submitted_at = at(workday(end + timedelta(days=report_spec.submitted_days)), 14)
    FinalReport.objects.filter(provrum=provrum).update(submitted_at=submitted_at)
    if not report_spec.approval_comment:
        return
    reports.report_approve(provrum=provrum, by=office, comment=report_spec.approval_comment)
    provrum = Provrum.objects.get(pk=provrum.pk)
    approved_at = submitted_at + timedelta(days=report_spec.approved_days)
    FinalReport.objects.filter(provrum=provrum).update(
        decided_at=approved_at, published_at=approved_at
    )
    if spec.state != State.CLOSED:
        return
    approved_day = timezone.localdate(approved_at)
    closing.dissemination_save(
        provrum=provrum,
        by=office,
        lines={
            channel: {
                "date": min(approved_day + timedelta(days=days), timezone.localdate()),
                "link": link,
                "responsible": who,
                "note": note,
            }
            for channel, days, link, who, note in work.disseminations
        },
    )
    done = {channel for channel, *_ in work.disseminations}
    closing.provrum_close(
        provrum=provrum,
        by=office,
        note=spec.close_note,
        acknowledged=[
            rules.not_disseminated_code(channel)
            for channel in Channel.values
            if channel not in done
        ],
    )
    for slug, usefulness, again, text in work.survey_answers:
        closing.survey_answer(
            provrum=provrum,
            by=person_for(slug),
            usefulness=usefulness,
            take_part_again=again,
            format_change=text,
        )
    # Closed a week after the last channel, as the office would have; the survey with it.
    last_channel = max(days for _, days, *_ in work.disseminations)
    closed_at = min(
        at(workday(approved_day + timedelta(days=last_channel + 7)), 15), timezone.now()
    )
    Event.objects.filter(provrum=provrum, action=Event.Action.CLOSED).update(created_at=closed_at)
    SurveyInvitation.objects.filter(provrum=provrum).update(created_at=closed_at)
    # Answered three days later; kept to the day, and the answers dated when asked (as
    # closing.survey_answer does, so that an answer cannot be joined to its person).
    answered_on = timezone.localdate(closed_at) + timedelta(days=3)
    SurveyInvitation.objects.filter(provrum=provrum, answered_at__isnull=False).update(
        answered_at=at(answered_on, 0)
    )
    SurveyResponse.objects.filter(provrum=provrum).update(created_at=closed_at)
