"""Load Reglab's members and partners, the demo accounts, the demo provrum and meetings.

Idempotent: running it twice changes nothing. Demo passwords are set only in
demo mode (DEMO_MODE=1); otherwise the accounts can sign in only by e-mail code.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from reglab.accounts.models import Affiliation, AffiliationStatus, User
from reglab.demo.datafiles import load
from reglab.demo.live import seed_demo_live
from reglab.demo.meetings import seed_demo_meetings
from reglab.demo.provrum import seed_demo_provrum
from reglab.demo.surveys import seed_demo_surveys
from reglab.organisations.models import Organisation
from reglab.organisations.services import organisation_load_reference_data

OFFICE_EMAIL = "kansli@reglab.example"
DEMO_DOMAIN = "reglab.example"


def demo_email(organisation: Organisation) -> str:
    return f"{organisation.slug}@{DEMO_DOMAIN}"


class Command(BaseCommand):
    help = (
        "Loads Reglab's members and partners, the office account, one representative each "
        "and demo provrum in every state."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="Demo password for all accounts (only used when DEMO_MODE is on).",
        )

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        counts = organisation_load_reference_data()
        # Hash once: the demo accounts share one password, and hashing is slow on purpose.
        password_hash = make_password(password) if (settings.DEMO_MODE and password) else None
        changed = counts["changed"]

        office, created = self._ensure_user(
            OFFICE_EMAIL, "Kansliet Reglab", password_hash, is_office=True, is_staff=True
        )
        changed += created
        # Fictitious people for the demo representatives, their names chosen in turn.
        first_names, last_names = load("people")["first_names"], load("people")["last_names"]
        for index, organisation in enumerate(Organisation.objects.order_by("name")):
            name = f"{first_names[index % len(first_names)]} {last_names[index % len(last_names)]}"
            person, created = self._ensure_user(demo_email(organisation), name, password_hash)
            changed += created
            # An open request or a confirmed affiliation is left as it is (the unique
            # constraint allows only one open affiliation per person and organisation).
            has_open = Affiliation.objects.filter(
                person=person,
                organisation=organisation,
                status__in=[AffiliationStatus.REQUESTED, AffiliationStatus.CONFIRMED],
            ).exists()
            if not has_open:
                Affiliation.objects.create(
                    person=person,
                    organisation=organisation,
                    status=AffiliationStatus.CONFIRMED,
                    decided_by=office,
                    decided_at=timezone.now(),
                    role_description="Kontaktperson",
                )
                changed += 1

        members = Organisation.objects.members().count()
        partners = Organisation.objects.partners().count()
        self.stdout.write(
            f"Organisationer: {members} medlemmar, {partners} partner. Ändrade poster: {changed}."
        )
        demo = seed_demo_provrum(office=office, email_for=demo_email)
        self.stdout.write(demo.summary_line())
        meetings = seed_demo_meetings(office=office, email_for=demo_email)
        self.stdout.write(meetings.summary_line())
        self.stdout.write(seed_demo_live(office=office).summary_line())
        self.stdout.write(seed_demo_surveys(office=office).summary_line())

    def _ensure_user(self, email, name, password_hash, **flags):
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        user = User(email=email, name=name, **flags)
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        user.save()
        # allauth keeps its own record of addresses; mark demo addresses verified.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user, True
