"""What a person does next about each kind of notification, for its e-mail.

Each kind has a sentence saying what to do and the words of the button that
leads there (``selectors.notification_target_path``), in the recipient's
language. Those told are as ``services`` chooses them: the office for what waits
for its decision, the group for what the office decided.
"""

from django.utils.translation import gettext_lazy as _

from reglab.notifications.models import Kind

NEXT_STEPS = {
    Kind.PUBLISHED: (
        _("Read the proposal and comment on it, or register your organisation's interest."),
        _("Read the proposal"),
    ),
    Kind.INTEREST_REGISTERED: (
        _("See who takes part. When the group is complete, the leader is chosen."),
        _("See the group"),
    ),
    Kind.COMMENTED: (_("Read the comment and answer in the discussion."), _("Read the discussion")),
    Kind.BECAME_READY: (
        _("Decide on the proposal: give it the go-ahead or decline it."),
        _("Decide on the proposal"),
    ),
    Kind.GO_AHEAD: (
        _("The leader now writes the project plan on Reglab's template and submits it."),
        _("Go to the provrum"),
    ),
    Kind.DECLINED: (_("Read the office's comment on the provrum's page."), _("Go to the provrum")),
    Kind.LAPSED: (_("Read the office's comment on the provrum's page."), _("Go to the provrum")),
    Kind.PLAN_SUBMITTED: (
        _("Review the project plan: approve it, or return it with a comment."),
        _("Review the project plan"),
    ),
    Kind.PLAN_APPROVED: (
        _(
            "The provrum is running. Add the group's meetings under Running: the plan's "
            "meetings are offered there."
        ),
        _("Read the project plan"),
    ),
    Kind.PLAN_RETURNED: (
        _("Read the office's comments, change the plan and submit it again."),
        _("Change the project plan"),
    ),
    Kind.MEETING_ADDED: (
        _("See the meeting's time and place. It is also in your subscribed calendar."),
        _("See the meetings"),
    ),
    Kind.STATUS_UPDATED: (_("Read how the work is going."), _("Read the status update")),
    Kind.REPORTED: (
        _("Review the final report: approve and publish it, or return it with a comment."),
        _("Review the final report"),
    ),
    Kind.REPORT_APPROVED: (
        _("The results are published. Spread them in your organisation."),
        _("Read the final report"),
    ),
    Kind.REPORT_RETURNED: (
        _("Read the office's comments, change the report and submit it again."),
        _("Change the final report"),
    ),
    Kind.CLOSED: (_("Answer the survey: it takes two minutes."), _("Answer the survey")),
    Kind.MEETING_PLACE: (
        _("You have a place. See the time and place on the meeting's page."),
        _("See the meeting"),
    ),
    Kind.MEETING_PUBLISHED: (
        _("Read the programme and register if you want to take part."),
        _("See the meeting"),
    ),
    Kind.MEETING_CHANGED: (
        _("Check the new time or place on the meeting's page."),
        _("See the meeting"),
    ),
    Kind.SURVEY_REMINDER: (_("Answer the survey for your organisation."), _("Answer the survey")),
}


def next_step(kind: str) -> tuple[str, str]:
    """(what to do next, the words of the link) for a kind of notification."""
    text, action = NEXT_STEPS.get(kind, ("", _("Read more")))
    return str(text), str(action)
