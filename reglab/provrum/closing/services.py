"""Spreading a provrum's results, closing it, and the participants' survey.

After the office has approved the final report it records, per channel of
Reglab's (website, newsletter, network meeting, annual conference), when the
results were spread there, where and by whom. A channel with a date is done.
The office then closes the provrum (``provrum_close``): at least one channel
must be done, and each channel that is not is a warning it acknowledges. On
closing, every active representative of a participating organisation is asked
a short survey; the answer is kept with the provrum and the organisation only,
never with the person.

Selectors read, services write; the services follow ``services``: lock the
provrum row, check the permission, the state and the rules, save, and record
an ``Event`` whose notifications go out after the commit. Refusals are
``PermissionDenied`` (403), ``RuleViolation`` (409) and ``ValidationError``
(422), as everywhere in the provrum app.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation
from reglab.accounts.permissions import is_office
from reglab.provrum import lifecycle, rules
from reglab.provrum.lifecycle import RuleViolation
from reglab.provrum.models import (
    Channel,
    Dissemination,
    Event,
    FinalReport,
    Interest,
    Provrum,
    State,
    SurveyInvitation,
    SurveyResponse,
)
from reglab.provrum.selectors import provrum_visible_to

# The longest texts of a dissemination line (the model's columns).
DISSEMINATION_LIMITS = {"link": 500, "responsible": 200, "note": 500}
CLOSE_NOTE_LIMIT = 5000
FORMAT_CHANGE_LIMIT = 3000
USEFULNESS_SCALE = (1, 2, 3, 4, 5)
_http_link = URLValidator(schemes=["http", "https"])


# Reads -------------------------------------------------------------------------


def dissemination_list(provrum: Provrum) -> list[Dissemination]:
    """One line per channel, in the channels' order; a channel with nothing
    recorded is an unsaved, empty line."""
    saved = {line.channel: line for line in Dissemination.objects.filter(provrum=provrum)}
    return [
        saved.get(channel) or Dissemination(provrum=provrum, channel=channel)
        for channel in Channel.values
    ]


def has_content(line: Dissemination) -> bool:
    """Something is recorded on the line: a date, a link, who or a note."""
    return bool(line.date or line.link or line.responsible or line.note)


def done_channels(provrum: Provrum) -> set[str]:
    """The channels the results have been spread through (those with a date)."""
    return set(
        Dissemination.objects.filter(provrum=provrum, date__isnull=False).values_list(
            "channel", flat=True
        )
    )


def report_is_approved(provrum: Provrum) -> bool:
    """The office has approved the provrum's final report."""
    return FinalReport.objects.filter(provrum=provrum, status=FinalReport.Status.APPROVED).exists()


def close_reasons(provrum: Provrum, *, lines: list[Dissemination] | None = None) -> list:
    """What the dissemination rules say about closing now (errors and warnings)."""
    if lines is None:
        done = done_channels(provrum)
    else:
        done = {line.channel for line in lines if line.date is not None}
    return rules.check_dissemination(done_channels=done, all_channels=Channel.values)


def survey_recipients(provrum: Provrum) -> dict[int, int]:
    """Who is asked the survey: {person id: organisation id}.

    Every active person with a confirmed affiliation to a participating
    organisation that is still active (the leader among them). A person who
    represents two participating organisations is asked once, for the leader
    if they represent it, else for the first organisation by name.
    """
    organisation_ids = set(
        Interest.objects.filter(provrum=provrum).values_list("organisation_id", flat=True)
    )
    if provrum.leader_id:
        organisation_ids.add(provrum.leader_id)
    rows = (
        Affiliation.objects.confirmed()
        .of_active_organisation()
        .of_active_person()
        .filter(organisation_id__in=organisation_ids)
        .values_list("person_id", "organisation_id", "organisation__name")
    )
    chosen: dict[int, int] = {}
    for person_id, organisation_id, _name in sorted(
        rows, key=lambda row: (row[1] != provrum.leader_id, row[2], row[1])
    ):
        chosen.setdefault(person_id, organisation_id)
    return chosen


def survey_invitation_for(user, provrum: Provrum) -> SurveyInvitation | None:
    """The person's survey invitation for this provrum, or None when not asked."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    return (
        SurveyInvitation.objects.select_related("organisation")
        .filter(provrum=provrum, person=user)
        .first()
    )


def pending_surveys(user) -> QuerySet[SurveyInvitation]:
    """The surveys the person has been asked and not answered yet, newest first,
    for closed provrum the person may still see."""
    if not (user and user.is_authenticated and user.is_active):
        return SurveyInvitation.objects.none()
    return (
        SurveyInvitation.objects.filter(
            person=user,
            answered_at__isnull=True,
            provrum__state=State.CLOSED,
            provrum__in=provrum_visible_to(user),
        )
        .select_related("provrum", "organisation")
        .order_by("-created_at", "-pk")
    )


def survey_progress(provrum: Provrum) -> dict:
    """How many were asked and how many have answered (for the office)."""
    counts = SurveyInvitation.objects.filter(provrum=provrum).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    return {"asked": counts["asked"] or 0, "answered": counts["answered"] or 0}


# Dissemination -----------------------------------------------------------------


def _stage_refusal(provrum: Provrum) -> list[rules.Reason]:
    """Why the dissemination cannot be recorded now, as reasons (empty when it can)."""
    if provrum.state == State.REPORTED and report_is_approved(provrum):
        return []
    if provrum.state == State.REPORTED:
        return [rules.Reason("report_not_approved", rules.ERROR)]
    return [rules.Reason("dissemination_not_open", rules.ERROR, {"state": provrum.state})]


def _clean_date(value, today: date) -> tuple[date | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            return None, _("Enter a date as YYYY-MM-DD, for example 2025-03-14.")
    if value > today:
        return value, _("The date cannot be in the future.")
    return value, None


def _clean_line(channel: str, values: dict, today: date) -> tuple[dict, dict]:
    """One channel's values, trimmed and checked; errors keyed "<channel>.<field>"."""
    errors = {}
    day, error = _clean_date(values.get("date"), today)
    if error:
        errors[f"{channel}.date"] = error
    cleaned = {"date": day}
    labels = {"link": _("The link"), "responsible": _("Who"), "note": _("The note")}
    for name, limit in DISSEMINATION_LIMITS.items():
        text = values.get(name)
        text = "" if text is None else str(text).strip()
        if len(text) > limit:
            errors[f"{channel}.{name}"] = _(
                "%(field)s may be at most %(limit)s characters (now %(count)s)."
            ) % {"field": labels[name], "limit": limit, "count": len(text)}
        cleaned[name] = text
    link = cleaned["link"]
    if link and f"{channel}.link" not in errors:
        try:
            _http_link(link)
        except ValidationError:
            errors[f"{channel}.link"] = _(
                "Enter a whole web address that begins with https:// or http://."
            )
    return cleaned, errors


@transaction.atomic
def dissemination_save(*, provrum: Provrum, by, lines: dict) -> list[Dissemination]:
    """The office records how the results were spread: one form for every channel.

    ``lines`` maps a channel to its values (``date`` as a date or "YYYY-MM-DD",
    ``link``, ``responsible``, ``note``); a channel left out is not changed.
    Every line is checked before anything is saved, so the lines are saved
    together or not at all (``ValidationError`` keyed "<channel>.<field>").
    Allowed to the office while the provrum is reported and its report
    approved (``provrum.disseminate``); otherwise 403 for others, and for the
    office a ``RuleViolation`` (``report_not_approved``,
    ``dissemination_not_open``). Records ``DISSEMINATED`` with the channels
    done; saving the same values again changes nothing and records nothing.
    """
    if not is_office(by):
        lifecycle.deny(_("Only the office can record how the results were spread."))
    provrum = lifecycle.lock(provrum)
    lifecycle.refuse(_stage_refusal(provrum))
    if not by.has_perm("provrum.disseminate", provrum):
        lifecycle.deny(_("Only the office can record how the results were spread."))
    unknown = sorted(str(channel) for channel in lines if channel not in Channel.values)
    if unknown:
        raise ValidationError(
            {"channels": _("Unknown channel: %(channels)s.") % {"channels": ", ".join(unknown)}}
        )
    today = timezone.localdate()
    cleaned_lines = {}
    errors = {}
    for channel in Channel.values:
        if channel in lines:
            cleaned, line_errors = _clean_line(channel, lines[channel] or {}, today)
            cleaned_lines[channel] = cleaned
            errors.update(line_errors)
    if errors:
        raise ValidationError(errors)
    saved = {line.channel: line for line in Dissemination.objects.filter(provrum=provrum)}
    changed = False
    for channel, values in cleaned_lines.items():
        line = saved.get(channel)
        if line is None:
            if not any(values.values()):
                continue
            Dissemination.objects.create(provrum=provrum, channel=channel, updated_by=by, **values)
            changed = True
        elif any(getattr(line, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(line, name, value)
            line.updated_by = by
            line.save()
            changed = True
    lines_now = dissemination_list(provrum)
    if changed:
        done = [line.get_channel_display() for line in lines_now if line.date is not None]
        lifecycle.record(provrum, Event.Action.DISSEMINATED, by=by, note=", ".join(map(str, done)))
    return lines_now


# Closing -----------------------------------------------------------------------


def _invite(provrum: Provrum) -> int:
    """Ask the participants' representatives the survey; returns how many were asked."""
    recipients = survey_recipients(provrum)
    # ignore_conflicts: one invitation per person and provrum, whatever runs twice.
    SurveyInvitation.objects.bulk_create(
        [
            SurveyInvitation(provrum=provrum, person_id=person_id, organisation_id=organisation_id)
            for person_id, organisation_id in recipients.items()
        ],
        ignore_conflicts=True,
    )
    return len(recipients)


@transaction.atomic
def provrum_close(*, provrum: Provrum, by, note: str = "", acknowledged=()) -> Provrum:
    """The office closes a reported provrum whose results have been spread.

    Refused to anyone but the office (403); for a provrum that is not reported
    (``illegal_transition``) or whose report is not approved
    (``report_not_approved``); while no channel has a date
    (``no_channel_disseminated``); and while a channel without a date is not in
    ``acknowledged`` (``dissemination_not_acknowledged``, with the
    ``not_disseminated_<channel>`` warnings among the reasons so a client sees
    which to acknowledge). On success the state becomes closed, ``CLOSED`` is
    recorded (the participants are notified, and the notification leads to
    the survey) and every participant's active representative is asked the
    survey. Closing a closed provrum changes nothing.
    """
    if not is_office(by):
        lifecycle.deny(_("Only the office can close a provrum."))
    provrum = lifecycle.lock(provrum)
    if provrum.state == State.CLOSED:
        return provrum
    lifecycle.check_transition(provrum, State.CLOSED)
    if not report_is_approved(provrum):
        raise RuleViolation([rules.Reason("report_not_approved", rules.ERROR)])
    if not by.has_perm("provrum.close", provrum):
        lifecycle.deny(_("Only the office can close a provrum."))
    note = (note or "").strip()
    if len(note) > CLOSE_NOTE_LIMIT:
        raise ValidationError(
            {
                "note": _("The note may be at most %(limit)s characters (now %(count)s).")
                % {"limit": CLOSE_NOTE_LIMIT, "count": len(note)}
            }
        )
    reasons = rules.check_close(
        done_channels=done_channels(provrum),
        all_channels=Channel.values,
        acknowledged=set(acknowledged or ()),
    )
    if any(reason.is_error for reason in reasons):
        # The warnings go along, so the API's answer names the codes to acknowledge.
        raise RuleViolation(sorted(reasons, key=lambda reason: not reason.is_error))
    old = lifecycle.transition(provrum, State.CLOSED)
    lifecycle.save(provrum, reason="closed")
    lifecycle.record(
        provrum, Event.Action.CLOSED, by=by, from_state=old, to_state=State.CLOSED, note=note
    )
    _invite(provrum)
    return provrum


# The participants' survey ------------------------------------------------------


def _clean_answer(usefulness, take_part_again, format_change) -> dict:
    errors = {}
    value = None
    if isinstance(usefulness, str) and usefulness.strip().isdigit():
        usefulness = int(usefulness.strip())
    if isinstance(usefulness, int) and not isinstance(usefulness, bool):
        value = usefulness
    if value not in USEFULNESS_SCALE:
        errors["usefulness"] = _("Choose how useful it was, from 1 to 5.")
    again = (take_part_again or "").strip() if isinstance(take_part_again, str) else ""
    if again not in SurveyResponse.Again.values:
        errors["take_part_again"] = _("Choose yes, maybe or no.")
    text = (format_change or "").strip() if isinstance(format_change, str) else ""
    if len(text) > FORMAT_CHANGE_LIMIT:
        errors["format_change"] = _(
            "The answer may be at most %(limit)s characters (now %(count)s)."
        ) % {"limit": FORMAT_CHANGE_LIMIT, "count": len(text)}
    if errors:
        raise ValidationError(errors)
    return {"usefulness": value, "take_part_again": again, "format_change": text}


@transaction.atomic
def survey_answer(
    *, provrum: Provrum, by, usefulness, take_part_again, format_change: str = ""
) -> SurveyInvitation:
    """A participant answers the survey they were asked when the provrum closed.

    Once only: the answer is saved and the invitation marked answered in one
    transaction, under a lock on the invitation, so a double submit or a
    second tab finds it answered and is refused with
    ``survey_already_answered`` (409) without a second answer. The answer
    keeps the provrum and the organisation, never the person, and no
    ``Event`` is recorded (an event names its actor). Refused (403) to anyone
    not asked; ``ValidationError`` for a missing or unknown answer.
    """
    if not (by and by.is_authenticated and by.is_active):
        raise PermissionDenied(_("Sign in to answer the survey."))
    invitation = (
        SurveyInvitation.objects.select_for_update().filter(provrum=provrum, person=by).first()
    )
    if invitation is None:
        lifecycle.deny(
            _("Only the representatives of the organisations that took part are asked this survey.")
        )
    if invitation.answered_at is not None:
        raise RuleViolation([rules.Reason("survey_already_answered", rules.ERROR)])
    cleaned = _clean_answer(usefulness, take_part_again, format_change)
    response = SurveyResponse.objects.create(
        provrum_id=invitation.provrum_id, organisation_id=invitation.organisation_id, **cleaned
    )
    # No exact time that could join the answer to the invitation (and so to the person):
    # the answer is dated the day the participants were asked, the same for all of them,
    # and the invitation keeps only the day it was answered.
    SurveyResponse.objects.filter(pk=response.pk).update(
        created_at=_day_start(timezone.localdate(invitation.created_at))
    )
    invitation.answered_at = _day_start(timezone.localdate())
    invitation.save(update_fields=["answered_at"])
    return invitation


def _day_start(day: date) -> datetime:
    return timezone.make_aware(
        datetime(day.year, day.month, day.day), timezone.get_current_timezone()
    )
