"""Reminders the day before a meeting, and telling those registered when it changes."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reglab.core.limits import RateLimited, limit_take_for
from reglab.meetings.models import Meeting, Registration, RegistrationStatus
from reglab.meetings.services.mail import mail_after_commit
from reglab.meetings.signals import meeting_changed

# The facts whose change those registered are told about, with how to show them.
CHANGE_FIELDS = ("date", "end_date", "start_time", "end_time", "address", "digital_link")

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


def holds_place(registrations):
    """Registrations of people, and of guests who have confirmed their address."""
    return registrations.exclude(person__isnull=True, confirmed_at__isnull=True)


def may_be_written_to(registrations):
    """Registrations of guests, and of people whose account is active: a deactivated
    (or erased) person is not e-mailed, though the registration stays as the record."""
    return registrations.of_active_person()


@transaction.atomic
def registrations_remind(*, today: dt.date | None = None) -> int:
    """E-mail everyone with a seat at tomorrow's meetings, once; returns how many were sent.

    Safe to run twice or in two processes at once: a registration is marked as
    reminded by one conditional update, and only the run that marked it sends.
    """
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    now = timezone.now()
    candidates = may_be_written_to(
        holds_place(
            Registration.objects.filter(
                meeting__date=tomorrow,
                status=RegistrationStatus.REGISTERED,
                reminded_at__isnull=True,
            )
        )
    ).select_related("meeting", "person")
    sent = 0
    for registration in candidates:
        marked = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not marked:
            continue
        mail_after_commit(
            template="reminder",
            registration=registration,
            subject=_("Tomorrow: %(meeting)s") % {"meeting": registration.meeting.title},
        )
        sent += 1
    return sent


def describe(meeting: Meeting, name: str, *, has_seat: bool = True) -> str:
    """One changed fact as the person reads it, e.g. "Starts: 13.00". The digital link
    itself is only for those with a seat (``access.may_see_digital_link``)."""
    value = getattr(meeting, name)
    field = Meeting._meta.get_field(name)
    if name == "digital_link" and value and not has_seat:
        shown = _("changed; it is shown to those who have a place")
    elif value in (None, ""):
        shown = _("(removed)")
    elif isinstance(value, dt.date):
        shown = formats.date_format(value, "j F Y")
    elif isinstance(value, dt.time):
        shown = value.strftime("%H.%M")
    else:
        shown = str(value)
    return f"{str(field.verbose_name).capitalize()}: {shown}"


@dataclass(frozen=True)
class ChangeTold:
    """What ``tell_about_change`` did: the changed fields, and whether the e-mail was held
    back because the meeting's change e-mails reached their limit."""

    changes: list[str]
    mail_held: bool = False


def tell_about_change(*, before: dict, meeting: Meeting) -> ChangeTold:
    """After a meeting's facts changed: e-mail those holding or awaiting a place with what
    changed, and send ``meeting_changed`` (notifications tells people on the platform).

    A host changing the time or place again and again would e-mail everyone each time:
    one meeting's change e-mails are limited (``meeting_change_mail`` in
    ``reglab.core.limits``, five an hour). Past it the change stands and people still
    see it on the platform, but no e-mail goes out (``mail_held``)."""
    changes = [name for name in CHANGE_FIELDS if before.get(name) != getattr(meeting, name)]
    if not changes:
        return ChangeTold(changes=[])
    registrations = list(
        may_be_written_to(
            holds_place(meeting.registrations.filter(status__in=ACTIVE))
        ).select_related("meeting", "person")
    )
    mail_held = False
    if registrations:
        # Only a change that would e-mail someone counts towards the limit.
        try:
            limit_take_for("meeting_change_mail", f"meeting:{meeting.pk}")
        except RateLimited:
            mail_held = True
    for registration in [] if mail_held else registrations:
        has_seat = registration.status == RegistrationStatus.REGISTERED
        registration.changes = [describe(meeting, name, has_seat=has_seat) for name in changes]
        mail_after_commit(
            template="changed",
            registration=registration,
            subject=_("Changed: %(meeting)s") % {"meeting": meeting.title},
        )
    person_ids = [r.person_id for r in registrations if r.person_id]
    transaction.on_commit(
        lambda: meeting_changed.send(
            sender=Meeting, meeting=meeting, changes=changes, person_ids=person_ids
        )
    )
    return ChangeTold(changes=changes, mail_held=mail_held)
