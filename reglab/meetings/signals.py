"""What happens in meetings, for other apps to subscribe to (notifications does).

Sent after the commit, so a receiver never sees a change that was rolled back.
"""

from django.dispatch import Signal

# A waitlisted registration got a seat. Arguments: registration.
registration_promoted = Signal()
