"""What happens in meetings, for other apps to subscribe to (notifications does).

Sent after the commit, so a receiver never sees a change that was rolled back.
"""

from django.dispatch import Signal

# A waitlisted registration got a seat. Arguments: registration.
registration_promoted = Signal()

# A meeting was created. Arguments: meeting.
meeting_published = Signal()

# A meeting's time or place changed. Arguments: meeting, changes (a list of field
# names), person_ids (the people with an account registered or waiting).
meeting_changed = Signal()
