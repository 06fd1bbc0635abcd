from django.core.management.base import BaseCommand, CommandError

from reglab.accounts.models import User
from reglab.api.services import api_token_create


class Command(BaseCommand):
    help = "Prints a new personal API token for the person with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="A name that helps the person recognise it.")

    def handle(self, *args, email, name, **options):
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Ingen person med e-postadressen {email} finns.")
        if not person.is_active:
            raise CommandError(f"Kontot {email} är inaktiverat.")
        _, raw = api_token_create(person=person, name=name or "Kommandorad")
        self.stdout.write(raw)
