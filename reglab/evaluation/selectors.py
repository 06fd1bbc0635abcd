"""The evaluation's one selector: it reads the rows the figures count.

A fixed number of queries, none per provrum; ``figures`` computes from what it returns.
"""

from collections import defaultdict
from datetime import date

from reglab.evaluation.figures import (
    DecisionRow,
    EvaluationData,
    InvitationRow,
    OrganisationRow,
    ProvrumRow,
    ReportRow,
    ResponseRow,
)


def _local_date(field: str):
    """The local date of a datetime column, computed by the database (None stays None)."""
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def evaluation_data() -> EvaluationData:
    """Read everything the dashboard counts: a fixed number of queries, none per provrum."""
    from django.db.models import Q

    from reglab.organisations.models import Organisation
    from reglab.provrum import rules
    from reglab.provrum.models import (
        Decision,
        Dissemination,
        Event,
        FinalReport,
        FormatRules,
        Interest,
        ProjectPlan,
        Provrum,
        State,
        SurveyInvitation,
        SurveyResponse,
    )
    from reglab.provrum.selectors import format_rules_get

    provrum_values = list(
        Provrum.objects.filter(published_at__isnull=False)
        .order_by("pk")
        .values("id", "title", "state", "leader_id")
        .annotate(published_on=_local_date("published_at"), go_ahead_on=_local_date("go_ahead_at"))
    )
    final_dates: dict[tuple[int, str], date] = {}
    for event in (
        Event.objects.filter(
            Q(action__in=[Event.Action.WITHDRAWN, Event.Action.CLOSED])
            | Q(to_state__in=[State.WITHDRAWN, State.CLOSED])
        )
        .order_by("created_at", "pk")
        .values("provrum_id", "action", "to_state")
        .annotate(day=_local_date("created_at"))
    ):
        # The latest event of each kind: withdrawn and closed are final states.
        kind = (
            State.WITHDRAWN
            if State.WITHDRAWN in (event["action"], event["to_state"])
            else (State.CLOSED)
        )
        final_dates[(event["provrum_id"], kind)] = event["day"]

    provrum = tuple(
        ProvrumRow(
            id=row["id"],
            title=row["title"],
            state=row["state"],
            published_on=row["published_on"],
            go_ahead_on=row["go_ahead_on"],
            leader_id=row["leader_id"],
            withdrawn_on=final_dates.get((row["id"], State.WITHDRAWN))
            if row["state"] == State.WITHDRAWN
            else None,
            closed_on=final_dates.get((row["id"], State.CLOSED))
            if row["state"] == State.CLOSED
            else None,
        )
        for row in provrum_values
    )
    decisions = tuple(
        DecisionRow(row["provrum_id"], row["outcome"], row["day"])
        for row in Decision.objects.order_by("decided_at", "pk")
        .values("provrum_id", "outcome")
        .annotate(day=_local_date("decided_at"))
    )

    # Participants matter for provrum with the go-ahead: the group that did the work.
    with_go_ahead = {p.id: p for p in provrum if p.go_ahead_on is not None}
    participants: dict[int, set[int]] = defaultdict(set)
    for row in Interest.objects.filter(provrum__go_ahead_at__isnull=False).values(
        "provrum_id", "organisation_id"
    ):
        participants[row["provrum_id"]].add(row["organisation_id"])
    for p in with_go_ahead.values():
        if p.leader_id is not None:
            participants[p.id].add(p.leader_id)
    organisation_ids = {oid for ids in participants.values() for oid in ids}
    organisations = {
        row["id"]: OrganisationRow(
            id=row["id"],
            name=row["name"],
            membership=row["membership"],
            is_region=row["is_region"],
            county_code=row["county_code"],
            slug=row["slug"],
        )
        for row in Organisation.objects.filter(Q(pk__in=organisation_ids) | Q(is_region=True))
        .order_by("name")
        .values("id", "slug", "name", "membership", "is_region", "county_code")
    }

    base_funding = {
        row["provrum_id"]: rules.plan_facts(row["data"]).base_funding_sek
        for row in ProjectPlan.objects.filter(
            status=ProjectPlan.Status.APPROVED, provrum__go_ahead_at__isnull=False
        ).values("provrum_id", "data")
    }

    reports = []
    for row in (
        FinalReport.objects.order_by("provrum_id")
        .values("provrum_id", "status", "data")
        .annotate(
            submitted_on=_local_date("submitted_at"), published_on=_local_date("published_at")
        )
    ):
        data = row["data"] if isinstance(row["data"], dict) else {}
        results = tuple(
            (str(item.get("kind") or ""), str(item.get("outcome") or ""))
            for item in data.get("results") or ()
            if isinstance(item, dict)
        )
        reports.append(
            ReportRow(
                provrum_id=row["provrum_id"],
                status=row["status"],
                submitted_on=row["submitted_on"],
                published_on=row["published_on"],
                results=results,
                follow_on=str(data.get("follow_on") or ""),
            )
        )

    disseminations = tuple(
        (row["provrum_id"], row["date"])
        for row in Dissemination.objects.filter(date__isnull=False)
        .order_by("date", "pk")
        .values("provrum_id", "date")
    )
    invitations = tuple(
        InvitationRow(row["provrum_id"], row["day"], row["answered_at"] is not None)
        for row in SurveyInvitation.objects.order_by("created_at", "pk")
        .values("provrum_id", "answered_at")
        .annotate(day=_local_date("created_at"))
    )
    responses = tuple(
        ResponseRow(
            provrum_id=row["provrum_id"],
            answered_on=row["day"],
            usefulness=row["usefulness"],
            take_part_again=row["take_part_again"],
            format_change=row["format_change"] or "",
        )
        for row in SurveyResponse.objects.order_by("created_at", "pk")
        .values("provrum_id", "usefulness", "take_part_again", "format_change")
        .annotate(day=_local_date("created_at"))
    )

    current_cap = format_rules_get().office_annual_cap_sek
    cap_changes = tuple(
        (row["day"], row["office_annual_cap_sek"])
        for row in FormatRules.history.order_by("history_date", "history_id")
        .values("office_annual_cap_sek")
        .annotate(day=_local_date("history_date"))
    )

    return EvaluationData(
        provrum=provrum,
        decisions=decisions,
        organisations=organisations,
        participants={pid: frozenset(ids) for pid, ids in participants.items()},
        base_funding=base_funding,
        reports=tuple(reports),
        disseminations=disseminations,
        invitations=invitations,
        responses=responses,
        cap_changes=cap_changes,
        current_cap=current_cap,
    )
