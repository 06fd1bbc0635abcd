"""The words of a notification, rendered from its event in the active language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.notifications.models import Kind

TEXTS = {
    Kind.PUBLISHED: gettext_lazy("%(who)s published a new proposal: “%(provrum)s”"),
    Kind.INTEREST_REGISTERED: gettext_lazy("%(who)s registered interest in “%(provrum)s”"),
    Kind.COMMENTED: gettext_lazy("%(who)s commented on “%(provrum)s”"),
    Kind.BECAME_READY: gettext_lazy("“%(provrum)s” is ready for the office's decision"),
    Kind.GO_AHEAD: gettext_lazy("The office gave the go-ahead to “%(provrum)s”"),
    Kind.DECLINED: gettext_lazy("The office declined “%(provrum)s”"),
    Kind.LAPSED: gettext_lazy("The office marked “%(provrum)s” as lapsed"),
    Kind.PLAN_SUBMITTED: gettext_lazy("%(who)s submitted the project plan for “%(provrum)s”"),
    Kind.PLAN_APPROVED: gettext_lazy(
        "The office approved the project plan for “%(provrum)s”: the provrum is running"
    ),
    Kind.PLAN_RETURNED: gettext_lazy(
        "The office returned the project plan for “%(provrum)s” with comments"
    ),
    Kind.MEETING_ADDED: gettext_lazy("%(who)s added a meeting in “%(provrum)s”"),
    Kind.STATUS_UPDATED: gettext_lazy("%(who)s posted a status update in “%(provrum)s”"),
    Kind.REPORTED: gettext_lazy("%(who)s submitted the final report for “%(provrum)s”"),
    Kind.REPORT_APPROVED: gettext_lazy(
        "The office approved the final report for “%(provrum)s”: the results are published"
    ),
    Kind.REPORT_RETURNED: gettext_lazy(
        "The office returned the final report for “%(provrum)s” with comments"
    ),
    Kind.CLOSED: gettext_lazy(
        "“%(provrum)s” is closed. Tell us what you thought: the survey takes two minutes"
    ),
}

MEETING_TEXTS = {
    Kind.MEETING_PLACE: gettext_lazy(
        "A place became free at “%(meeting)s” and it is yours: you are registered"
    ),
    Kind.MEETING_PUBLISHED: gettext_lazy("New meeting in your network: “%(meeting)s”"),
    Kind.MEETING_CHANGED: gettext_lazy(
        "The time or place of “%(meeting)s” has changed: see the e-mail or the meeting's page"
    ),
}


def _who(event) -> str:
    """The person behind the event, with their organisation when the event names one."""
    if event is None:
        return _("Someone")
    person = str(event.actor) if event.actor_id else ""
    organisation = event.organisation.name if event.organisation_id else ""
    if person and organisation:
        return _("%(person)s (%(organisation)s)") % {
            "person": person,
            "organisation": organisation,
        }
    return person or organisation or _("Someone")


def notification_text(notification) -> str:
    """One line saying what happened, e.g. "Anna (Region Skåne) commented on …".

    Expects ``provrum``, ``meeting``, ``event__actor`` and ``event__organisation`` to be
    loaded with the notification (``select_related``), so a list costs no
    query per row.
    """
    if notification.kind == Kind.SURVEY_REMINDER:
        return _("Reminder: your organisation has not yet answered “%(survey)s”") % {
            "survey": notification.survey.title
        }
    if notification.kind in MEETING_TEXTS:
        return MEETING_TEXTS[notification.kind] % {"meeting": notification.meeting.title}
    template = TEXTS.get(notification.kind)
    if template is None:
        return notification.get_kind_display()
    return template % {"who": _who(notification.event), "provrum": notification.provrum.title}
