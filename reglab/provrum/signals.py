"""What happens in provrum, for other apps to subscribe to (notifications does).

provrum knows nothing of its subscribers: ``lifecycle.record`` writes the
``Event`` and, after the commit, sends ``event_recorded``, so a receiver never
sees a change that was rolled back. The notifications app connects to it in
its ``ready()``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# An Event was recorded and its transaction committed. Arguments: event_id, email
# (False for an event recorded inside ``email_quiet()``).
event_recorded = Signal()

_quiet = ContextVar("provrum_email_quiet", default=False)


@contextmanager
def email_quiet():
    """Within this block, recorded events ask for no e-mail (they still notify in-app).

    For bulk work such as ``seed_demo``: loading the demo must not send a
    hundred e-mails. The flag is read when the event is recorded, because the
    notification itself is created only after the commit.
    """
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def email_is_quiet() -> bool:
    """True inside ``email_quiet()``."""
    return _quiet.get()
