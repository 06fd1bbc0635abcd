"""A person with a distinctive name and address, put into every place the platform allows."""

import datetime as dt
import io
import zipfile

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.utils import timezone

from reglab.api.models import ApiToken, hash_token
from reglab.live.services import answer as answer_services
from reglab.meetings.models import Network, NetworkMembership
from reglab.meetings.services.registration import registration_register
from reglab.notifications.models import Notification
from reglab.provrum.models import Document
from reglab.provrum.proposal import services
from tests.live.conftest import answer, open_question
from tests.meetings.conftest import make_meeting
from tests.provrum.conftest import cast_of
from tests.provrum.report_fixtures import document, running, saved_report

NAME = "Zelmira Qvarnström"
EMAIL = "zelmira.qvarnstrom@example.org"
TITLE = "Utvecklingsledare"


def docx_naming() -> bytes:
    """A minimal Word document whose text names the person."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f"<w:document><w:body><w:p><w:r><w:t>Skrivet av {NAME}</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def seed_person(office_user):
    """The cast's Skåne representative, renamed, acting everywhere. Returns (person, places)."""
    cast = cast_of(office_user)
    person = cast["people"]["skane"]
    get_user_model().objects.filter(pk=person.pk).update(name=NAME, email=EMAIL, title=TITLE)
    person.refresh_from_db()
    person.emailaddress_set.update(email=EMAIL)
    person.affiliations.update(message=f"Hälsningar {NAME}", role_description="Analytiker")
    # Proposal, interest, plan versions, decisions, notifications (through the services).
    provrum = running(cast)
    saved_report(cast, provrum)
    comment = services.comment_add(provrum=provrum, by=person, body=f"Hälsningar {NAME}")
    upload = document(provrum, name="zelmira-qvarnstrom-underlag.docx", content=docx_naming())
    Document.objects.filter(pk=upload.pk).update(uploaded_by=person, kind=Document.Kind.DOCX)
    # A network, a meeting registration and a live answer that carries the person.
    network = Network.objects.create(name="RUS-nätverket", slug="rus-natverket")
    network.organisations.add(cast["orgs"]["skane"])
    NetworkMembership.objects.create(network=network, person=person)
    meeting = make_meeting(network)
    registration = registration_register(
        meeting=meeting, person=person, dietary_needs=f"Vegetarisk ({NAME})"
    )
    participant = answer_services.participant_for_person(meeting=meeting, person=person)
    question = open_question(meeting, office_user, kind="text", text="Vad tar du med dig?")
    live_answer = answer(question, participant, text=f"Tack från {NAME}")
    Notification.objects.create(recipient=person, kind="commented", provrum=provrum)
    # Sign-in logs and an API token.
    now = timezone.now()
    AccessLog.objects.create(
        username=EMAIL, ip_address="127.0.0.1", user_agent="pytest", attempt_time=now
    )
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="127.0.0.1",
        user_agent="pytest",
        attempt_time=now - dt.timedelta(minutes=1),
        failures_since_start=1,
        get_data="",
        post_data=f"login={EMAIL}",
    )
    raw = ApiToken.generate_raw()
    ApiToken.objects.create(
        person=person, name="Min nyckel", key_hash=hash_token(raw), prefix=raw[:8]
    )
    places = {
        "cast": cast,
        "provrum": provrum,
        "comment": comment,
        "document": upload,
        "registration": registration,
        "participant": participant,
        "answer": live_answer,
        "meeting": meeting,
        "token": raw,
    }
    return person, places
