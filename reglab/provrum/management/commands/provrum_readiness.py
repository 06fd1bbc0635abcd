from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reglab.provrum.readiness import readiness_drift, readiness_refresh


class Command(BaseCommand):
    help = (
        "Compares each provrum's stored readiness with the format rules' answer and "
        "stores the answer where they differ. With --check, only reports the drift and "
        "fails when there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report the drift, change nothing."
        )

    def handle(self, *args, check, **options):
        if check:
            drift = readiness_drift()
        else:
            with transaction.atomic():
                drift = readiness_refresh()
        for pk, stored, computed in drift:
            self.stdout.write(
                f"Provrum {pk}: lagrat som {'redo' if stored else 'inte redo'}, "
                f"enligt reglerna {'redo' if computed else 'inte redo'}."
            )
        if check and drift:
            raise CommandError(
                f"{len(drift)} provrum har en lagrad redo-status som avviker från reglerna."
            )
        verb = "hittades" if check else "rättades"
        self.stdout.write(f"{len(drift)} avvikelser {verb}.")
