"""What meetings does when a person's account changes (connected in MeetingsConfig.ready).

A deactivated person on a waiting list is passed over. When their account is active
again, a seat left free meanwhile would stay free until the next cancellation, so the
queues they wait in move up at once (``waitlists_fill_for_person``). However the account
is reactivated (the admin, a service, a script), it is saved, so this listens to the
save rather than to one page.

Only a change counts, and finding it costs no query: the value of ``is_active`` read
from the database is kept on the instance when it is made (``post_init``), and a save
that does not write ``is_active`` (``last_login`` at every sign-in) returns at once.
``QuerySet.update(is_active=True)`` sends no signal and is not seen.
"""

from reglab.meetings.services.registration import waitlists_fill_for_person

WAS_ACTIVE = "_meetings_was_active"


def remember_active(sender, instance, **kwargs):
    """Keep the loaded ``is_active``; ``None`` when the field was deferred (unknown)."""
    setattr(instance, WAS_ACTIVE, instance.__dict__.get("is_active"))


def person_saved(sender, instance, created, update_fields, raw=False, **kwargs):
    """Move the queues up for a person whose account was just reactivated."""
    if raw or (update_fields is not None and "is_active" not in update_fields):
        return
    was_active = getattr(instance, WAS_ACTIVE, None)
    setattr(instance, WAS_ACTIVE, instance.is_active)
    if created or not instance.is_active or was_active is True:
        return
    # Django sends post_save after the save's own statement, outside any transaction of
    # its own: within the caller's (the admin's change page has one), the seats are given
    # with the reactivation or not at all; after a bare save() the reactivation is already
    # committed and the queues move up in a transaction of their own.
    waitlists_fill_for_person(person=instance)
