"""The subjects of the authorization matrix: each kind of object, one per state.

``subjects_of(everyone)`` returns ``{kind: {state: Subject}}``. A kind's params are
every URL value its routes may ask for (``pk``, ``provrum_id``, ``comment_pk`` …);
a sub-object the subject does not have is ``ABSENT`` (an id no row has).
"""

import datetime as dt

from django.utils import timezone

from tests.security.authz_world import ABSENT, Subject, _rep

FIXED = ("anonymous", "joincode", "deactivated", "unconfirmed", "partner", "other")
FIXED += ("coordinator", "office", "superuser")


def _first_pk(queryset):
    found = queryset.order_by("pk").values_list("pk", flat=True).first()
    return ABSENT if found is None else found


def _cast(everyone, **relations):
    cast = {role: everyone[role] for role in FIXED}
    cast.update({role: person for role, person in relations.items() if person is not None})
    return cast


def provrum_subjects(everyone):
    """One provrum per state of the board (the demo has them all), "ready" included."""
    from reglab.provrum.models import Provrum
    from reglab.provrum.proposal import services

    subjects = {}
    for provrum in Provrum.objects.select_related("proposer_organisation", "leader"):
        state = "ready" if provrum.is_ready else provrum.state
        if state in subjects:
            continue
        owner = _rep(provrum.proposer_organisation)
        leader = _rep(provrum.leader) if provrum.leader else None
        others = provrum.interests.exclude(
            organisation__in=[provrum.proposer_organisation_id, provrum.leader_id]
        ).filter(organisation__membership="member")
        participant = _rep(others.first().organisation) if others.exists() else None
        if provrum.state != "draft":
            # A fresh comment by the owner, which the owner may still edit.
            services.comment_add(provrum=provrum, by=owner, body="Ett färskt inlägg.")
        group_org = (participant or owner).affiliations.get().organisation
        meetings, documents = provrum.meetings.all(), provrum.documents.all()
        params = {
            "pk": provrum.pk,
            "provrum_id": provrum.pk,
            "comment_pk": _first_pk(provrum.comments.filter(author=owner)),
            "organisation": group_org.slug,
            # An organisation outside the group, which the "other" role represents.
            "interested": everyone["other"].affiliations.get().organisation.slug,
            "meeting_pk": _first_pk(meetings),
            "meeting_id": _first_pk(meetings),
            "document_pk": _first_pk(documents),
            "document_id": _first_pk(documents),
        }
        relations = {"owner": owner, "leader": leader, "participant": participant}
        subjects[state] = Subject(params, _cast(everyone, **relations))
    return subjects


def meeting_subjects(everyone):
    """A published meeting with the live dialog open, one for members only, a draft, a past one."""
    from reglab.live.models import Option
    from reglab.live.services.answer import participant_join
    from reglab.live.services.question import question_open
    from reglab.live.services.room import room_get_or_create
    from reglab.meetings.models import Meeting, Network, SlideAttachment
    from reglab.meetings.services.meeting import meeting_create

    office = everyone["office"]
    chosen = {
        "published": Meeting.objects.filter(live_questions__isnull=False).distinct().get(),
        "members_only": Meeting.objects.filter(visibility="members").order_by("pk").first(),
        "past": Meeting.objects.order_by("date", "pk").first(),
    }
    chosen["draft"] = meeting_create(
        by=office,
        network=Network.objects.get(slug="rus-natverket"),
        title="Utkast till träff",
        date=timezone.localdate() + dt.timedelta(days=40),
        start_time=dt.time(10),
        end_time=dt.time(15),
        address="Regionhuset, Örebro",
        is_draft=True,
    )
    subjects = {}
    for state, meeting in chosen.items():
        room = room_get_or_create(meeting=meeting)
        question = meeting.live_questions.order_by("position", "pk").first()
        if state == "published":
            question = question_open(question=question, by=office)
            everyone["joincode_token"] = participant_join(meeting=meeting)[1]
        registered = meeting.registrations.filter(person__isnull=False).order_by("pk")
        # Not a coordinator of any network: the owner is only registered.
        registration = registered.exclude(person__network_memberships__is_coordinator=True).first()
        params = {
            "pk": meeting.pk,
            "id": meeting.pk,
            "meeting_id": meeting.pk,
            "item_pk": _first_pk(meeting.items.all()),
            "attachment_pk": _first_pk(SlideAttachment.objects.filter(item__meeting=meeting)),
            "question_pk": _first_pk(meeting.questions.all()),
            "registration_pk": registration.pk if registration else ABSENT,
            "qid": question.pk if question else ABSENT,
            "aid": _first_pk(question.answers.all()) if question else ABSENT,
            "oid": _first_pk(Option.objects.filter(question=question)) if question else ABSENT,
            "action": "close",
            "code": room.code,
            "token": room.presenter_token,
        }
        owner = registration.person if registration else None
        subjects[state] = Subject(params, _cast(everyone, owner=owner))
    return subjects


def survey_subjects(everyone):
    """The open survey to the regions and the closed one to the members; owner: one who answered."""
    from reglab.surveys.models import Survey

    subjects = {}
    today = timezone.localdate()
    for survey in Survey.objects.all():
        state = "open" if survey.closes_on >= today else "closed"
        answer = survey.answers.order_by("pk").first()
        owner = _rep(answer.organisation)
        params = {"pk": survey.pk, "survey_id": survey.pk, "organisation": answer.organisation.slug}
        subjects[state] = Subject(params, _cast(everyone, owner=owner))
    return subjects


def network_subjects(everyone):
    """The coordinator's network and another; owner: a member who does not coordinate."""
    from reglab.meetings.models import Network

    subjects = {}
    for state, slug in (("coordinated", "rus-natverket"), ("other", "analytikernatverket")):
        network = Network.objects.get(slug=slug)
        member = network.memberships.filter(is_coordinator=False).order_by("pk").first()
        params = {"slug": slug, "person_pk": member.person_id}
        subjects[state] = Subject(params, _cast(everyone, owner=member.person))
    return subjects


def personal_subjects(everyone, provrum):
    """What belongs to one person (the running provrum's owner): a notification, an API
    token, an affiliation, an erasure request, a calendar address, a meeting registration."""
    from reglab.api.services import api_token_create
    from reglab.meetings.models import Registration
    from reglab.notifications.models import Notification
    from reglab.privacy.erasure import erasure_request
    from reglab.provrum.calendar_feed import feed_token

    cast = provrum["running"].cast
    owner = cast["owner"]
    notification = Notification.objects.create(
        recipient=owner, provrum_id=provrum["running"].params["pk"], kind="comment"
    )
    token, _raw = api_token_create(person=owner, name="Matrisen")
    request, _created = erasure_request(person=owner)
    registration = Registration.objects.filter(person__isnull=False).order_by("pk").first()
    params = {
        "pk": notification.pk,
        "token_pk": token.pk,
        "affiliation_pk": owner.affiliations.get().pk,
        "erasure_pk": request.pk,
        "unconfirmed_affiliation_pk": everyone["unconfirmed"].affiliations.get().pk,
        "token": feed_token(owner),
        "registration_token": registration.token,
        "person_id": owner.pk,
        "slug": owner.affiliations.get().organisation.slug,
        "figure": "alla-figurer",
        "fmt": "xlsx",
        "key": "ogiltig-nyckel",
        "uidb36": "zz",
        "provider_id": "okand",
    }
    return {"own": Subject(params, dict(cast))}


def subjects_of(everyone):
    provrum = provrum_subjects(everyone)
    owner = provrum["running"].cast["owner"]
    cast = _cast(everyone, owner=owner)
    return {
        "none": {"-": Subject({"organisation": owner.affiliations.get().organisation.slug}, cast)},
        "provrum": provrum,
        "meeting": meeting_subjects(everyone),
        "survey": survey_subjects(everyone),
        "network": network_subjects(everyone),
        "personal": personal_subjects(everyone, provrum),
    }
