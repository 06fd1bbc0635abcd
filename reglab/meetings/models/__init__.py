"""The models of networks and meetings, re-exported so ``reglab.meetings.models.X`` works."""

from reglab.meetings.models.meeting import (
    HostQuestion,
    ItemKind,
    Meeting,
    MeetingKind,
    ProgrammeItem,
    Speaker,
    Visibility,
)
from reglab.meetings.models.network import Network, NetworkMembership
from reglab.meetings.models.registration import (
    Answer,
    Registration,
    RegistrationStatus,
    SlideAttachment,
)

__all__ = [
    "Answer",
    "HostQuestion",
    "ItemKind",
    "Meeting",
    "MeetingKind",
    "Network",
    "NetworkMembership",
    "ProgrammeItem",
    "Registration",
    "RegistrationStatus",
    "SlideAttachment",
    "Speaker",
    "Visibility",
]
