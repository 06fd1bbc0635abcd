"""Release guests' meeting places not confirmed in time, and move the waiting lists up.

Registering or confirming releases a meeting's expired places as it goes; run
this every hour (cron, or the task worker's schedule) so a queue moves even
when nobody registers.
"""

from django.core.management.base import BaseCommand

from reglab.meetings.services.registration import registrations_release_all


class Command(BaseCommand):
    help = "Releases guests' meeting places that were not confirmed in time."

    def handle(self, *args, **options):
        released = registrations_release_all()
        if options["verbosity"]:
            self.stdout.write(f"Släppta obekräftade platser: {released}.")
