"""Reminding the recipients who have not submitted: an e-mail to each confirmed
representative, and the ``reminder_sent`` signal for the platform's notifications
(``reglab.notifications`` subscribes; surveys do not import it)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _

from reglab.accounts.models import Affiliation
from reglab.core.text import single_line
from reglab.surveys.access import can_manage
from reglab.surveys.models import Survey, SurveyAnswer
from reglab.surveys.signals import reminder_sent


def not_answered(survey: Survey):
    """The recipients without a submitted answer."""
    submitted = SurveyAnswer.objects.filter(
        survey=survey, status=SurveyAnswer.Status.SUBMITTED
    ).values("organisation_id")
    return survey.recipients.exclude(pk__in=submitted).order_by("name")


def reminder_send(*, by, survey: Survey, url: str = "") -> int:
    """E-mail every confirmed representative of an organisation that has not answered;
    the number of people reminded.

    Raises ``PermissionDenied`` for someone who does not manage the survey, and
    ``ValidationError`` while it is not open: before it opens there is nothing to answer
    yet, and after it closes the answer can no longer be given.
    """
    if not can_manage(by, survey):
        raise PermissionDenied(_("You do not manage this survey."))
    if not survey.is_open():
        raise ValidationError(_("The survey is not open, so no reminder was sent."))
    organisations = list(not_answered(survey))
    people = {
        affiliation.person
        for affiliation in Affiliation.objects.confirmed()
        .of_active_person()
        .filter(organisation__in=organisations)
        .select_related("person")
        if affiliation.person.email
    }
    # A title saved before titles were made one line (or in the admin) must not end the
    # header: a line break in a subject is refused by the mail library (a 500).
    subject = single_line(_("Reminder: %(title)s") % {"title": survey.title})
    body = _(
        "Your organisation has not yet answered the survey “%(title)s”. "
        "It closes on %(date)s.\n\n%(url)s"
    ) % {"title": survey.title, "date": survey.closes_on, "url": url}
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in people],
        fail_silently=False,
    )
    reminder_sent.send(sender=Survey, survey=survey, people=sorted(people, key=lambda p: p.pk))
    return len(people)
