"""Rows become rule inputs (``reglab.provrum.facts``) the same way whatever the date
and whatever became of a provrum afterwards.

- A go-ahead counts in its own year, not in the year the counting is done: across
  New Year (Europe/Stockholm), the office's annual cap and the capacity still see
  last year's go-aheads as last year's.
- A provrum keeps the place it took when it moves on: running, reported, closed –
  or withdrawn after its go-ahead, which today still holds its place.
- Closing is offered to the office only once the final report is approved.
- An organisation is active from its ``active_from`` day through its
  ``active_until`` day; its representatives act for it only then, in every place
  that asks (provrum permissions, notifications, the closing survey, roles).
"""

from datetime import date, timedelta

import pytest
import time_machine

from reglab.accounts.models import Affiliation, User
from reglab.accounts.permissions import is_confirmed_representative, role_labels
from reglab.notifications.services import event_recipients
from reglab.organisations.models import Organisation
from reglab.provrum import facts
from reglab.provrum.closing import services as closing
from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import Event, FinalReport, Provrum, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from tests.provrum.close_fixtures import people, reported_provrum
from tests.provrum.conftest import ready_provrum
from tests.provrum.plan_fixtures import submitted_plan, valid_plan, with_go_ahead

pytestmark = pytest.mark.django_db

LAST_EVENING = "2026-12-31 23:30 +01:00"  # 22:30 UTC, still 2026 in Stockholm
FIRST_MORNING = "2027-01-01 00:30 +01:00"  # 23:30 UTC on 31 December, 2027 in Stockholm
NEW_YEAR = "2027-01-02 10:00 +01:00"


def _codes(reasons):
    return [reason.code for reason in reasons]


def _go_ahead(cast, title):
    provrum = ready_provrum(cast, title=title)
    decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Klart.")
    provrum.refresh_from_db()
    return provrum


# Go-aheads in a year -------------------------------------------------------------------


def test_a_go_ahead_counts_in_its_own_local_year(cast):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    with time_machine.travel(LAST_EVENING, tick=False):
        _go_ahead(cast, "Sista kvällen")
        assert facts.go_aheads_in_year() == 1
    with time_machine.travel(FIRST_MORNING, tick=False):
        # Still 31 December in UTC: the year is Stockholm's.
        assert facts.go_aheads_in_year() == 0
        _go_ahead(cast, "Första morgonen")
        assert facts.go_aheads_in_year() == 1
    with time_machine.travel(NEW_YEAR, tick=False):
        assert facts.go_aheads_in_year(2026) == 1
        assert facts.go_aheads_in_year(2027) == 1
        assert facts.go_aheads_in_year() == 1


def test_last_years_go_aheads_leave_this_years_places_free(cast):
    with time_machine.travel(LAST_EVENING, tick=False):
        _go_ahead(cast, "Ett")
        _go_ahead(cast, "Två")
        waiting = ready_provrum(cast, title="Tre")
        with pytest.raises(services.RuleViolation) as refused:
            decisions.provrum_give_go_ahead(provrum=waiting, by=cast["office"], comment="Nej.")
        assert "capacity_reached" in _codes(refused.value.reasons)
    with time_machine.travel(NEW_YEAR, tick=False):
        decisions.provrum_give_go_ahead(provrum=waiting, by=cast["office"], comment="Nytt år.")
        assert facts.go_aheads_in_year(2026) == 2
        assert facts.go_aheads_in_year(2027) == 1


def _move_on(cast, provrum, state):
    """Take a provrum with the go-ahead on to ``state``, as the platform would."""
    if state == State.WITHDRAWN:
        services.provrum_withdraw(provrum=provrum, by=cast["people"]["skane"], comment="Ändrat.")
        return
    plans.provrum_start(provrum=provrum, by=cast["office"])
    if state != State.RUNNING:
        # Reporting and closing have their own services and fixtures; the state is
        # what counts here.
        Provrum.objects.filter(pk=provrum.pk).update(state=state)


@pytest.mark.parametrize("state", [State.RUNNING, State.REPORTED, State.CLOSED, State.WITHDRAWN])
def test_a_provrum_that_moved_on_keeps_its_place(cast, state):
    with time_machine.travel("2026-10-01 10:00 +02:00", tick=False):
        first = _go_ahead(cast, "Ett")
        _go_ahead(cast, "Två")
        _move_on(cast, first, state)
        assert Provrum.objects.get(pk=first.pk).state == state
        assert facts.go_aheads_in_year() == 2
        waiting = ready_provrum(cast, title="Tre")
        with pytest.raises(services.RuleViolation) as refused:
            decisions.provrum_give_go_ahead(provrum=waiting, by=cast["office"], comment="Nej.")
        assert "capacity_reached" in _codes(refused.value.reasons)
    with time_machine.travel(NEW_YEAR, tick=False):
        # Later in its life, and in a later year, it still counts in its go-ahead's year.
        assert facts.go_aheads_in_year(2026) == 2


# Base funding and the year a plan counts in ----------------------------------------------


def _approved(cast, title, base):
    provrum = with_go_ahead(cast, title=title)
    data = valid_plan()
    data["budget_lines"][0]["amount"] = 2 * base
    data["financing"][0]["amount"] = base
    submitted_plan(cast, provrum, data=data)
    plans.plan_approve(provrum=provrum, by=cast["office"])
    return provrum


def test_the_annual_cap_counts_in_the_go_aheads_year_not_todays(cast):
    format_rules.format_rules_update(by=cast["office"], max_go_aheads_per_year=5)
    asks_one = valid_plan()
    asks_one["financing"][0]["amount"] = 1
    with time_machine.travel(LAST_EVENING, tick=False):
        _approved(cast, "Drönare i krisberedskap", 100_000)
        running = _approved(cast, "Nordiska grannar och gränshinder", 100_000)
        late = with_go_ahead(cast, title="Cirkularitet i näringslivet")
    with time_machine.travel(NEW_YEAR, tick=False):
        early = with_go_ahead(cast, title="Nytt år, ny plan")
        assert facts.plan_year(late) == 2026
        assert facts.plan_year(early) == 2027
        assert facts.base_funding_granted_in_year(2026) == 200_000
        assert facts.base_funding_granted_in_year(2027) == 0
        # The plan of a provrum given the go-ahead last year, checked this year, is
        # still held against last year's budget, which is spent.
        assert "office_annual_cap_exceeded" in _codes(plans.plan_check(late, asks_one))
        assert "office_annual_cap_exceeded" not in _codes(plans.plan_check(early, asks_one))
        # A running provrum's approved plan still counts in its go-ahead's year.
        assert Provrum.objects.get(pk=running.pk).state == State.RUNNING


def test_a_plan_without_a_go_ahead_counts_in_this_year(cast):
    with time_machine.travel(NEW_YEAR, tick=False):
        assert facts.plan_year(ready_provrum(cast, title="Utan klartecken")) == 2027


# Closing waits for the approved report ---------------------------------------------------


@pytest.mark.parametrize(
    ("report", "office_may_close"),
    [(None, False), ("submitted", False), ("returned", False), ("approved", True)],
)
def test_can_close_only_with_an_approved_report(cast, report, office_may_close):
    provrum = reported_provrum(cast, report_status=report)
    assert facts.report_status(provrum) == report
    for role, person in people(cast).items():
        may_close = role == "office" and office_may_close
        assert (person is not None and person.has_perm("provrum.close", provrum)) is may_close
        assert (person is not None and person.has_perm("provrum.disseminate", provrum)) is may_close


def test_the_report_status_reads_the_saved_report(cast):
    provrum = reported_provrum(cast, report_status=FinalReport.Status.SUBMITTED)
    FinalReport.objects.filter(provrum=provrum).update(status=FinalReport.Status.APPROVED)
    assert facts.report_status(Provrum.objects.get(pk=provrum.pk)) == "approved"


# Active organisations --------------------------------------------------------------------

DAY = date(2027, 3, 10)


def _on(day: date):
    return time_machine.travel(f"{day.isoformat()} 12:00 +01:00", tick=False)


@pytest.mark.parametrize(
    ("active_from", "active_until", "day", "is_active"),
    [
        (DAY, None, DAY - timedelta(days=1), False),
        (DAY, None, DAY, True),
        (None, DAY, DAY, True),
        (None, DAY, DAY + timedelta(days=1), False),
        (DAY, DAY, DAY, True),
        (None, None, DAY, True),
    ],
)
def test_one_active_period_for_organisations_and_their_affiliations(
    cast, active_from, active_until, day, is_active
):
    organisation = cast["orgs"]["orebro"]
    Organisation.objects.filter(pk=organisation.pk).update(
        active_from=active_from, active_until=active_until
    )
    affiliations = Affiliation.objects.filter(organisation=organisation)
    assert Organisation.objects.active(on=day).filter(pk=organisation.pk).exists() is is_active
    assert affiliations.of_active_organisation(on=day).exists() is is_active
    with _on(day):
        assert Organisation.objects.active().filter(pk=organisation.pk).exists() is is_active
        assert affiliations.of_active_organisation().exists() is is_active


@pytest.mark.parametrize(
    ("field", "day", "is_active"),
    [
        ("active_from", DAY - timedelta(days=1), False),
        ("active_from", DAY, True),
        ("active_until", DAY, True),
        ("active_until", DAY + timedelta(days=1), False),
    ],
)
def test_a_representative_acts_only_while_the_organisation_is_active(cast, field, day, is_active):
    """Every reader of "still active" agrees, on both ends of the period."""
    organisation = cast["orgs"]["orebro"]
    with _on(DAY - timedelta(days=30)):
        provrum = ready_provrum(cast, title="Aktiva organisationer")
        decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"], comment="Klart.")
    Organisation.objects.filter(pk=organisation.pk).update(**{field: DAY})
    provrum = Provrum.objects.get(pk=provrum.pk)
    with _on(day):
        # A fresh object each time: the represented organisations are cached on it.
        person = User.objects.get(pk=cast["people"]["orebro"].pk)
        assert person.has_perm("provrum.view_board") is is_active
        assert is_confirmed_representative(person) is is_active
        assert ("member_representative" in role_labels(person)) is is_active
        event = Event.objects.get(provrum=provrum, action=Event.Action.GO_AHEAD)
        assert event_recipients(event).filter(pk=person.pk).exists() is is_active
        assert (person.pk in closing.survey_recipients(provrum)) is is_active
