"""Who is told about what: one test per kind of event, through the real services."""

import pytest

from reglab.accounts.models import AffiliationStatus
from reglab.notifications.models import Kind, Notification
from reglab.notifications.services import notify_event
from reglab.provrum.models import Event
from reglab.provrum.proposal import decisions, services
from tests.factories import AffiliationFactory, UserFactory
from tests.notifications.conftest import choose, colleague
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db


def notified(provrum, kind):
    return set(
        Notification.objects.filter(provrum=provrum, kind=kind).values_list(
            "recipient__email", flat=True
        )
    )


def test_publishing_reaches_member_representatives_but_not_partners_or_the_actor(cast, committed):
    with committed():
        provrum = proposal(cast)
    assert notified(provrum, Kind.PUBLISHED) == {
        "orebro@example.se",
        "gavleborg@example.se",
        "vinnova@example.se",
    }


def test_publishing_skips_those_who_opted_out_unconfirmed_and_inactive_people(cast, committed):
    choose(cast["people"]["orebro"], new_proposals=False)
    choose(cast["people"]["gavleborg"], new_proposals=True)
    unconfirmed = UserFactory(email="vantar@example.se")
    AffiliationFactory(
        person=unconfirmed, organisation=cast["orgs"]["orebro"], status=AffiliationStatus.REQUESTED
    )
    inactive = colleague(cast, "gavleborg", "slutat@example.se")
    inactive.is_active = False
    inactive.save()
    with committed():
        provrum = proposal(cast)
    assert notified(provrum, Kind.PUBLISHED) == {"gavleborg@example.se", "vinnova@example.se"}


def test_a_colleague_of_the_proposer_hears_of_the_proposal(cast, committed):
    colleague(cast, "skane", "skane2@example.se")
    with committed():
        provrum = proposal(cast)
    assert "skane2@example.se" in notified(provrum, Kind.PUBLISHED)
    assert "skane@example.se" not in notified(provrum, Kind.PUBLISHED)


def test_interest_reaches_the_proposer_and_the_participants_but_not_the_actor(cast, committed):
    people, orgs = cast["people"], cast["orgs"]
    colleague(cast, "orebro", "orebro2@example.se")
    provrum = proposal(cast)
    with committed():
        services.interest_register(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
    assert notified(provrum, Kind.INTEREST_REGISTERED) == {
        "skane@example.se",
        "orebro2@example.se",
    }


def test_a_comment_reaches_the_proposer_and_the_participants(cast, committed):
    people, orgs = cast["people"], cast["orgs"]
    provrum = proposal(cast)
    services.interest_register(provrum=provrum, by=people["kontigo"], organisation=orgs["kontigo"])
    with committed():
        services.comment_add(provrum=provrum, by=people["gavleborg"], body="Vi följer det här.")
    assert notified(provrum, Kind.COMMENTED) == {"skane@example.se", "kontigo@example.se"}


def test_the_proposer_is_not_told_about_their_own_comment(cast, committed):
    provrum = proposal(cast)
    with committed():
        services.comment_add(provrum=provrum, by=cast["people"]["skane"], body="Välkomna!")
    assert notified(provrum, Kind.COMMENTED) == set()


def test_ready_reaches_the_office_once(cast, committed, superuser):
    people, orgs = cast["people"], cast["orgs"]
    retired = UserFactory(email="pensionar@example.se", is_office=True, is_active=False)
    provrum = proposal(cast)
    with committed():
        services.interest_register(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
        services.leader_choose(provrum=provrum, by=people["skane"], organisation=orgs["skane"])
        # A change that keeps it ready does not tell the office again.
        services.interest_register(
            provrum=provrum, by=people["kontigo"], organisation=orgs["kontigo"]
        )
    assert provrum.events.filter(action=Event.Action.BECAME_READY).count() == 1
    assert notified(provrum, Kind.BECAME_READY) == {"kansli@example.se", "admin@example.se"}
    assert not Notification.objects.filter(recipient=retired).exists()
    assert Notification.objects.filter(recipient=cast["office"]).count() == 1


@pytest.mark.parametrize(
    ("service", "kind"),
    [
        (decisions.provrum_give_go_ahead, Kind.GO_AHEAD),
        (decisions.provrum_decline, Kind.DECLINED),
        (decisions.provrum_lapse, Kind.LAPSED),
    ],
)
def test_the_decision_reaches_all_participants_and_the_proposer(
    cast, make_provrum, committed, service, kind
):
    provrum = make_provrum("ready")
    services.interest_register(
        provrum=provrum, by=cast["people"]["kontigo"], organisation=cast["orgs"]["kontigo"]
    )
    with committed():
        service(provrum=provrum, by=cast["office"], comment="Beslut med motivering.")
    assert notified(provrum, kind) == {
        "skane@example.se",
        "orebro@example.se",
        "kontigo@example.se",
    }


def test_a_proposer_who_left_their_organisation_is_not_told(cast, committed):
    people, orgs = cast["people"], cast["orgs"]
    provrum = proposal(cast)
    people["skane"].affiliations.update(status=AffiliationStatus.ENDED)
    with committed():
        services.interest_register(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
    assert notified(provrum, Kind.INTEREST_REGISTERED) == set()


def test_other_events_tell_nobody(cast, committed):
    people, orgs = cast["people"], cast["orgs"]
    with committed():
        provrum = proposal(cast, publish=False)
        services.provrum_update(provrum=provrum, by=people["skane"], title="En ny titel")
    provrum = proposal(cast, title="Ett annat förslag")
    services.interest_register(provrum=provrum, by=people["orebro"], organisation=orgs["orebro"])
    with committed():
        services.interest_withdraw(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
        services.provrum_withdraw(provrum=provrum, by=people["skane"])
    assert not Notification.objects.exclude(
        kind__in=[Kind.PUBLISHED, Kind.INTEREST_REGISTERED]
    ).exists()
    assert not Notification.objects.filter(provrum__title="En ny titel").exists()


def test_notify_event_for_a_missing_event_does_nothing(db):
    notify_event(987654)
    assert not Notification.objects.exists()
