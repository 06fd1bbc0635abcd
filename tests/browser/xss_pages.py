"""The pages, feeds and exports that show the demo data's free text, per role.

Read from the database after the demo is seeded, so that a new provrum state or meeting in
the demo is visited without a change here. Used by test_xss_corpus.py (the payloads) and
test_accessibility.py (axe-core), which visit the same page types.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reglab.accounts.models import User
from reglab.live.models import Room
from reglab.meetings.models import Meeting, Network, SlideAttachment
from reglab.organisations.models import Organisation
from reglab.provrum.models import Document, FinalReport, ProjectPlan, Provrum, State
from reglab.surveys.models import Survey, SurveyAnswer

WORKING_STATES = [State.RUNNING, State.REPORTED, State.CLOSED]


def one_per_state(states) -> list[Provrum]:
    """The first provrum of each state (the demo has one or more in each)."""
    chosen = {}
    for provrum in Provrum.objects.filter(state__in=states).order_by("pk"):
        chosen.setdefault(provrum.state, provrum)
    return list(chosen.values())


def published_results() -> list[int]:
    return list(
        FinalReport.objects.filter(status="approved").values_list("provrum_id", flat=True)[:2]
    )


def public_meetings() -> list[Meeting]:
    return list(Meeting.objects.filter(is_draft=False, visibility="public").order_by("pk")[:2])


def public_pages() -> list[str]:
    organisation = Organisation.objects.order_by("pk").first()
    pages = [
        reverse("core:home"),
        reverse("organisations:list"),
        reverse("organisations:detail", args=[organisation.slug]),
        reverse("results:index"),
        reverse("meetings:list"),
        reverse("meetings:networks"),
        reverse("live:join"),
        reverse("account_login"),
    ]
    pages += [reverse("results:detail", args=[pk]) for pk in published_results()]
    pages += [reverse("meetings:detail", args=[meeting.pk]) for meeting in public_meetings()]
    pages += [
        reverse("meetings:network", args=[network.slug]) for network in Network.objects.all()[:1]
    ]
    return pages


def participant_pages(slug: str) -> list[str]:
    """A representative's pages: their start page and the provrum their organisation is in."""
    person = User.objects.get(email=f"{slug}@reglab.example")
    organisation = person.affiliations.get().organisation
    pages = [
        reverse("core:home"),
        reverse("accounts:profile"),
        reverse("notifications:list"),
        reverse("provrum:board"),
        reverse("provrum:calendar"),
        reverse("meetings:list"),
        reverse("surveys:list"),
    ]
    theirs = Provrum.objects.filter(interests__organisation=organisation).distinct()
    for provrum in theirs.filter(state__in=WORKING_STATES).order_by("pk")[:2]:
        pages += [
            provrum.get_absolute_url(),
            reverse("provrum:running", args=[provrum.pk]),
            reverse("provrum:plan", args=[provrum.pk]),
            reverse("provrum:report", args=[provrum.pk]),
        ]
    pages += [reverse("meetings:detail", args=[meeting.pk]) for meeting in public_meetings()]
    for answer in SurveyAnswer.objects.filter(organisation=organisation).order_by("pk")[:1]:
        pages.append(reverse("surveys:answer", args=[answer.survey_id, organisation.slug]))
    return pages


def office_pages() -> list[str]:
    pages = [
        reverse("core:home"),
        reverse("todo:inbox"),
        reverse("provrum:queue"),
        reverse("accounts:affiliation_queue"),
        reverse("results:newsletter"),
        reverse("results:newsletter_preview") + newsletter_period(),
        reverse("evaluation:dashboard"),
        reverse("surveys:list"),
        reverse("privacy:erasure_queue"),
        "/admin/accounts/affiliation/",
        "/admin/accounts/user/",
    ]
    for provrum in one_per_state(list(State)):
        pages += [provrum.get_absolute_url(), reverse("provrum:history", args=[provrum.pk])]
        if ProjectPlan.objects.filter(provrum=provrum).exists():
            pages += [
                reverse("provrum:plan", args=[provrum.pk]),
                reverse("provrum:plan_versions", args=[provrum.pk]),
            ]
        if provrum.state in WORKING_STATES:
            pages += [
                reverse("provrum:running", args=[provrum.pk]),
                reverse("provrum:report", args=[provrum.pk]),
            ]
        if provrum.state in (State.REPORTED, State.CLOSED):
            pages.append(reverse("provrum:dissemination", args=[provrum.pk]))
    for meeting in Meeting.objects.order_by("pk")[:2]:
        pages += [
            reverse("meetings:detail", args=[meeting.pk]),
            reverse("meetings:host", args=[meeting.pk]),
            reverse("meetings:participants", args=[meeting.pk]),
            reverse("meetings:name_list", args=[meeting.pk]),
        ]
    for room in Room.objects.order_by("pk")[:1]:
        pages += [
            reverse("live:host", args=[room.meeting_id]),
            reverse("live:results", args=[room.meeting_id]),
            reverse("live:screen", args=[room.presenter_token]),
            reverse("live:screen_results", args=[room.presenter_token]),
        ]
    for survey in Survey.objects.order_by("pk")[:1]:
        pages += [
            reverse("surveys:detail", args=[survey.pk]),
            reverse("surveys:results", args=[survey.pk]),
        ]
    return pages


def public_exports() -> list[str]:
    exports = [reverse("results:feed")]
    exports += [reverse("meetings:ics", args=[meeting.pk]) for meeting in public_meetings()]
    exports += [reverse("meetings:network_ics", args=[n.slug]) for n in Network.objects.all()[:1]]
    return exports


def newsletter_period() -> str:
    """A year from the first published result: the newsletter draft's period."""
    first = FinalReport.objects.exclude(published_at=None).order_by("published_at").first()
    start = timezone.localdate(first.published_at)
    return f"?start={start.isoformat()}&end={(start + timedelta(days=364)).isoformat()}"


def office_exports() -> list[str]:
    period = newsletter_period()
    exports = [reverse(f"results:newsletter_{fmt}") + period for fmt in ("html", "txt")]
    for provrum in one_per_state(WORKING_STATES)[:1]:
        exports += [
            reverse("provrum:plan_docx", args=[provrum.pk]),
            reverse("provrum:budget_xlsx", args=[provrum.pk]),
            reverse("provrum:budget_csv", args=[provrum.pk]),
            reverse("provrum:calendar_ics", args=[provrum.pk]),
        ]
    for meeting in Meeting.objects.order_by("pk")[:1]:
        exports += [
            reverse("meetings:participants_csv", args=[meeting.pk]),
            reverse("meetings:participants_xlsx", args=[meeting.pk]),
        ]
    # Uploaded files, whose names carry payloads: sent as attachments, never shown.
    for document in Document.objects.order_by("pk")[:2]:
        exports.append(reverse("provrum:document", args=[document.provrum_id, document.pk]))
    for slide in SlideAttachment.objects.order_by("pk")[:1]:
        exports.append(reverse("meetings:slide", args=[slide.item.meeting_id, slide.pk]))
    for room in Room.objects.order_by("pk")[:1]:
        exports += [
            reverse("live:results_csv", args=[room.meeting_id]),
            reverse("live:results_xlsx", args=[room.meeting_id]),
        ]
    for survey in Survey.objects.order_by("pk")[:1]:
        exports += [
            reverse("surveys:export_csv", args=[survey.pk]),
            reverse("surveys:export_xlsx", args=[survey.pk]),
        ]
    return exports
