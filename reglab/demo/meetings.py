"""The demo's networks and meetings (``data/meetings.toml``).

From the seed (a 2018 RUS network meeting): the RUS network with that day's
programme and speakers, the three 2017 meetings of its look back with their
themes, the annual conference 14–15 March 2018 in Umeå, and the analysts' and
evaluation networks. The seed's meeting is dated two weeks after the day the
demo is loaded, open for registration, so that it can be tried.
Besides, each network gets an upcoming meeting open for registration (one of
them nearly full). Built through the services, like any other meeting; running
it again adds nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from reglab.accounts.models import User
from reglab.demo.datafiles import load
from reglab.meetings.models import Meeting, MeetingKind, Network, NetworkMembership, Visibility
from reglab.meetings.services.meeting import meeting_create, programme_item_add
from reglab.meetings.services.registration import registration_register
from reglab.organisations.models import Organisation


@dataclass
class DemoMeetings:
    networks: int = 0
    meetings: list[str] = field(default_factory=list)
    registrations: int = 0

    def summary_line(self) -> str:
        return (
            f"Nätverk och möten: {self.networks} nya nätverk, {len(self.meetings)} nya möten, "
            f"{self.registrations} anmälningar."
        )


def time(text: str) -> dt.time:
    hours, minutes = text.split(".")
    return dt.time(int(hours), int(minutes))


def organisations_by_slug() -> dict[str, Organisation]:
    return {organisation.slug: organisation for organisation in Organisation.objects.all()}


def network_organisations(spec) -> list[str]:
    """The slugs of a network's organisations: every region first, if it has them."""
    regions = load("meetings")["regions"] if spec.get("with_regions") else []
    return [*regions, *spec["organisations"]]


def build_network(spec, organisations, email_for, result) -> Network:
    network, created = Network.objects.get_or_create(
        slug=spec["slug"], defaults={"name": spec["name"], "purpose": spec["purpose"]}
    )
    result.networks += created
    if created:
        network.organisations.set(
            [organisations[slug] for slug in network_organisations(spec) if slug in organisations]
        )
    for member in spec["people"]:
        person = User.objects.filter(email=email_for(organisations[member["organisation"]])).first()
        if person is None:
            continue
        NetworkMembership.objects.get_or_create(
            network=network,
            person=person,
            left_at=None,
            defaults={"is_coordinator": member["coordinator"], "is_contact": member["contact"]},
        )
    return network


def build_meeting(spec, *, office, network, organisations, result) -> Meeting | None:
    if "in_days" in spec:
        # An upcoming demo meeting moves with the day the demo is loaded: one is enough.
        found = Meeting.objects.filter(title=spec["title"], date__gte=timezone.localdate())
    else:
        found = Meeting.objects.filter(title=spec["title"], date=spec["date"])
    found = found.first()
    if found is not None:
        return None
    meeting = meeting_create(
        by=office,
        network=network,
        kind=spec.get("kind", MeetingKind.NETWORK_MEETING),
        title=spec["title"],
        date=spec["date"],
        end_date=spec.get("end_date"),
        start_time=time(spec["start"]),
        end_time=time(spec["end"]),
        address=spec.get("address", ""),
        digital_link=spec.get("digital_link", ""),
        description=spec.get("description", ""),
        visibility=spec.get("visibility", Visibility.PUBLIC),
        registration_opens=spec.get("registration_opens"),
        registration_closes=spec.get("registration_closes"),
        capacity=spec.get("capacity"),
    )
    for item in spec.get("programme", ()):
        speakers = [
            (speaker["name"], organisations.get(speaker["organisation"]), speaker.get("text", ""))
            for speaker in item.get("speakers", ())
        ]
        programme_item_add(
            meeting=meeting,
            by=office,
            day=item.get("day"),
            start_time=time(item["time"]),
            title=item["title"],
            kind=item["kind"],
            speakers=speakers,
        )
    if spec.get("notes") or spec.get("decisions"):
        Meeting.objects.filter(pk=meeting.pk).update(
            notes=spec.get("notes", ""), decisions=spec.get("decisions", "")
        )
    result.meetings.append(meeting.title)
    return meeting


def seed_demo_meetings(*, office, email_for) -> DemoMeetings:
    """Load the demo networks and meetings; returns what was added."""
    data = load("meetings")
    result = DemoMeetings()
    organisations = organisations_by_slug()
    networks = {
        spec["slug"]: build_network(spec, organisations, email_for, result)
        for spec in data["networks"]
    }
    rus = networks["rus-natverket"]
    for spec in data["lookback_2017"]:
        build_meeting(spec, office=office, network=rus, organisations=organisations, result=result)
    build_meeting(
        data["annual_conference"],
        office=office,
        network=None,
        organisations=organisations,
        result=result,
    )
    today = timezone.localdate()
    now = timezone.now()
    for spec in [data["rus_meeting"], *data["upcoming"]]:
        spec = {
            **spec,
            "date": today + dt.timedelta(days=spec["in_days"]),
            "registration_opens": now - dt.timedelta(days=7),
            # Registration closes at noon three days before.
            "registration_closes": timezone.make_aware(
                dt.datetime.combine(today + dt.timedelta(days=spec["in_days"] - 3), dt.time(12))
            ),
        }
        meeting = build_meeting(
            spec,
            office=office,
            network=networks.get(spec.get("network")),
            organisations=organisations,
            result=result,
        )
        if meeting is None:
            continue
        for slug in spec.get("registered", ()):
            person = User.objects.filter(email=email_for(organisations[slug])).first()
            if person is not None:
                registration_register(meeting=meeting, person=person)
                result.registrations += 1
    return result
