"""Delete sign-in logs and history rows older than their retention period (run daily)."""

from django.core.management.base import BaseCommand

from reglab.privacy.retention import apply_retention, history_days, sign_in_days


class Command(BaseCommand):
    help = "Delete sign-in logs and history rows older than their retention period."

    def handle(self, *args, **options):
        counts = apply_retention()
        total = sum(counts.values())
        self.stdout.write(
            f"Retention: {total} rows deleted (sign-in logs > {sign_in_days()} days, "
            f"history > {history_days()} days)."
        )
        for label, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
