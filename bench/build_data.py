"""Build a large, coherent data set quickly: ten years of provrum for `make bench`.

Run against an empty, migrated database (the benchmark's own, see ``bench.run``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reglab_bench DEBUG=1 \
        .venv/bin/python -m bench.build_data --scale 0.02

At ``--scale 1.0``: 400 organisations (the 21 regions with their county codes,
the other members and the partners of Reglab's 2018 list, then made-up ones),
3,000 people with confirmed affiliations, 10,000 provrum over all states from
2017 to 2026, 200,000 comments (one provrum holds 2,000 of them), 40,000
interests, project plans with their versions, final reports for the provrum
whose state has one, dissemination and survey answers for the closed ones, the
history events and 50,000 notifications; plus an office account (with an
activated TOTP authenticator, as the office must have) and a member
representative, both with a password for the run and an API token each.

Speed over ceremony: rows are written with ``bulk_create`` in batches, without
the services (no signals, no notifications sent, no history rows). The rows are
nevertheless what the services would have written: states, dates, events,
decisions, readiness and search texts agree, so every page renders as it would
with real data. The random generator is seeded, so two builds are alike.

The parts are in ``bench.builder``: the sizes and helpers (``common``), the
texts, and one module per group of tables, each a mixin of the builder here.
"""

import argparse
import os
import random
import secrets
import sys
import time
from datetime import UTC, datetime

from bench.builder.common import FIRST_YEAR, BuildResult, Timer, explicit_timestamps, sizes_for
from bench.builder.documents import Documents
from bench.builder.history import History
from bench.builder.people import People
from bench.builder.provrum import ProvrumRows

# The builder -------------------------------------------------------------------------


def build(scale: float = 1.0, *, password: str = "", seed: int = 11, verbose: bool = True):
    """Build the data set into the default database. Returns a ``BuildResult``.

    The database must be migrated and hold no provrum yet.
    """
    from django.db import transaction

    from reglab.provrum.models import Provrum

    if Provrum.objects.exists():
        raise SystemExit("The database already holds provrum: the builder needs an empty one.")
    result = BuildResult(sizes=sizes_for(scale), password=password or secrets.token_urlsafe(12))
    timer = Timer(result, verbose)
    builder = _Builder(result, random.Random(seed), timer)  # noqa: S311 (made-up data, no secret)
    with transaction.atomic():
        builder.run()
    _analyze()
    result.total_seconds = time.monotonic() - timer.start
    if verbose:
        print(f"  {'total':<44} {result.total_seconds:7.1f} s", flush=True)
    return result


def _analyze():
    """PostgreSQL plans with fresh statistics, as autovacuum would give a live database
    hours later; without them the first measurements run on guessed row counts."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction (the tests build the data inside one); ANALYZE can,
    # and the planner's row counts are what matter for the first measurements.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


class _Builder(People, ProvrumRows, Documents, History):
    """Writes the data in the order of ``run``; each part is a mixin of ``bench.builder``."""

    def __init__(self, result: BuildResult, rng: random.Random, timer: Timer):
        from django.utils import timezone

        self.result = result
        self.sizes = result.sizes
        self.rng = rng
        self.timer = timer
        self.now = timezone.now().replace(microsecond=0)
        self.first = datetime(FIRST_YEAR, 1, 10, 9, tzinfo=UTC)

    def run(self):
        from reglab.accounts.models import Affiliation, User
        from reglab.notifications.models import Notification
        from reglab.organisations.models import Organisation
        from reglab.provrum import models as pm

        timed = [
            User,
            Affiliation,
            Organisation,
            pm.Provrum,
            pm.Interest,
            pm.Comment,
            pm.Event,
            pm.Decision,
            pm.ProjectPlan,
            pm.PlanVersion,
            pm.FinalReport,
            pm.ReportVersion,
            pm.Dissemination,
            pm.SurveyInvitation,
            pm.SurveyResponse,
            Notification,
        ]
        with explicit_timestamps(*timed):
            with self.timer.part("organisations"):
                self.organisations()
            with self.timer.part("people, affiliations, addresses"):
                self.people()
            with self.timer.part("office and member accounts, TOTP, API tokens"):
                self.accounts()
            with self.timer.part("provrum, themes"):
                self.provrum()
            with self.timer.part("interests"):
                self.interests()
            with self.timer.part("decisions, plans and versions"):
                self.plans()
            with self.timer.part("final reports, dissemination, surveys"):
                self.reports()
            with self.timer.part("comments"):
                self.comments()
            with self.timer.part("history events"):
                self.events()
            with self.timer.part("notifications"):
                self.notifications()
        with self.timer.part("stored readiness"):
            # The rows were written in bulk, past the services that store it.
            from reglab.provrum.readiness import readiness_refresh

            readiness_refresh()
        with self.timer.part("counting rows"):
            self.count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1.0)))
    parser.add_argument("--password", default="", help="password of the two accounts")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(f"Building the bench data at scale {args.scale}: {sizes_for(args.scale)}")
    result = build(args.scale, password=args.password)
    print("Rows:", ", ".join(f"{name} {count}" for name, count in result.counts.items()))
    print(f"Accounts: {result.office_email} (office), {result.member_email} (member)")
    print(f"Password: {result.password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
