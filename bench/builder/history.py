"""Comments, the history events and the notifications; and the rows counted at the end."""

from datetime import timedelta

from bench.builder.common import BATCH, bulk, moment_between
from bench.builder.texts import COMMENT_SENTENCES


class History:
    # Comments and events ---------------------------------------------------------------

    def _comment_counts(self) -> dict[int, int]:
        """Comments per published provrum: the big discussion's share, the rest skewed."""
        rng = self.rng
        published = [p for p in self.plans_ if p.published_at and p.pk != self.big.pk]
        rest = self.sizes["comments"] - self.sizes["big_discussion"]
        weights = [rng.expovariate(1.0) for _ in published]
        scale = rest / sum(weights)
        counts = {p.pk: int(w * scale) for p, w in zip(published, weights, strict=True)}
        # Hand out what the rounding left, one each.
        short = rest - sum(counts.values())
        for p in rng.sample(published, min(short, len(published))):
            counts[p.pk] += 1
        counts[self.big.pk] = self.sizes["big_discussion"]
        return counts

    def comments(self):
        from reglab.provrum.models import Comment

        rng = self.rng
        counts = self._comment_counts()
        everyone = self.people_ids
        self.comment_events = []  # (provrum pk, author, at)
        pending_roots, pending_replies = [], []  # (provrum pk, author, at, body, parent index)
        for pk, count in counts.items():
            if not count:
                continue
            p = self.by_pk[pk]
            end = min(p.ended_at or self.now, self.now)
            times = sorted(moment_between(rng, p.published_at, end) for _ in range(count))
            roots_here = []
            for at in times:
                author = rng.choice(everyone) if rng.random() < 0.95 else self.member_id
                body = " ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3)))
                self.comment_events.append((pk, author, at))
                if roots_here and rng.random() < 0.3:
                    pending_replies.append((pk, author, at, body, rng.choice(roots_here)))
                else:
                    roots_here.append(len(pending_roots))
                    pending_roots.append((pk, author, at, body))
        removed_by = self.office_id
        root_rows = []
        for pk, author, at, body in pending_roots:
            removed = rng.random() < 0.01
            root_rows.append(
                Comment(
                    provrum_id=pk,
                    author_id=author,
                    body=body,
                    created_at=at,
                    removed_at=at + timedelta(hours=5) if removed else None,
                    removed_by_id=removed_by if removed else None,
                )
            )
        root_ids = [row.pk for row in bulk(Comment, root_rows)]
        del root_rows
        bulk(
            Comment,
            [
                Comment(
                    provrum_id=pk, author_id=author, body=body, created_at=at, parent_id=root_ids[i]
                )
                for pk, author, at, body, i in pending_replies
            ],
        )

    def events(self):
        """The history the services would have recorded, in time order per provrum."""
        from reglab.provrum.models import Event

        A = Event.Action
        office, rng = self.office_id, self.rng
        eligible = []  # (event pk, provrum pk, action, at) that notifications are made from
        notify = {
            A.PUBLISHED,
            A.INTEREST_REGISTERED,
            A.COMMENTED,
            A.BECAME_READY,
            A.GO_AHEAD,
            A.DECLINED,
            A.LAPSED,
            A.PLAN_SUBMITTED,
            A.PLAN_APPROVED,
            A.REPORTED,
            A.REPORT_APPROVED,
            A.CLOSED,
        }
        batch = []

        def flush():
            created = bulk(Event, batch)
            for event in created:
                if event.action in notify:
                    eligible.append((event.pk, event.provrum_id, event.action, event.created_at))
            batch.clear()

        def add(p, action, at, actor, org=None, from_state="", to_state="", note=""):
            batch.append(
                Event(
                    provrum_id=p.pk,
                    action=action,
                    actor_id=actor,
                    organisation_id=org,
                    from_state=from_state,
                    to_state=to_state,
                    note=note,
                    created_at=at,
                )
            )
            if len(batch) >= BATCH:
                flush()

        for p in self.plans_:
            add(p, A.CREATED, p.created_at, p.created_by, p.proposer, to_state="draft")
            if not p.published_at:
                continue
            add(p, A.PUBLISHED, p.published_at, p.created_by, p.proposer, "draft", "proposed")
            for number, (org, _wants, person, at) in enumerate(p.interests):
                add(p, A.INTEREST_REGISTERED, at, person, org)
                if number == 1:
                    add(p, A.STATE_CHANGED, at, person, None, "proposed", "interest")
            if p.leader:
                last = p.interests[-1][3] if p.interests else p.published_at
                add(p, A.LEADER_CHOSEN, last + timedelta(hours=2), p.created_by, p.leader)
                add(p, A.BECAME_READY, last + timedelta(hours=2), p.created_by)
            before = "interest" if len(p.interests) >= 2 else "proposed"
            if p.state == "withdrawn":
                add(p, A.WITHDRAWN, p.ended_at, p.created_by, p.proposer, before, "withdrawn")
            if p.state in ("declined", "lapsed"):
                action = A.DECLINED if p.state == "declined" else A.LAPSED
                add(p, action, p.decided_at, office, None, before, p.state)
            if p.go_ahead_at:
                add(p, A.GO_AHEAD, p.go_ahead_at, office, None, "interest", "go_ahead", "Klart.")
            if p.plan_submitted_at and p.leader:
                add(p, A.PLAN_SUBMITTED, p.plan_submitted_at, rng.choice(self.reps[p.leader]))
            if p.plan_approved_at:
                add(p, A.PLAN_APPROVED, p.plan_approved_at, office)
                add(p, A.STARTED, p.plan_approved_at, office, None, "go_ahead", "running")
            if p.report_submitted_at:
                add(
                    p,
                    A.REPORTED,
                    p.report_submitted_at,
                    p.created_by,
                    p.leader,
                    "running",
                    "reported",
                )
            if p.report_approved_at:
                add(p, A.REPORT_APPROVED, p.report_approved_at, office)
            if p.closed_at:
                add(p, A.DISSEMINATED, p.disseminated_on, office)
                add(p, A.CLOSED, p.closed_at, office, None, "reported", "closed")
        for pk, author, at in self.comment_events:
            add(self.by_pk[pk], A.COMMENTED, at, author)
        flush()
        self.eligible_events = eligible
        del self.comment_events

    def notifications(self):
        """Notifications made from the events, for the people of the provrum's organisations."""
        from reglab.notifications.models import Notification

        rng = self.rng
        target = self.sizes["notifications"]
        events = self.eligible_events
        rows, seen = [], set()

        def add(event, recipient):
            pk, provrum_pk, action, at = event
            if (pk, recipient) in seen:
                return
            seen.add((pk, recipient))
            read = rng.random() < 0.7
            rows.append(
                Notification(
                    recipient_id=recipient,
                    provrum_id=provrum_pk,
                    event_id=pk,
                    kind=action,
                    created_at=at + timedelta(seconds=5),
                    read_at=at + timedelta(hours=rng.uniform(1, 72)) if read else None,
                    emailed_at=at + timedelta(minutes=1) if rng.random() < 0.5 else None,
                )
            )

        # The member account's own: the events of provrum its organisation takes part in.
        own = [e for e in events if self.home_org in self._orgs_of(e[1])]
        for event in rng.sample(own, min(len(own), max(20, target // 100))):
            add(event, self.member_id)
        office_kinds = {"became_ready", "plan_submitted", "reported"}
        office_events = [e for e in events if e[2] in office_kinds]
        for event in rng.sample(office_events, min(len(office_events), max(20, target // 100))):
            add(event, self.office_id)
        attempts = 0
        while len(rows) < target and attempts < target * 5:
            attempts += 1
            event = rng.choice(events)
            org = rng.choice(self._orgs_of(event[1]))
            add(event, rng.choice(self.reps[org]))
        bulk(Notification, rows)

    def _orgs_of(self, provrum_pk: int) -> list[int]:
        p = self.by_pk[provrum_pk]
        return [p.proposer, *(org for org, *_ in p.interests)]

    def count(self):
        from reglab.accounts.models import Affiliation, User
        from reglab.notifications.models import Notification
        from reglab.organisations.models import Organisation
        from reglab.provrum import models as pm

        counted = {
            "organisations": Organisation,
            "people": User,
            "affiliations": Affiliation,
            "provrum": pm.Provrum,
            "interests": pm.Interest,
            "comments": pm.Comment,
            "events": pm.Event,
            "decisions": pm.Decision,
            "plans": pm.ProjectPlan,
            "plan versions": pm.PlanVersion,
            "final reports": pm.FinalReport,
            "disseminations": pm.Dissemination,
            "survey responses": pm.SurveyResponse,
            "notifications": Notification,
        }
        self.result.counts = {name: model.objects.count() for name, model in counted.items()}
        self.result.counts["big discussion"] = pm.Comment.objects.filter(
            provrum_id=self.big.pk
        ).count()
