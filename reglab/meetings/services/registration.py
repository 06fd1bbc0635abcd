"""Registering for a meeting, the waiting list, guests' confirmation, cancelling.

Every function that changes who has a seat locks the meeting's row first
(``select_for_update``), so on PostgreSQL two people taking the last seat at
once are served one after the other and exactly one gets it. SQLite takes the
write lock at the start of the transaction (``transaction_mode IMMEDIATE``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.core.text import single_line
from reglab.meetings import rules
from reglab.meetings.access import can_host_meeting, can_view_meeting, representing
from reglab.meetings.messages import message
from reglab.meetings.models import Answer, Meeting, Registration, RegistrationStatus
from reglab.meetings.models.registration import is_token_shaped
from reglab.meetings.services.mail import mail_after_commit
from reglab.meetings.signals import registration_promoted

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


class RegistrationRefused(ValidationError):
    """A registration the rules refuse; ``code`` is one of ``rules``' reason codes."""

    def __init__(self, code: str):
        super().__init__(message(code), code=code)
        self.reason = code


@dataclass(frozen=True)
class Place:
    status: str
    position: int


def confirm_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.MEETING_GUEST_CONFIRM_HOURS)


def lock_meeting(meeting_pk: int) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_pk)


def registration_place(registration: Registration) -> Place:
    """The seat number among the registered, or the place in the queue (1 is next).

    A deactivated person ahead in the queue is not counted, as the queue moves past
    them (``_promote_next``); a seat they hold is still a seat.
    """
    if registration.status not in ACTIVE:
        return Place(registration.status, 0)
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id, status=registration.status
    )
    if registration.status == RegistrationStatus.WAITLISTED:
        queue = ahead.filter(queued_at__lte=registration.queued_at).exclude(
            queued_at=registration.queued_at, pk__gt=registration.pk
        )
        ahead = queue.of_active_person() | queue.filter(pk=registration.pk)
    else:
        ahead = ahead.filter(pk__lte=registration.pk)
    return Place(registration.status, ahead.count())


def check_answers(meeting, answers: dict[int, str]) -> dict[int, str]:
    """Only the meeting's questions, each answered when required; raises ValidationError."""
    clean = {}
    for question in meeting.questions.all():
        text = (answers.get(question.pk) or "").strip()
        if question.required and not text:
            raise ValidationError(
                _("Answer the question “%(question)s”.") % {"question": question.text},
                code="answer_required",
            )
        if text:
            clean[question.pk] = text[:1000]
    return clean


def _refuse_if_closed(meeting, now) -> None:
    reasons = rules.check_registration_window(
        now=now,
        opens=meeting.registration_opens,
        closes=meeting.registration_closes,
        meeting_starts=meeting.starts_at,
    )
    if reasons:
        raise RegistrationRefused(reasons[0])


def _take_place(*, meeting, now, **fields) -> Registration:
    taken = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    has_seat = rules.seat_or_queue(capacity=meeting.capacity, taken=taken)
    # Someone already waiting keeps their turn: a new person queues behind them. Not
    # behind a deactivated person, who never moves up: the seat would stay empty.
    if has_seat and meeting.capacity is not None:
        has_seat = not meeting.registrations.waiting().exists()
    status = RegistrationStatus.REGISTERED if has_seat else RegistrationStatus.WAITLISTED
    return Registration.objects.create(
        meeting=meeting, status=status, queued_at=None if has_seat else now, **fields
    )


def _save_answers(registration, answers: dict[int, str]) -> None:
    Answer.objects.bulk_create(
        [
            Answer(registration=registration, question_id=pk, text=text)
            for pk, text in answers.items()
        ]
    )


@transaction.atomic
def registration_register(
    *, meeting: Meeting, person, dietary_needs: str = "", answers=None, now=None
) -> Registration:
    """Register a signed-in person: a seat while there is one, else the waiting list.

    Raises PermissionDenied when the person may not see the meeting, and
    RegistrationRefused (a ValidationError) when registration is not open or
    the person is already registered.
    """
    now = now or timezone.now()
    meeting = lock_meeting(meeting.pk)
    if not (person and person.is_authenticated and person.is_active):
        raise PermissionDenied(_("Sign in to register."))
    if not can_view_meeting(person, meeting):
        raise PermissionDenied(_("You are not allowed to do this."))
    _refuse_if_closed(meeting, now)
    release_expired(meeting=meeting, now=now)
    by_address = meeting.registrations.filter(status__in=ACTIVE, email__iexact=person.email)
    # A guest's place under this address that nobody has confirmed: anyone may type
    # an address, and the person signed in has proved it is theirs. They take the
    # place over rather than being shut out of the meeting by it.
    unclaimed = by_address.filter(person__isnull=True, confirmed_at__isnull=True).first()
    if meeting.registrations.filter(status__in=ACTIVE, person=person).exists() or (
        unclaimed is None and by_address.exists()
    ):
        raise RegistrationRefused(rules.ALREADY_REGISTERED)
    clean = check_answers(meeting, answers or {})
    organisation = representing(person).select_related("organisation").order_by("pk").first()
    fields = {
        "person": person,
        "name": single_line(person.name or person.email)[:150],
        "email": person.email,
        "organisation_name": organisation.organisation.name if organisation else "",
        "dietary_needs": dietary_needs.strip()[:300],
        "confirmed_at": now,
    }
    if unclaimed is not None:
        for name, value in fields.items():
            setattr(unclaimed, name, value)
        unclaimed.save(update_fields=list(fields))
        unclaimed.answers.all().delete()
        registration = unclaimed
    else:
        registration = _take_place(meeting=meeting, now=now, **fields)
    _save_answers(registration, clean)
    return registration


@transaction.atomic
def registration_register_guest(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    organisation_name: str = "",
    dietary_needs: str = "",
    answers=None,
    now=None,
) -> Registration:
    """Register a guest without an account, and send the confirmation link.

    The place (a seat or the queue) is held for ``MEETING_GUEST_CONFIRM_HOURS``;
    unconfirmed by then, it is released (``release_expired``). Only public
    meetings take guests. Raises PermissionDenied or RegistrationRefused.

    An address that already has a place gets no second one, and the caller is
    not told so: the address is sent the link to the registration it has, and
    the existing registration is returned. The guest sees the same answer
    ("we have sent a link to …") either way, so the form cannot be used to find
    out who is registered.
    """
    now = now or timezone.now()
    meeting = lock_meeting(meeting.pk)
    if meeting.is_members_only:
        raise PermissionDenied(_("Only members may register for this meeting. Sign in first."))
    _refuse_if_closed(meeting, now)
    release_expired(meeting=meeting, now=now)
    email = email.strip().lower()
    name = single_line(name)
    if not name or not email:
        raise ValidationError(_("Give your name and e-mail address."), code="guest_incomplete")
    clean = check_answers(meeting, answers or {})
    existing = meeting.registrations.filter(status__in=ACTIVE, email__iexact=email).first()
    if existing is not None:
        mail_after_commit(
            template="already_registered",
            registration=existing,
            subject=_("Your registration: %(meeting)s") % {"meeting": meeting.title},
        )
        return existing
    registration = _take_place(
        meeting=meeting,
        now=now,
        name=name[:150],
        email=email,
        organisation_name=single_line(organisation_name)[:200],
        dietary_needs=dietary_needs.strip()[:300],
    )
    _save_answers(registration, clean)
    mail_after_commit(
        template="guest_confirm",
        registration=registration,
        subject=_("Confirm your registration: %(meeting)s") % {"meeting": meeting.title},
    )
    return registration


@transaction.atomic
def registration_confirm(*, token: str, now=None) -> Registration:
    """Confirm a guest's address by the link's token; raises ValidationError when released."""
    now = now or timezone.now()
    found = (
        Registration.objects.filter(token=token).only("meeting_id").first()
        if is_token_shaped(token)
        else None
    )
    if found is None:
        raise ValidationError(_("The link is not valid."), code="invalid_link")
    meeting = lock_meeting(found.meeting_id)
    release_expired(meeting=meeting, now=now)
    registration = Registration.objects.get(pk=found.pk)
    released = registration.cancelled_at is not None and (
        registration.cancelled_at >= registration.created_at + confirm_window()
    )
    if registration.status == RegistrationStatus.CANCELLED and not released:
        # Cancelled by the guest or the host: the link cannot take the place back.
        raise ValidationError(
            _("The registration is cancelled. Register again if there is room."),
            code="cancelled",
        )
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(
            _(
                "The registration was not confirmed in time and the place has been released. "
                "Register again if there is room."
            ),
            code="unconfirmed_released",
        )
    if registration.confirmed_at is None:
        registration.confirmed_at = now
        registration.save(update_fields=["confirmed_at"])
    return registration


def _promote_next(meeting, now) -> Registration | None:
    """Give the freed seat to the first in the queue, and tell them after the commit.

    A deactivated person is passed over, not removed: their registration keeps its
    place in the queue as the record, and the seat goes to the next guest or
    active person. Reactivated, they are in the queue again, and a seat left free
    meanwhile is filled at once (``waitlists_fill_for_person``, from
    ``reglab.meetings.receivers``). Call with the meeting's row locked.
    """
    if meeting.capacity is not None:
        taken = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if taken >= meeting.capacity:
            return None
    first = meeting.registrations.waiting().order_by("queued_at", "pk").first()
    if first is None:
        return None
    first.status = RegistrationStatus.REGISTERED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    mail_after_commit(
        template="promoted",
        registration=first,
        subject=_("You have a place: %(meeting)s") % {"meeting": meeting.title},
    )
    transaction.on_commit(
        lambda: registration_promoted.send(sender=Registration, registration=first)
    )
    return first


def waitlist_fill(*, meeting: Meeting, now=None) -> list[Registration]:
    """Give every free seat to the queue in order (after the host adds places).

    Call with the meeting's row locked. Each person moved up is told; a
    deactivated person is passed over (``_promote_next``).
    """
    now = now or timezone.now()
    promoted = []
    while (registration := _promote_next(meeting, now)) is not None:
        promoted.append(registration)
    return promoted


@transaction.atomic
def waitlists_fill_for_person(*, person, now=None) -> list[Registration]:
    """Give the free seats of every upcoming meeting ``person`` waits for to the queue.

    For a person whose account is active again: while it was deactivated the queue
    moved past them (``_promote_next``), so a seat may have been left free that nobody
    took. Each meeting's row is locked (in the order of their keys, so two of these
    cannot deadlock) and its queue moves up in order, as after a cancellation; the
    person is not put ahead of anyone. Each person moved up is told after the commit.
    """
    now = now or timezone.now()
    meeting_ids = (
        Registration.objects.filter(
            person=person,
            status=RegistrationStatus.WAITLISTED,
            meeting__in=Meeting.objects.upcoming(),
        )
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    promoted = []
    for pk in sorted(meeting_ids):
        promoted += waitlist_fill(meeting=lock_meeting(pk), now=now)
    return promoted


def _unconfirmed_guests(registrations, now):
    """The guests' places among ``registrations`` not confirmed within the window."""
    return registrations.filter(
        status__in=ACTIVE,
        person__isnull=True,
        confirmed_at__isnull=True,
        created_at__lt=now - confirm_window(),
    )


def release_expired(*, meeting: Meeting, now=None) -> int:
    """Release guests' places not confirmed within the window, and move the queue up.

    Call with the meeting's row locked (the services here do). Returns how many
    places were released.
    """
    now = now or timezone.now()
    expired = list(_unconfirmed_guests(meeting.registrations, now))
    for registration in expired:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
    for _registration in expired:
        _promote_next(meeting, now)
    return len(expired)


@transaction.atomic
def registrations_release_all(*, now=None) -> int:
    """``release_expired`` for every meeting with an unconfirmed guest (a periodic job)."""
    now = now or timezone.now()
    meeting_ids = set(
        _unconfirmed_guests(Registration.objects, now).values_list("meeting_id", flat=True)
    )
    return sum(release_expired(meeting=lock_meeting(pk), now=now) for pk in sorted(meeting_ids))


@transaction.atomic
def registration_cancel(*, registration: Registration, by=None, token: str = "", now=None):
    """Cancel a registration; the first on the waiting list then gets the seat and is told.

    Allowed for the person themself, a guest holding the link's token, and the
    meeting's hosts; raises PermissionDenied otherwise. Cancelling a cancelled
    registration changes nothing. Returns the promoted registration or None.
    """
    now = now or timezone.now()
    meeting = lock_meeting(registration.meeting_id)
    registration = Registration.objects.get(pk=registration.pk)
    own = by is not None and by.is_authenticated and registration.person_id == by.pk
    by_link = bool(token) and token == registration.token
    if not (own or by_link or (by is not None and can_host_meeting(by, meeting))):
        raise PermissionDenied(_("You are not allowed to do this."))
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    had_seat = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    return _promote_next(meeting, now) if had_seat else None
