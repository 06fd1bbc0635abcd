"""Background work for notifications, run as Django tasks.

With the default ImmediateBackend a task runs at once in the same process;
with ``TASKS_BACKEND=database`` a ``manage.py db_worker`` process runs it, so
sending e-mail never slows a request. The tasks call ``emails``;
``services.notify_event`` queues them (the one direction: nothing here imports
``services``).
"""

from django.tasks import task

from reglab.notifications import emails


@task()
def send_event_emails(event_id: int) -> int:
    """E-mail one event's notifications to those who want an e-mail at once."""
    return emails.notification_emails_send(event_id=event_id)


@task()
def send_notification_digest() -> int:
    """Send the daily summaries (the same work as the ``send_notification_digest`` command)."""
    return emails.notification_digest_send()
