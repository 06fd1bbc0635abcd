"""`manage.py create_office_account EMAIL`: the first office account of a new installation.

Without demo mode nobody can sign up as the office: the office role is given by
another office account in the admin, so the first one is made here, by the
person who runs the server. The account gets no password. Its owner signs in
with a one-time code sent to the address (which proves it) and is then asked to
set up a second factor (TOTP) before acting as the office.
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from reglab.accounts.models import User


class Command(BaseCommand):
    help = "Skapar ett konto för kansliet (eller gör ett befintligt konto till kansliet)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Personens e-postadress.")
        parser.add_argument("--name", default="", help="Personens namn.")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Ge också alla rättigheter i /admin/ (för den som sköter plattformen).",
        )

    @transaction.atomic
    def handle(self, *args, email, name, superuser, **options):
        email = User.objects.normalize_email(email.strip()).lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Ogiltig e-postadress: {email}") from error
        user, created = User.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            user.set_unusable_password()
        if name and not user.name:
            user.name = name
        user.is_office = True
        user.is_staff = True
        user.is_active = True
        if superuser:
            user.is_superuser = True
        user.save()
        # The operator vouches for the address; the first code sign-in proves it again.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        verb = "Skapade" if created else "Uppdaterade"
        self.stdout.write(
            f"{verb} kansliets konto {email}. Logga in på /accounts/login/ med "
            "”Skicka en inloggningskod” och ställ in tvåstegsverifiering (TOTP) "
            "när sidan ber om det."
        )
