"""Sign-in e-mail (codes, confirmation links, resets), sent as a Django task.

Sending inside the sign-in request would make an SMTP outage an error page
for the person signing in. The request renders the message and queues it; the
task sends it (at once with the immediate backend, or in ``db_worker``) and logs
a failure instead of raising it, so the person gets the same answer either way.
"""

import logging

from django.core.mail import EmailMultiAlternatives
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_account_mail(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html_body: str = "",
    headers: dict[str, str] | None = None,
) -> bool:
    """Send one rendered message; return whether it went out.

    The message holds a code or a link that expires soon, so a failed send is
    not retried: the person asks for a new one.
    """
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except Exception:
        # The recipient is not logged: an address is personal data.
        logger.exception("Could not send the account e-mail %r.", subject)
        return False
    return True
