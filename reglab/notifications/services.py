"""Notifications about provrum events (in-app and e-mail)."""


def notify_event(event_id: int) -> None:
    """Turn a provrum Event into notifications for the people concerned."""
