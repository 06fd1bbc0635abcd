"""`manage.py restore FILE`: an archive from `manage.py backup` into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reglab.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Återställer ett arkiv från `manage.py backup` till en tom databas och en tom "
        "dokumentmapp och kontrollerar varje tabell och fil mot arkivets manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arkivet (reglab-….tar.gz).")

    def handle(self, *args, **options):
        try:
            report = restore_backup(archive=Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Återställt och kontrollerat: {report.tables} tabeller, {report.rows} rader, "
            f"{report.files} filer – allt stämmer med arkivet."
        )
