"""A provrum that is reported with its final report approved, ready to be spread and closed.

Skåne leads and Örebro takes part (both regions); Gävleborg and Vinnova are
members that do not take part, Kontigo a partner that does not. The final
report's services are built in parallel, so the state past the go-ahead and the
approved report are made with the ORM here, as the platform would leave them.
"""

from datetime import timedelta

from django.utils import timezone

from reglab.provrum.closing import services as closing
from reglab.provrum.models import Channel, FinalReport, Provrum, State, empty_report_data
from tests.provrum.conftest import ready_provrum

ROLES = ["office", "leader", "participant", "member", "partner", "anonymous"]


def people(cast):
    """The roles of the permission tables: who each is in the cast."""
    return {
        "office": cast["office"],
        "leader": cast["people"]["skane"],
        "participant": cast["people"]["orebro"],
        "member": cast["people"]["gavleborg"],
        "partner": cast["people"]["kontigo"],
        "anonymous": None,
    }


def reported_provrum(cast, *, report_status="approved", title="AI och visualisering"):
    """A provrum given the go-ahead, then reported, with a final report in ``report_status``."""
    provrum = ready_provrum(cast, title=title)
    # Past the go-ahead without the service, whose yearly cap of two would stop a
    # test that needs more closed provrum.
    now = timezone.now()
    Provrum.objects.filter(pk=provrum.pk).update(
        state=State.REPORTED, go_ahead_at=now, decided_at=now
    )
    if report_status is not None:
        approved = report_status == FinalReport.Status.APPROVED
        FinalReport.objects.create(
            provrum=provrum,
            status=report_status,
            published_at=timezone.now() if approved else None,
            data={**empty_report_data(), "summary": "Tre regioner prövade AI-analys."},
        )
    provrum.refresh_from_db()
    return provrum


def record(cast, provrum, channels=(Channel.WEB,), *, day=None):
    """The office records the channels as done (dated ``day``, default yesterday)."""
    day = day or timezone.localdate() - timedelta(days=1)
    return closing.dissemination_save(
        provrum=provrum,
        by=cast["office"],
        lines={
            channel: {
                "date": day.isoformat(),
                "link": f"https://reglab.se/{channel}",
                "responsible": "Kansliet",
                "note": "",
            }
            for channel in channels
        },
    )


def close(cast, provrum, channels=tuple(Channel.values)):
    """Record ``channels`` and close, acknowledging the channels left out."""
    record(cast, provrum, channels)
    missing = [c for c in Channel.values if c not in channels]
    return closing.provrum_close(
        provrum=provrum,
        by=cast["office"],
        acknowledged=[f"not_disseminated_{channel}" for channel in missing],
    )


def closed_provrum(cast, **kw):
    provrum = reported_provrum(cast, **kw)
    close(cast, provrum)
    provrum.refresh_from_db()
    return provrum
