"""A running provrum and the people around it, for the tests of meetings, documents
and the status log.

Skåne leads; Örebro (a region) and Kontigo (a partner) take part; Gävleborg is
a member region that does not, and Nordregio a partner that does not. The
provrum gets the go-ahead through the services and is then set running with
the ORM (the plan's approval is tested elsewhere).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reglab.provrum.models import Provrum, State
from reglab.provrum.running import services as work
from tests.factories import AffiliationFactory, PartnerFactory, UserFactory
from tests.provrum.plan_fixtures import with_go_ahead
from tests.provrum.work_samples import hand_pdf

# Who may write: the office and every participant's representative.
ROLES = ["office", "leader", "participant", "partner_participant", "member", "partner", "anonymous"]
MANAGERS = {"office", "leader", "participant", "partner_participant"}


def set_state(provrum, state: str):
    Provrum.objects.filter(pk=provrum.pk).update(state=state)
    provrum.refresh_from_db()
    return provrum


# Test modules import these by their function names and ask for them by ``name``.
@pytest.fixture(name="people")
def people_fixture(cast):
    outsider_partner = PartnerFactory(name="Nordregio", slug="nordregio")
    nordregio = UserFactory(email="nordregio@example.se", name="Nora Nordregio")
    AffiliationFactory(person=nordregio, organisation=outsider_partner)
    return {
        "office": cast["office"],
        "leader": cast["people"]["skane"],
        "participant": cast["people"]["orebro"],
        "partner_participant": cast["people"]["kontigo"],
        "member": cast["people"]["gavleborg"],
        "partner": nordregio,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture(name="running")
def running_fixture(cast):
    """A provrum with the go-ahead, set running."""
    return set_state(with_go_ahead(cast), State.RUNNING)


def in_a_week(hours=0):
    return timezone.now().replace(microsecond=0, second=0) + timedelta(days=7, hours=hours)


def add_meeting(provrum, by, **values):
    defaults = {
        "title": "Startmöte i Malmö",
        "starts_at": in_a_week(),
        "ends_at": in_a_week(3),
        "mode": "physical",
        "place": "Dockplatsen 26, Malmö",
        "agenda": "1. Välkomna\n2. Arbetsplan",
    }
    defaults.update(values)
    return work.meeting_create(provrum=provrum, by=by, **defaults)


def upload(name="minnesanteckningar.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, hand_pdf() if data is None else data, content_type)


def add_document(provrum, by, name="minnesanteckningar.pdf", data=None, **values):
    return work.document_upload(provrum=provrum, by=by, file=upload(name, data), **values)
