"""E-mail a reminder to everyone with a seat at tomorrow's meetings (run once a day).

Running it twice the same day sends nothing new: each registration is reminded once.
"""

from django.core.management.base import BaseCommand

from reglab.meetings.services.reminders import registrations_remind


class Command(BaseCommand):
    help = "Sends the reminder the day before a meeting to those registered."

    def handle(self, *args, **options):
        sent = registrations_remind()
        if options["verbosity"]:
            self.stdout.write(f"Påminnelser skickade: {sent}.")
