"""The demo's networks and meetings (seed_demo): what the seed shows, and open meetings."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from reglab.meetings.models import Meeting, Network, RegistrationStatus, Speaker

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seeds_networks_and_meetings(settings, client):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", password="demo-losenord", stdout=out)
    assert "Nätverk och möten: 3 nya nätverk" in out.getvalue()

    assert set(Network.objects.values_list("name", flat=True)) == {
        "RUS-nätverket",
        "Analytikernätverket",
        "Utvärderingsnätverket",
    }
    rus = Network.objects.get(slug="rus-natverket")
    # The look back: the three 2017 meetings, newest first, with their themes.
    earlier = list(rus.meetings.filter(date__lt=timezone.localdate()).order_by("-date"))
    assert [(m.date.year, m.date.month) for m in earlier] == [(2017, 10), (2017, 5), (2017, 1)]
    themes_2017 = set(earlier[2].items.filter(kind="theme").values_list("title", flat=True))
    assert "Agenda 2030 – vad är på gång?" in themes_2017
    assert earlier[0].decisions and earlier[0].notes

    # The seed's meeting is the network's next one, open for registration, so it can be tried.
    seed = Meeting.objects.get(title="RUS-nätverkets träff: Strategierna som styrinstrument")
    assert seed.network == rus
    assert seed.date == timezone.localdate() + dt.timedelta(days=14)
    assert seed.registration_opens < timezone.now() < seed.registration_closes
    assert seed.capacity > seed.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    next_up = rus.meetings.filter(date__gte=timezone.localdate()).order_by("date").first()
    assert next_up == seed
    speakers = {str(s) for s in Speaker.objects.filter(item__meeting=seed)}
    assert speakers == {
        "Göran Hallin, Kontigo",
        "Anna Nyström, Region Blekinge",
        "Johanna Sundelöf, Regionförbundet Sörmland",
        "Josefine Majewski, Tillväxtverket",
    }
    times = {(i.start_time, i.title) for i in seed.items.all()}
    assert {(dt.time(12), "Lunch"), (dt.time(14, 30), "Kaffe"), (dt.time(16), "Avslut")} <= times
    # Found from the start page: its link to Reglab's year, which lists the meeting.
    assert 'href="/moten/"' in client.get("/").content.decode()
    assert seed.get_absolute_url() in client.get("/moten/").content.decode()

    conference = Meeting.objects.get(kind="annual_conference")
    assert (conference.date, conference.end_date, conference.address) == (
        dt.date(2018, 3, 14),
        dt.date(2018, 3, 15),
        "Umeå",
    )

    upcoming = Meeting.objects.filter(date__gte=timezone.localdate(), network__isnull=False)
    assert set(upcoming.values_list("network__slug", flat=True)) == {
        "rus-natverket",
        "analytikernatverket",
        "utvarderingsnatverket",
    }
    nearly_full = [
        m
        for m in upcoming
        if m.capacity
        and m.registrations.filter(status=RegistrationStatus.REGISTERED).count() == m.capacity - 1
    ]
    assert len(nearly_full) == 1
    for meeting in upcoming:
        assert meeting.registration_opens < timezone.now() < meeting.registration_closes

    again = StringIO()
    call_command("seed_demo", password="demo-losenord", stdout=again)
    assert "0 nya nätverk, 0 nya möten, 0 anmälningar" in again.getvalue()
