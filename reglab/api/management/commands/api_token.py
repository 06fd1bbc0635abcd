from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reglab.accounts.models import User
from reglab.api.services import api_token_create


class Command(BaseCommand):
    help = "Prints a new personal API token for the person with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="A name that helps the person recognise it.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="The token stops working after this many days (1–3650); without it, never.",
        )

    def handle(self, *args, email, name, days, **options):
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days ska vara mellan 1 och 3650.")
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Ingen person med e-postadressen {email} finns.")
        if not person.is_active:
            raise CommandError(f"Kontot {email} är inaktiverat.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        _, raw = api_token_create(person=person, name=name or "Kommandorad", expires_at=expires_at)
        self.stdout.write(raw)
