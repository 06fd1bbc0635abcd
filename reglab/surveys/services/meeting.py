"""Attaching a survey's results to a meeting's programme item, and the big screen.

The host of the meeting (the office, the network's coordinators) attaches a
survey whose results they may read; they choose which attached survey the
meeting's big screen shows while no live question is open. Every screen of
the meeting is told after the commit, and fetches what it shows again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reglab.meetings.access import can_host_meeting
from reglab.surveys.models import ItemSurvey
from reglab.surveys.selectors import may_read_results
from reglab.surveys.signals import screen_changed


def _hosting(by, meeting):
    if not can_host_meeting(by, meeting):
        raise PermissionDenied(_("Only the meeting's hosts may do this."))


def survey_attach(*, by, item, survey) -> ItemSurvey:
    """Attach ``survey`` to the programme item; refused for a survey the host may not read."""
    meeting = item.meeting
    _hosting(by, meeting)
    if not may_read_results(by, survey):
        raise PermissionDenied(_("You may not read this survey's results."))
    if ItemSurvey.objects.filter(item=item, survey=survey).exists():
        raise ValidationError(_("The survey is already attached to this programme item."))
    try:
        with transaction.atomic():
            return ItemSurvey.objects.create(item=item, survey=survey, attached_by=by)
    except IntegrityError:
        raise ValidationError(_("The survey is already attached to this programme item.")) from None


@transaction.atomic
def survey_show_on_screen(*, by, link: ItemSurvey, shown: bool) -> None:
    """Show the attached survey on the meeting's big screen (instead of any other), or stop."""
    meeting = link.item.meeting
    _hosting(by, meeting)
    # One row lock per meeting's links: two hosts clicking at once leave one survey shown.
    links = ItemSurvey.objects.select_for_update().filter(item__meeting=meeting)
    list(links.values_list("pk", flat=True))
    links.exclude(pk=link.pk).update(on_screen=False)
    ItemSurvey.objects.filter(pk=link.pk).update(on_screen=shown)
    screen_changed.send(sender=ItemSurvey, meeting_id=meeting.pk)


@transaction.atomic
def survey_detach(*, by, link: ItemSurvey) -> None:
    meeting = link.item.meeting
    _hosting(by, meeting)
    was_shown = link.on_screen
    link.delete()
    if was_shown:
        screen_changed.send(sender=ItemSurvey, meeting_id=meeting.pk)
