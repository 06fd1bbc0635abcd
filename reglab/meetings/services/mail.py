"""E-mail to the people who register, sent through Django's mail backend after the commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from reglab.core.text import single_line


def registration_link(registration) -> str:
    """The address of a registration's own page (a guest confirms or cancels there)."""
    return settings.SITE_URL + reverse(
        "meetings:registration", kwargs={"token": registration.token}
    )


def mail_after_commit(*, template: str, registration, subject: str) -> None:
    """Queue one e-mail to the registration's address, sent only if the transaction commits.

    Nothing for a registration of a deactivated (or erased) person: the registration
    stays as the meeting's record, but its address is no longer written to.
    """
    if registration.person_id is not None and not registration.person.is_active:
        return
    meeting = registration.meeting
    context = {
        "registration": registration,
        "meeting": meeting,
        "link": registration_link(registration),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "changes": getattr(registration, "changes", ()),
    }
    body = render_to_string(f"meetings/email/{template}.txt", context)
    address = registration.email
    # A title is one line when saved, but a subject must never carry a line break
    # (it would end the header): rows from the admin or from before are made safe here.
    subject = single_line(subject)

    def send():
        send_mail(subject, body, None, [address], fail_silently=True)

    transaction.on_commit(send)
