from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from reglab.notifications.emails import notification_digest_send


class Command(BaseCommand):
    help = (
        "Sends the daily summary e-mail to everyone who chose one instead of an e-mail per "
        "notification: the notifications of the last day not yet e-mailed, marked as sent. "
        "Cron (or a similar scheduler) runs it once a day, for example at 07:00; running it "
        "twice sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="How far back to look for notifications (default 24 hours).",
        )

    def handle(self, *args, hours, **options):
        if hours < 1:
            raise CommandError("--hours must be at least 1.")
        sent = notification_digest_send(window=timedelta(hours=hours))
        self.stdout.write(f"Sent {sent} summary e-mail(s).")
