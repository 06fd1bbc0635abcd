"""The surveys' writes, as public atomic functions (``survey``, ``answer``, ``reminders``)."""
