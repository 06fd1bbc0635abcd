"""Organisations, people with their affiliations, and the two accounts the benchmark signs in
with."""

from datetime import timedelta

from bench.builder.common import MEMBER_EMAIL, OFFICE_EMAIL, bulk, moment_between
from bench.builder.texts import CITIES, FIRST_NAMES, LAST_NAMES


class People:
    # Organisations and people ---------------------------------------------------

    def organisations(self):
        import json
        from pathlib import Path

        from django.conf import settings
        from django.utils.text import slugify

        from reglab.core.text import search_key
        from reglab.organisations.models import Kind, Membership, Organisation

        listing = json.loads(
            (
                Path(settings.BASE_DIR) / "reglab" / "organisations" / "data" / "reglab_2018.json"
            ).read_text()
        )
        total = self.sizes["organisations"]
        rows = []
        for membership, entries in (
            (Membership.MEMBER, listing["members"]),
            (Membership.PARTNER, listing["partners"]),
        ):
            for entry in entries:
                rows.append(
                    Organisation(
                        name=entry["name"],
                        short_name=entry.get("short_name", ""),
                        slug=entry["slug"],
                        kind=entry["kind"],
                        membership=membership,
                        is_region=bool(entry.get("is_region")),
                        county_code=entry.get("county_code") or "",
                        website=entry.get("website", ""),
                    )
                )
        made_up = [
            (Membership.MEMBER, Kind.LOCAL_AUTHORITIES_ASSOCIATION, "Kommunförbundet {c} {n}"),
            (Membership.MEMBER, Kind.NATIONAL_AGENCY, "Utvecklingsmyndigheten {c} {n}"),
            (Membership.PARTNER, Kind.UNIVERSITY, "Högskolan i {c}, centrum {n}"),
            (Membership.PARTNER, Kind.CONSULTANCY, "Analysbyrån {c} {n} AB"),
            (Membership.NONE, Kind.NETWORK, "Nätverket {c} {n}"),
            (Membership.NONE, Kind.OTHER, "Föreningen {c} {n}"),
            (Membership.NONE, Kind.CONSULTANCY, "Konsultgruppen {c} {n}"),
        ]
        number = 0
        while len(rows) < total:
            number += 1
            membership, kind, pattern = made_up[number % len(made_up)]
            name = pattern.format(c=CITIES[number % len(CITIES)], n=number)
            rows.append(
                Organisation(
                    name=name,
                    slug=slugify(name)[:80],
                    kind=kind,
                    membership=membership,
                    website=f"https://org{number}.example.se",
                )
            )
        rows = rows[: max(total, 44)]
        for row in rows:
            row.search_text = search_key(" ".join([row.name, row.short_name, row.slug]))
        created = bulk(Organisation, rows)
        self.orgs = {org.pk: org for org in created}
        self.members = [o.pk for o in created if o.membership == Membership.MEMBER]
        self.partners = [o.pk for o in created if o.membership == Membership.PARTNER]
        self.regions = [o.pk for o in created if o.is_region]
        self.member_regions = [pk for pk in self.regions if pk in set(self.members)]
        self.non_region_participants = [
            pk for pk in self.members + self.partners if not self.orgs[pk].is_region
        ]
        # The member account represents Region Skåne; its page is the organisation page measured.
        self.home_org = next(o.pk for o in created if o.slug == "region-skane")
        self.result.organisation_slug = "region-skane"

    def people(self):
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from reglab.accounts.models import Affiliation, AffiliationStatus, User

        rng = self.rng
        count = self.sizes["people"]
        # Every member and partner has a representative; the rest are spread over them,
        # a little more to the regions, as in the network.
        represented = self.members + self.partners
        weights = [3 if self.orgs[pk].is_region else 1 for pk in represented]
        organisation_of = list(represented)
        while len(organisation_of) < count:
            organisation_of.append(rng.choices(represented, weights)[0])
        unusable = make_password(None)
        users = []
        for number, _org in enumerate(organisation_of[:count]):
            joined = moment_between(rng, self.first - timedelta(days=400), self.first)
            users.append(
                User(
                    email=f"person{number}@bench.reglab.invalid",
                    name=f"{FIRST_NAMES[number % 10]} {LAST_NAMES[(number // 10) % 8]} {number}",
                    title="Utvecklingsstrateg",
                    password=unusable,
                    date_joined=joined,
                )
            )
        users = bulk(User, users)
        self.reps: dict[int, list[int]] = {}
        affiliations, addresses = [], []
        for user, org in zip(users, organisation_of, strict=False):
            self.reps.setdefault(org, []).append(user.pk)
            requested = user.date_joined + timedelta(hours=1)
            affiliations.append(
                Affiliation(
                    person_id=user.pk,
                    organisation_id=org,
                    status=AffiliationStatus.CONFIRMED,
                    role_description="Utvecklingsstrateg",
                    requested_at=requested,
                    decided_at=requested + timedelta(days=1),
                )
            )
            addresses.append(
                EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
            )
        bulk(Affiliation, affiliations)
        bulk(EmailAddress, addresses)
        self.people_ids = [user.pk for user in users]

    def accounts(self):
        """The two accounts the benchmark signs in as, made the way the platform makes them."""
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.contrib.auth.hashers import make_password

        from reglab.accounts.models import Affiliation, AffiliationStatus, User
        from reglab.api.services import api_token_create

        # One slow hash for both accounts: the password is the same.
        hashed = make_password(self.result.password)
        office = User.objects.create_user(
            OFFICE_EMAIL, None, name="Bench Kansliet", is_office=True, is_staff=True
        )
        # The office must use a second factor (reglab.accounts.mfa): it has one.
        TOTP.activate(office, generate_totp_secret())
        member = User.objects.create_user(MEMBER_EMAIL, None, name="Bench Medlem")
        User.objects.filter(pk__in=[office.pk, member.pk]).update(password=hashed)
        Affiliation.objects.create(
            person=member,
            organisation_id=self.home_org,
            status=AffiliationStatus.CONFIRMED,
            requested_at=self.first,
            decided_at=self.first + timedelta(days=1),
            decided_by=office,
        )
        self.reps[self.home_org].append(member.pk)
        self.office_id, self.member_id = office.pk, member.pk
        _, self.result.office_token = api_token_create(person=office, name="bench")
        _, self.result.member_token = api_token_create(person=member, name="bench")
