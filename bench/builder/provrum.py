"""The provrum over all states and ten years, with their timelines, and the interests in them."""

from datetime import timedelta

from bench.builder.common import READY_SHARE, STATE_SHARES, P, bulk, moment_between, random_days
from bench.builder.texts import PLACES, QUESTIONS, SUBJECTS, SUMMARIES, search_text_of


class ProvrumRows:
    # Provrum ---------------------------------------------------------------------

    def _state_list(self) -> list[str]:
        total = self.sizes["provrum"]
        states = []
        for state, share in STATE_SHARES.items():
            states += [state] * max(1, round(total * share))
        while len(states) > total:
            states.remove("closed")
        while len(states) < total:
            states.append("closed")
        self.rng.shuffle(states)
        return states

    def _timeline(self, p: P):
        """Dates in the order the services would have set them, none after now."""
        rng, now = self.rng, self.now
        if p.state == "draft":
            return
        p.published_at = p.created_at + random_days(rng, 1, 10)
        if p.state == "withdrawn":
            p.ended_at = p.published_at + random_days(rng, 5, 35)
        if p.state in ("declined", "lapsed", "go_ahead", "running", "reported", "closed"):
            p.decided_at = p.published_at + random_days(rng, 70, 110)
            p.ended_at = p.decided_at
        if p.state in ("go_ahead", "running", "reported", "closed"):
            p.go_ahead_at = p.decided_at
            if p.state != "go_ahead" or rng.random() < 0.3:
                p.plan_submitted_at = p.go_ahead_at + random_days(rng, 20, 40)
            if p.state != "go_ahead":
                p.plan_approved_at = p.plan_submitted_at + random_days(rng, 5, 14)
                p.ended_at = p.plan_approved_at
        if p.state in ("reported", "closed"):
            p.report_submitted_at = p.plan_approved_at + random_days(rng, 90, 180)
            p.ended_at = p.report_submitted_at
            if p.state == "closed" or rng.random() < 0.4:
                p.report_approved_at = p.report_submitted_at + random_days(rng, 7, 20)
                p.ended_at = p.report_approved_at
        if p.state == "closed":
            p.disseminated_on = p.report_approved_at + random_days(rng, 10, 40)
            p.closed_at = p.disseminated_on + random_days(rng, 5, 20)
            p.ended_at = p.closed_at
        steps = [p.published_at, p.ended_at, p.plan_submitted_at, p.report_submitted_at]
        assert all(step is None or step <= now for step in steps), (p.state, steps)

    # Days each state needs from creation to its last step (with a margin).
    SPAN = {
        "draft": 1,
        "proposed": 12,
        "interest": 70,
        "go_ahead": 170,
        "running": 180,
        "reported": 400,
        "closed": 460,
        "withdrawn": 50,
        "declined": 125,
        "lapsed": 125,
    }
    RECENT = {"draft", "proposed", "interest", "go_ahead", "running", "reported"}

    def provrum(self):
        from reglab.provrum.models import IntendedUse, Kind, Provrum, Theme

        rng, now = self.rng, self.now
        themes = list(Theme.objects.values_list("pk", flat=True))
        if len(themes) < 5:
            for number in range(5 - len(themes)):
                themes.append(Theme.objects.create(name=f"Tema {number}", slug=f"tema-{number}").pk)
        proposers = self.members
        plans: list[P] = []
        for index, state in enumerate(self._state_list()):
            span = timedelta(days=self.SPAN[state])
            if state in self.RECENT:
                created = now - span - random_days(rng, 0, 365)
            else:
                created = moment_between(rng, self.first, now - span)
            subject = SUBJECTS[index % len(SUBJECTS)]
            place = PLACES[(index // len(SUBJECTS)) % len(PLACES)]
            proposer = rng.choice(proposers)
            p = P(
                index=index,
                state=state,
                ready=state == "interest" and rng.random() < READY_SHARE,
                proposer=proposer,
                created_by=rng.choice(self.reps[proposer]),
                title=f"{subject} i {place}",
                summary=rng.choice(SUMMARIES).format(s=subject.lower()),
                question=rng.choice(QUESTIONS).format(s=subject.lower()),
                created_at=created.replace(microsecond=0),
            )
            self._timeline(p)
            plans.append(p)
        # The big discussion: a provrum gathering interest, ready, in which the member's
        # organisation takes part, so the member sees every action on its page.
        big = next(p for p in plans if p.state == "interest")
        big.ready = True
        self.big = big
        rows = [
            Provrum(
                title=p.title,
                summary=p.summary,
                question=p.question,
                kind=rng.choice([Kind.SUBSTANTIVE, Kind.METHOD]),
                intended_use=rng.choice(IntendedUse.values),
                state=p.state,
                proposer_organisation_id=p.proposer,
                created_by_id=p.created_by,
                created_at=p.created_at,
                updated_at=p.ended_at or p.published_at or p.created_at,
                published_at=p.published_at,
                go_ahead_at=p.go_ahead_at,
                decided_at=p.decided_at,
                version=1 if p.state == "draft" else 2,
                search_text=search_text_of(p.title, p.summary, p.question),
            )
            for p in plans
        ]
        for p, row in zip(plans, bulk(Provrum, rows), strict=True):
            p.pk = row.pk
        self.plans_ = plans
        self.by_pk = {p.pk: p for p in plans}
        self.result.big_provrum_id = big.pk
        through = Provrum.themes.through
        bulk(
            through,
            [
                through(provrum_id=p.pk, theme_id=theme)
                for p in plans
                for theme in rng.sample(themes, rng.randint(1, min(3, len(themes))))
            ],
        )

    # Interests -------------------------------------------------------------------

    def _group(self, p: P, count: int) -> list[int]:
        """``count`` distinct organisations, the proposer first; at least two regions when
        the provrum is ready or went ahead (the rules' minimum)."""
        rng = self.rng
        chosen = [p.proposer]
        if p.pk == self.big.pk and self.home_org not in chosen:
            chosen.append(self.home_org)
        if p.ready or p.go_ahead_at:
            while sum(1 for o in chosen if self.orgs[o].is_region) < 2:
                candidate = rng.choice(self.member_regions)
                if candidate not in chosen:
                    chosen.append(candidate)
        pool = self.members + self.partners
        while len(chosen) < count:
            candidate = rng.choice(pool)
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def _interest_counts(self) -> dict[int, int]:
        """How many organisations each provrum has, summing to the target where the rules allow."""
        rng = self.rng
        low_high = {
            "draft": (0, 0),
            "proposed": (0, 1),
            "interest": (2, 6),
            "go_ahead": (2, 6),
            "running": (2, 6),
            "reported": (2, 6),
            "closed": (2, 6),
            "declined": (2, 6),
            "withdrawn": (0, 6),
            "lapsed": (0, 6),
        }
        counts, bounds = {}, {}
        for p in self.plans_:
            low, high = low_high[p.state]
            if p.ready or p.go_ahead_at:
                low = max(low, 2)
            if p.state == "proposed":
                low = high = 1 if rng.random() < 0.5 else 0
            if p.pk == self.big.pk:
                low = max(low, 4)
            high = min(high, len(self.members) + len(self.partners))
            counts[p.pk] = rng.randint(low, high)
            bounds[p.pk] = (low, high)
        target = self.sizes["interests"]
        adjustable = [pk for pk, (low, high) in bounds.items() if high > low]
        total = sum(counts.values())
        guard = 0
        while total != target and adjustable and guard < 50 * target:
            guard += 1
            pk = rng.choice(adjustable)
            low, high = bounds[pk]
            if total < target and counts[pk] < high:
                counts[pk] += 1
                total += 1
            elif total > target and counts[pk] > low:
                counts[pk] -= 1
                total -= 1
        return counts

    def interests(self):
        from reglab.provrum.models import Interest

        rng = self.rng
        rows = []
        counts = self._interest_counts()
        for p in self.plans_:
            group = self._group(p, counts[p.pk]) if counts[p.pk] else []
            # A leader: a member of the group that offered to lead, for those ready or later.
            if p.ready or p.go_ahead_at:
                leaders = [o for o in group if o in self._member_set]
                p.leader = leaders[0] if leaders else None
            window_end = p.decided_at or p.ended_at or self.now
            for org in group:
                at = moment_between(
                    rng, p.published_at, min(window_end, p.published_at + timedelta(60))
                )
                wants = org == p.leader or (org in self._member_set and rng.random() < 0.1)
                person = rng.choice(self.reps[org])
                if p.pk == self.big.pk and org == self.home_org:
                    person = self.member_id
                p.interests.append((org, wants, person, at))
                rows.append(
                    Interest(
                        provrum_id=p.pk,
                        organisation_id=org,
                        wants_to_lead=wants,
                        registered_by_id=person,
                        created_at=at,
                    )
                )
            p.interests.sort(key=lambda item: item[3])
        bulk(Interest, rows)
        # The leader is known only now; one UPDATE per provrum would be slow, so a CASE
        # over the ids sets a thousand at a time.
        from django.db.models import Case, Value, When

        from reglab.provrum.models import Provrum

        leaders = [p for p in self.plans_ if p.leader]
        for start in range(0, len(leaders), 1000):
            chunk = leaders[start : start + 1000]
            Provrum.objects.filter(pk__in=[p.pk for p in chunk]).update(
                leader_id=Case(*(When(pk=p.pk, then=Value(p.leader)) for p in chunk))
            )

    @property
    def _member_set(self) -> set[int]:
        if not hasattr(self, "_members_cached"):
            self._members_cached = set(self.members)
        return self._members_cached
