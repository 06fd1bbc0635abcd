"""Decisions, project plans with their versions, final reports, dissemination and surveys."""

from datetime import timedelta

from bench.builder.common import P, bulk, random_days
from bench.builder.texts import CITIES, LESSONS, RECOMMENDATIONS, search_text_of


class Documents:
    # Plans, decisions, reports ------------------------------------------------------

    def _plan_data(self, p: P, version: int) -> dict:
        start = (p.go_ahead_at + timedelta(weeks=6)).date()
        end = start + timedelta(days=122)
        leader = self.orgs[p.leader]
        other = next((self.orgs[o] for o, *_ in p.interests if o != p.leader), leader)
        criteria = ["Minst tre regioner använder metoden", "En gemensam rapport är publicerad"]
        return {
            "purpose": f"Pröva {p.title.lower()} tillsammans och lära av varandra.",
            "expected_result": "En gemensam bild av vad som fungerar.",
            "main_question": p.question,
            "delimitations": "Bara öppna data." if version > 1 else "",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "milestones": [
                {
                    "date": (start + timedelta(days=14)).isoformat(),
                    "title": "Startmöte",
                    "meeting": "physical",
                    "place": CITIES[p.index % len(CITIES)],
                },
                {
                    "date": (start + timedelta(days=90)).isoformat(),
                    "title": "Avstämning",
                    "meeting": "digital",
                    "place": "https://meet.example.se/provrum",
                },
            ],
            "resources": [{"who": leader.name, "what": "Leder arbetet"}],
            "success_criteria": criteria[: 1 + p.index % 2],
            "indicators": [
                {"indicator": "Antal analyser", "measured_by": "Enkät efter sex månader"}
            ],
            "budget_lines": [
                {
                    "category": "expertise",
                    "description": "Analysbyrå",
                    "amount": 60_000,
                    "is_working_time": False,
                },
                {
                    "category": "working_time",
                    "description": "Projektledning",
                    "amount": 40_000,
                    "is_working_time": True,
                },
            ],
            "financing": [
                {"source": "base_funding", "organisation": "", "label": "", "amount": 50_000},
                {
                    "source": "organisation",
                    "organisation": leader.slug,
                    "label": "",
                    "amount": 30_000,
                },
                {
                    "source": "organisation",
                    "organisation": other.slug,
                    "label": "",
                    "amount": 20_000,
                },
            ],
        }

    def plans(self):
        from reglab.provrum.models import Decision, PlanVersion, ProjectPlan

        rng, office = self.rng, self.office_id
        decisions, plans, versions = [], [], []
        for p in self.plans_:
            if p.state in ("declined", "lapsed") or p.go_ahead_at:
                outcome = p.state if p.state in ("declined", "lapsed") else "go_ahead"
                decisions.append(
                    Decision(
                        provrum_id=p.pk,
                        outcome=outcome,
                        comment="Beslut i kansliets kö." if outcome != "lapsed" else "",
                        acknowledged_warnings=[],
                        decided_by_id=office,
                        decided_at=p.decided_at,
                    )
                )
            if not p.go_ahead_at or p.leader is None:
                continue
            if p.state == "go_ahead" and p.plan_submitted_at is None and rng.random() < 0.3:
                continue  # no plan written yet
            writer = rng.choice(self.reps[p.leader])
            number = 1 if p.state == "go_ahead" and p.plan_submitted_at is None else 2
            first_saved = p.go_ahead_at + random_days(rng, 3, 15)
            last_saved = p.plan_submitted_at or first_saved + random_days(rng, 1, 5)
            if p.plan_approved_at:
                status = ProjectPlan.Status.APPROVED
            elif p.plan_submitted_at:
                status = ProjectPlan.Status.SUBMITTED
            else:
                status = ProjectPlan.Status.DRAFT
            p._plan_final = self._plan_data(p, number)
            plans.append(
                ProjectPlan(
                    provrum_id=p.pk,
                    status=status,
                    version=number,
                    data=p._plan_final,
                    created_at=first_saved,
                    updated_at=last_saved,
                    updated_by_id=writer,
                    submitted_at=p.plan_submitted_at,
                    submitted_by_id=writer if p.plan_submitted_at else None,
                    decided_at=p.plan_approved_at,
                    decided_by_id=office if p.plan_approved_at else None,
                )
            )
            for version in range(1, number + 1):
                versions.append(
                    (
                        p.pk,
                        version,
                        self._plan_data(p, version) if version < number else p._plan_final,
                        writer,
                        first_saved if version == 1 else last_saved,
                    )
                )
        bulk(Decision, decisions)
        plan_ids = {plan.provrum_id: plan.pk for plan in bulk(ProjectPlan, plans, 2000)}
        bulk(
            PlanVersion,
            [
                PlanVersion(
                    plan_id=plan_ids[pk], number=n, data=data, author_id=author, created_at=at
                )
                for pk, n, data, author, at in versions
            ],
            2000,
        )

    def reports(self):
        from reglab.provrum import models as pm

        rng, office = self.rng, self.office_id
        reports, versions, disseminations, invitations, responses = [], [], [], [], []
        channels = [c for c, _ in pm.Channel.choices]
        for p in self.plans_:
            has_draft = p.state == "running" and p.leader and rng.random() < 0.4
            if not (p.report_submitted_at or has_draft):
                continue
            plan = getattr(p, "_plan_final", None) or self._plan_data(p, 2)
            rows = [("criterion", text, "") for text in plan["success_criteria"]] + [
                ("indicator", item["indicator"], item["measured_by"]) for item in plan["indicators"]
            ]
            data = {
                "summary": f"Provrummet om {p.title.lower()} gav en gemensam bild av läget.",
                "results": [
                    {
                        "kind": kind,
                        "text": text,
                        "outcome": "" if has_draft else rng.choice(["met", "partly", "not_met"]),
                        "evidence": "" if has_draft else "Enkät och intervjuer visar det.",
                    }
                    for kind, text, _detail in rows
                ],
                "lessons": "" if has_draft else LESSONS,
                "recommendations": "" if has_draft else RECOMMENDATIONS,
                "follow_on": "" if has_draft else rng.choice(["learning_project", "none"]),
                "attachments": [],
            }
            leader_rep = rng.choice(self.reps[p.leader])
            saved = p.report_submitted_at or p.plan_approved_at + random_days(rng, 30, 60)
            saved = min(saved, self.now)
            approved = p.report_approved_at
            status = (
                pm.FinalReport.Status.APPROVED
                if approved
                else pm.FinalReport.Status.SUBMITTED
                if p.report_submitted_at
                else pm.FinalReport.Status.DRAFT
            )
            reports.append(
                pm.FinalReport(
                    provrum_id=p.pk,
                    status=status,
                    version=1,
                    data=data,
                    created_at=saved - timedelta(days=10),
                    updated_at=saved,
                    updated_by_id=leader_rep,
                    submitted_at=p.report_submitted_at,
                    submitted_by_id=leader_rep if p.report_submitted_at else None,
                    decided_at=approved,
                    decided_by_id=office if approved else None,
                    published_at=approved,
                    search_text=search_text_of(
                        p.title, data["summary"], data["lessons"], data["recommendations"]
                    )
                    if approved
                    else "",
                )
            )
            versions.append((p.pk, data, leader_rep, saved))
            if p.state == "closed":
                used = rng.sample(channels, rng.randint(1, len(channels)))
                for channel in channels:
                    disseminations.append(
                        pm.Dissemination(
                            provrum_id=p.pk,
                            channel=channel,
                            date=p.disseminated_on.date() if channel in used else None,
                            responsible="Kansliet" if channel in used else "",
                            updated_at=p.disseminated_on,
                            updated_by_id=office,
                        )
                    )
                for org, _wants, person, _at in p.interests:
                    answered = rng.random() < 0.6
                    invitations.append(
                        pm.SurveyInvitation(
                            provrum_id=p.pk,
                            person_id=person,
                            organisation_id=org,
                            created_at=p.closed_at,
                            answered_at=p.closed_at + timedelta(days=3) if answered else None,
                        )
                    )
                    if answered:
                        responses.append(
                            pm.SurveyResponse(
                                provrum_id=p.pk,
                                organisation_id=org,
                                usefulness=rng.randint(2, 5),
                                take_part_again=rng.choice(["yes", "yes", "maybe", "no"]),
                                format_change="Mer tid för analys." if rng.random() < 0.3 else "",
                                created_at=p.closed_at + timedelta(days=3),
                            )
                        )
        report_ids = {r.provrum_id: r.pk for r in bulk(pm.FinalReport, reports, 2000)}
        bulk(
            pm.ReportVersion,
            [
                pm.ReportVersion(
                    report_id=report_ids[pk], number=1, data=data, author_id=author, created_at=at
                )
                for pk, data, author, at in versions
            ],
            2000,
        )
        bulk(pm.Dissemination, disseminations)
        # One invitation per person and provrum: a person may represent two organisations
        # of the same group only in theory, but the constraint holds regardless.
        seen, unique = set(), []
        for invitation in invitations:
            key = (invitation.provrum_id, invitation.person_id)
            if key not in seen:
                seen.add(key)
                unique.append(invitation)
        bulk(pm.SurveyInvitation, unique)
        bulk(pm.SurveyResponse, responses)
