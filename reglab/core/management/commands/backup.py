"""`manage.py backup`: the database and the documents in one dated archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reglab.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen och dokumenten till ett daterat arkiv (sökvägen skrivs sist)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=None,
            help="Mappen arkivet skrivs till (annars BACKUP_DIR, annars backups/).",
        )

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.BACKUP_DIR)
        try:
            archive = create_backup(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = archive.stat().st_size
        self.stderr.write(f"Säkerhetskopian är klar ({size / 1024 / 1024:.1f} MB).")
        # Last line: the path, so scripts can take it with `tail -n 1`.
        self.stdout.write(str(archive.resolve()))
