"""Recording the dissemination and closing a provrum (closing.dissemination_save,
closing.provrum_close): who may, when, what is saved and who is asked the survey."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reglab.accounts.models import AffiliationStatus
from reglab.notifications.models import Notification
from reglab.notifications.selectors import notification_target_path
from reglab.provrum.closing import services as closing
from reglab.provrum.models import (
    Channel,
    Dissemination,
    Event,
    Interest,
    Provrum,
    State,
    SurveyInvitation,
)
from reglab.provrum.proposal import services
from tests.factories import AffiliationFactory, UserFactory
from tests.provrum.close_fixtures import close, people, record, reported_provrum

ALL_WARNINGS = [f"not_disseminated_{c}" for c in Channel.values]


@pytest.fixture
def provrum(cast):
    return reported_provrum(cast)


def codes(error):
    return [reason.code for reason in error.value.reasons]


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


# Dissemination ---------------------------------------------------------------------


def test_the_office_records_every_channel_in_one_save(cast, provrum):
    closing.dissemination_save(
        provrum=provrum,
        by=cast["office"],
        lines={
            "web": {
                "date": yesterday(),
                "link": "https://reglab.se/provrum/ai",
                "responsible": "Eva",
            },
            "newsletter": {"date": "", "link": "", "responsible": "Kansliet", "note": "I maj"},
            "network_meeting": {"date": "", "link": "", "responsible": "", "note": ""},
        },
    )
    saved = {line.channel: line for line in Dissemination.objects.filter(provrum=provrum)}
    # A channel with nothing at all is not saved; one with only a plan is, without a date.
    assert set(saved) == {"web", "newsletter"}
    assert saved["web"].date.isoformat() == yesterday()
    assert saved["web"].updated_by == cast["office"]
    assert saved["newsletter"].date is None and saved["newsletter"].note == "I maj"
    assert closing.done_channels(provrum) == {"web"}
    event = Event.objects.get(provrum=provrum, action=Event.Action.DISSEMINATED)
    assert event.actor == cast["office"]
    assert str(Channel.WEB.label) in event.note
    assert str(Channel.NEWSLETTER.label) not in event.note


def test_saving_the_same_values_again_records_nothing(cast, provrum):
    record(cast, provrum, ["web"])
    record(cast, provrum, ["web"])
    assert Event.objects.filter(provrum=provrum, action=Event.Action.DISSEMINATED).count() == 1
    assert Dissemination.objects.filter(provrum=provrum).count() == 1


def test_a_channel_left_out_is_not_changed(cast, provrum):
    record(cast, provrum, ["web", "newsletter"])
    closing.dissemination_save(
        provrum=provrum, by=cast["office"], lines={"web": {"date": "", "note": "Flyttad"}}
    )
    assert closing.done_channels(provrum) == {"newsletter"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"date": "14/3/2025"}, "date"),
        ({"date": "2025-02-30"}, "date"),
        ({"date": "in the future"}, "date"),
        ({"link": "ftp://reglab.se/fil"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "reglab.se"}, "link"),
        ({"link": "https://reglab.se/" + "a" * 500}, "link"),
        ({"responsible": "Å" * 201}, "responsible"),
        ({"note": "ö" * 501}, "note"),
    ],
)
def test_a_bad_value_is_refused_with_its_field(cast, provrum, values, field):
    with pytest.raises(ValidationError) as error:
        closing.dissemination_save(provrum=provrum, by=cast["office"], lines={"web": values})
    assert list(error.value.message_dict) == [f"web.{field}"]
    assert not Dissemination.objects.filter(provrum=provrum).exists()


def test_a_future_date_is_refused_today_is_not(cast, provrum):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as error:
        closing.dissemination_save(
            provrum=provrum, by=cast["office"], lines={"web": {"date": tomorrow}}
        )
    assert "web.date" in error.value.message_dict
    today = timezone.localdate().isoformat()
    closing.dissemination_save(provrum=provrum, by=cast["office"], lines={"web": {"date": today}})
    assert closing.done_channels(provrum) == {"web"}


def test_one_bad_line_saves_none_of_the_lines(cast, provrum):
    record(cast, provrum, ["web"])
    with pytest.raises(ValidationError) as error:
        closing.dissemination_save(
            provrum=provrum,
            by=cast["office"],
            lines={
                "web": {"date": "", "note": "ändrad"},
                "newsletter": {"date": yesterday()},
                "annual_conference": {"date": yesterday(), "link": "http//fel"},
            },
        )
    assert list(error.value.message_dict) == ["annual_conference.link"]
    assert closing.done_channels(provrum) == {"web"}
    assert Dissemination.objects.get(provrum=provrum, channel="web").note == ""
    assert Event.objects.filter(provrum=provrum, action=Event.Action.DISSEMINATED).count() == 1


def test_an_unknown_channel_is_refused(cast, provrum):
    with pytest.raises(ValidationError) as error:
        closing.dissemination_save(
            provrum=provrum, by=cast["office"], lines={"podcast": {"date": yesterday()}}
        )
    assert "channels" in error.value.message_dict


@pytest.mark.parametrize("role", ["leader", "participant", "member", "partner"])
def test_only_the_office_records_the_dissemination(cast, provrum, role):
    with pytest.raises(PermissionDenied):
        closing.dissemination_save(
            provrum=provrum, by=people(cast)[role], lines={"web": {"date": yesterday()}}
        )
    assert not Dissemination.objects.filter(provrum=provrum).exists()


@pytest.mark.parametrize(
    ("report_status", "state", "code"),
    [
        ("submitted", State.REPORTED, "report_not_approved"),
        (None, State.REPORTED, "report_not_approved"),
        ("approved", State.RUNNING, "dissemination_not_open"),
    ],
)
def test_the_dissemination_waits_for_the_approved_report(cast, report_status, state, code):
    provrum = reported_provrum(cast, report_status=report_status)
    Provrum.objects.filter(pk=provrum.pk).update(state=state)
    with pytest.raises(services.RuleViolation) as error:
        record(cast, provrum)
    assert codes(error) == [code]


def test_the_dissemination_cannot_change_after_closing(cast, provrum):
    close(cast, provrum)
    with pytest.raises(services.RuleViolation) as error:
        record(cast, provrum, ["newsletter"], day=timezone.localdate())
    assert codes(error) == ["dissemination_not_open"]


# Closing ---------------------------------------------------------------------------


def test_closing_changes_the_state_and_records_the_event(cast, provrum):
    record(cast, provrum, list(Channel.values))
    closing.provrum_close(provrum=provrum, by=cast["office"], note="  Spritt överallt.  ")
    provrum.refresh_from_db()
    assert provrum.state == State.CLOSED
    event = Event.objects.get(provrum=provrum, action=Event.Action.CLOSED)
    assert (event.from_state, event.to_state, event.actor) == (
        State.REPORTED,
        State.CLOSED,
        cast["office"],
    )
    assert event.note == "Spritt överallt."


def test_the_participants_representatives_are_asked_and_nobody_else(cast, provrum):
    orgs = cast["orgs"]
    # A second representative of Örebro, one waiting for confirmation, one whose
    # affiliation ended, and one who is no longer active.
    second = UserFactory(email="orebro2@example.se")
    AffiliationFactory(person=second, organisation=orgs["orebro"])
    waiting = UserFactory(email="vantar@example.se")
    AffiliationFactory(
        person=waiting, organisation=orgs["orebro"], status=AffiliationStatus.REQUESTED
    )
    ended = UserFactory(email="slutat@example.se")
    AffiliationFactory(person=ended, organisation=orgs["orebro"], status=AffiliationStatus.ENDED)
    gone = UserFactory(email="borta@example.se", is_active=False)
    AffiliationFactory(person=gone, organisation=orgs["skane"])
    close(cast, provrum, ["web"])
    asked = dict(
        SurveyInvitation.objects.filter(provrum=provrum).values_list(
            "person__email", "organisation__slug"
        )
    )
    assert asked == {
        "skane@example.se": "region-skane",
        "orebro@example.se": "region-orebro-lan",
        "orebro2@example.se": "region-orebro-lan",
    }


def test_a_participating_partner_is_asked_too(cast):
    provrum = reported_provrum(cast)
    # Joined while the group formed; built with the ORM as the provrum is already reported.
    Interest.objects.create(
        provrum=provrum,
        organisation=cast["orgs"]["kontigo"],
        registered_by=cast["people"]["kontigo"],
    )
    close(cast, provrum)
    assert SurveyInvitation.objects.filter(
        provrum=provrum, person=cast["people"]["kontigo"], organisation=cast["orgs"]["kontigo"]
    ).exists()


def test_a_person_in_two_participating_organisations_is_asked_once_for_the_leader(cast, provrum):
    both = UserFactory(email="bada@example.se")
    AffiliationFactory(person=both, organisation=cast["orgs"]["orebro"])
    AffiliationFactory(person=both, organisation=cast["orgs"]["skane"])
    close(cast, provrum)
    invitations = SurveyInvitation.objects.filter(provrum=provrum, person=both)
    assert [i.organisation_id for i in invitations] == [cast["orgs"]["skane"].pk]


def test_closing_twice_is_quiet(cast, provrum):
    close(cast, provrum)
    asked = SurveyInvitation.objects.filter(provrum=provrum).count()
    again = closing.provrum_close(provrum=provrum, by=cast["office"])
    assert again.state == State.CLOSED
    assert Event.objects.filter(provrum=provrum, action=Event.Action.CLOSED).count() == 1
    assert SurveyInvitation.objects.filter(provrum=provrum).count() == asked == 2


@pytest.mark.parametrize("role", ["leader", "participant", "member", "partner"])
def test_only_the_office_closes(cast, provrum, role):
    record(cast, provrum, list(Channel.values))
    with pytest.raises(PermissionDenied):
        closing.provrum_close(provrum=provrum, by=people(cast)[role])
    provrum.refresh_from_db()
    assert provrum.state == State.REPORTED
    assert not SurveyInvitation.objects.exists()


@pytest.mark.parametrize("report_status", ["submitted", "returned", None])
def test_closing_waits_for_the_approved_report(cast, report_status):
    provrum = reported_provrum(cast, report_status=report_status)
    with pytest.raises(services.RuleViolation) as error:
        closing.provrum_close(provrum=provrum, by=cast["office"], acknowledged=ALL_WARNINGS)
    assert codes(error) == ["report_not_approved"]
    provrum.refresh_from_db()
    assert provrum.state == State.REPORTED


def test_a_running_provrum_cannot_be_closed(cast, provrum):
    record(cast, provrum, list(Channel.values))
    Provrum.objects.filter(pk=provrum.pk).update(state=State.RUNNING)
    with pytest.raises(services.RuleViolation) as error:
        closing.provrum_close(provrum=provrum, by=cast["office"])
    assert codes(error) == ["illegal_transition"]


def test_closing_needs_a_channel_done(cast, provrum):
    with pytest.raises(services.RuleViolation) as error:
        closing.provrum_close(provrum=provrum, by=cast["office"], acknowledged=ALL_WARNINGS)
    assert codes(error) == ["no_channel_disseminated", *ALL_WARNINGS]
    provrum.refresh_from_db()
    assert provrum.state == State.REPORTED


def test_closing_needs_the_missing_channels_acknowledged(cast, provrum):
    record(cast, provrum, ["web"])
    with pytest.raises(services.RuleViolation) as error:
        closing.provrum_close(
            provrum=provrum, by=cast["office"], acknowledged=["not_disseminated_newsletter"]
        )
    # The error first, then the warnings, so an API client sees what to acknowledge.
    assert codes(error) == ["dissemination_not_acknowledged", *ALL_WARNINGS[1:]]
    assert not SurveyInvitation.objects.exists()
    closing.provrum_close(provrum=provrum, by=cast["office"], acknowledged=ALL_WARNINGS[1:])
    provrum.refresh_from_db()
    assert provrum.state == State.CLOSED


def test_a_too_long_note_is_refused(cast, provrum):
    record(cast, provrum, list(Channel.values))
    with pytest.raises(ValidationError) as error:
        closing.provrum_close(provrum=provrum, by=cast["office"], note="x" * 5001)
    assert "note" in error.value.message_dict


def test_closing_notifies_the_participants_with_a_link_to_the_survey(
    cast, provrum, django_capture_on_commit_callbacks
):
    record(cast, provrum, list(Channel.values))
    with django_capture_on_commit_callbacks(execute=True):
        closing.provrum_close(provrum=provrum, by=cast["office"])
    notified = Notification.objects.filter(provrum=provrum, kind="closed").select_related("provrum")
    assert {n.recipient.email for n in notified} == {"skane@example.se", "orebro@example.se"}
    survey_url = reverse("provrum:survey", args=[provrum.pk])
    assert {notification_target_path(n) for n in notified} == {survey_url}


def test_nothing_is_notified_or_asked_when_closing_is_refused(
    cast, provrum, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.RuleViolation):
            closing.provrum_close(provrum=provrum, by=cast["office"])
    assert not Notification.objects.filter(provrum=provrum, kind="closed").exists()
    assert not SurveyInvitation.objects.filter(provrum=provrum).exists()
